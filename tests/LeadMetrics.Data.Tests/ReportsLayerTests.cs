using LeadMetrics.Data;
using LeadMetrics.Data.Reports;
using NetArchTest.Rules;

namespace LeadMetrics.Data.Tests;

/// <summary>
/// LeadMetrics.Data.Reports (the CLI's report, moved into the ingest package for issue 20) sits above the ingest layer
/// (docs/architecture.md, layer table): it uses LeadMetrics.Data and the core; LeadMetrics.Data does not use it. Its
/// public surface is the report over partitions only; the rest is internal (for the CLI and the native library).
/// </summary>
public sealed class ReportsLayerTests
{
    [Fact]
    public void The_ingest_layer_does_not_use_the_report()
    {
        var result = Types.InAssembly(typeof(LeadDataSet).Assembly)
            .That().ResideInNamespaceMatching(@"^LeadMetrics\.Data$")
            .ShouldNot().HaveDependencyOnAny("LeadMetrics.Data.Reports")
            .GetResult();
        Assert.True(result.IsSuccessful, "LeadMetrics.Data types that use LeadMetrics.Data.Reports: " +
            string.Join("; ", result.FailingTypes?.Select(t => t.FullName) ?? []));
    }

    [Fact]
    public void The_reports_public_surface_is_the_report_over_partitions()
    {
        var exported = typeof(PartitionedReport).Assembly.GetExportedTypes()
            .Where(t => t.Namespace == "LeadMetrics.Data.Reports")
            .Select(t => t.Name)
            .Order(StringComparer.Ordinal);
        Assert.Equal(["PartitionedReport", "PartitionedReportOptions", "ReportSlice"], exported);
    }
}
