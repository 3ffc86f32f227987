namespace LeadMetrics.Tests.Scoring;

internal static class RepositoryFiles
{
    internal static string Root
    {
        get
        {
            var dir = new DirectoryInfo(AppContext.BaseDirectory);
            while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "LeadMetrics.sln")))
            {
                dir = dir.Parent;
            }

            return dir?.FullName ?? throw new InvalidOperationException("LeadMetrics.sln not found above " + AppContext.BaseDirectory);
        }
    }

    internal static string SampleModelPath => Path.Combine(Root, "samples", "LeadMetrics.Samples.Scoring", "icp-model.json");
}
