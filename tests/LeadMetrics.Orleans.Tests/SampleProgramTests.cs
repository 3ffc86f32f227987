using System.Diagnostics;

namespace LeadMetrics.Orleans.Tests;

/// <summary>The sample program runs over the bundled data and finds the merged report equal to one pass, and the merged CLI report equal to the CLI's JSON.</summary>
public sealed class SampleProgramTests
{
    [Fact]
    public async Task The_sample_runs_and_the_merged_report_equals_one_pass()
    {
        var work = Path.Combine(Path.GetTempPath(), "leadmetrics-orleans-sample-" + Guid.NewGuid().ToString("N"));
        var start = new ProcessStartInfo("dotnet")
        {
            ArgumentList = { Path.Combine(AppContext.BaseDirectory, "LeadMetrics.Samples.Orleans.dll"), "--partitions", "3", "--work", work, "--cli-report", "source" },
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        try
        {
            using var process = Process.Start(start)!;
            var output = process.StandardOutput.ReadToEndAsync();
            var errors = process.StandardError.ReadToEndAsync();
            using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(3));
            await process.WaitForExitAsync(timeout.Token);
            Assert.True(process.ExitCode == 0, await output + await errors);
            var text = await output;
            Assert.Contains("leads: 4,000", text, StringComparison.Ordinal);
            Assert.Contains("merged report = one pass (equal bytes)", text, StringComparison.Ordinal);
            Assert.Contains("merged money KPIs = one pass (equal reports)", text, StringComparison.Ordinal);
            Assert.Contains("merged CLI report = the CLI's report in one pass (equal bytes)", text, StringComparison.Ordinal);
        }
        finally
        {
            if (Directory.Exists(work))
            {
                Directory.Delete(work, recursive: true);
            }
        }
    }
}
