using LeadMetrics.Samples.Orleans;
using Microsoft.Extensions.Configuration;
using Orleans.TestingHost;

namespace LeadMetrics.Orleans.Tests;

/// <summary>
/// A real Orleans cluster of three silos in this process (TestingHost), with the sample's file grain storage in a
/// directory all silos share, and the sample data (samples/data, 4,000 leads) split by lead id hash into parts.
/// </summary>
public sealed class ClusterFixture : IAsyncLifetime
{
    public const int Partitions = 9;

    private readonly string _work = Path.Combine(Path.GetTempPath(), "leadmetrics-orleans-tests-" + Guid.NewGuid().ToString("N"));

    public TestCluster Cluster { get; private set; } = null!;

    public Slice[] Slices { get; private set; } = [];

    public static string SampleData(string file)
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            var candidate = Path.Combine(dir.FullName, "samples", "data", file);
            if (File.Exists(Path.Combine(dir.FullName, "LeadMetrics.sln")) && File.Exists(candidate))
            {
                return candidate;
            }
        }

        throw new FileNotFoundException("samples/data not found above " + AppContext.BaseDirectory, file);
    }

    public async Task InitializeAsync()
    {
        Slices = DataParts.Split(SampleData("leads.csv"), SampleData("stages.csv"), Partitions, Path.Combine(_work, "parts"), SampleData("revenue.csv"), SampleData("costs.csv"), SampleData("touchpoints.csv"));
        var builder = new TestClusterBuilder(3);
        builder.Properties[StorageConfigurator.DirectoryKey] = Path.Combine(_work, "grain-state");
        builder.AddSiloBuilderConfigurator<StorageConfigurator>();
        Cluster = builder.Build();
        await Cluster.DeployAsync();
    }

    public async Task DisposeAsync()
    {
        await Cluster.StopAllSilosAsync();
        await Cluster.DisposeAsync();
        Directory.Delete(_work, recursive: true);
    }

    private sealed class StorageConfigurator : ISiloConfigurator
    {
        public const string DirectoryKey = "LeadMetricsStorageDirectory";

        public void Configure(ISiloBuilder siloBuilder) =>
            FileGrainStorage.Register(siloBuilder.Services, siloBuilder.Configuration[DirectoryKey] ?? throw new InvalidOperationException(DirectoryKey + " is not set."));
    }
}
