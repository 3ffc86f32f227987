using System.Diagnostics;
using System.Text;
using System.Text.Json;

namespace LeadMetrics.Cli.Tests;

/// <summary>Runs the CLI in process and finds the repository's files.</summary>
internal static class Cli
{
    public static (int Exit, string Out, string Err) Run(params string[] args)
    {
        var stdout = new StringWriter();
        var stderr = new StringWriter();
        var exit = CliApp.Run(args, stdout, stderr);
        return (exit, stdout.ToString(), stderr.ToString());
    }

    /// <summary>Runs report with --format json and returns the parsed document (asserting exit code 0).</summary>
    public static JsonDocument Json(params string[] args)
    {
        var (exit, output, error) = Run(["report", .. args, "--format", "json"]);
        Assert.True(exit == 0, $"exit {exit}: {error}");
        return JsonDocument.Parse(output);
    }
}

internal static class Repo
{
    public static string Root { get; } = FindRoot();

    public static string Path(params string[] parts) => System.IO.Path.Combine([Root, .. parts]);

    public static string TestData(params string[] parts) => System.IO.Path.Combine([Root, "tests", "LeadMetrics.Cli.Tests", "data", .. parts]);

    private static string FindRoot()
    {
        var dir = new DirectoryInfo(AppContext.BaseDirectory);
        while (dir is not null && !File.Exists(System.IO.Path.Combine(dir.FullName, "LeadMetrics.sln")))
        {
            dir = dir.Parent;
        }

        return dir?.FullName ?? throw new InvalidOperationException("LeadMetrics.sln not found above " + AppContext.BaseDirectory);
    }
}

/// <summary>A temporary folder deleted at dispose.</summary>
internal sealed class TempDir : IDisposable
{
    public TempDir() => Directory.CreateDirectory(Path);

    public string Path { get; } = System.IO.Path.Combine(System.IO.Path.GetTempPath(), "leadmetrics-cli-tests-" + Guid.NewGuid().ToString("N")[..12]);

    public string File(string name) => System.IO.Path.Combine(Path, name);

    public string Write(string name, string content, System.Text.Encoding? encoding = null)
    {
        var path = File(name);
        System.IO.File.WriteAllText(path, content, encoding ?? new UTF8Encoding(false));
        return path;
    }

    public void Dispose()
    {
        try
        {
            Directory.Delete(Path, recursive: true);
        }
        catch (IOException)
        {
        }
    }
}

/// <summary>Runs an external process with a time limit, capturing its output.</summary>
internal static class Proc
{
    public static (int Exit, string Out, string Err) Run(string file, IEnumerable<string> args, string workingDirectory, TimeSpan timeout, IReadOnlyDictionary<string, string>? environment = null)
    {
        var psi = new ProcessStartInfo(file)
        {
            WorkingDirectory = workingDirectory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var a in args)
        {
            psi.ArgumentList.Add(a);
        }

        // A child dotnet must not inherit the test host's MSBuild settings.
        foreach (var key in psi.Environment.Keys.ToList())
        {
            if (key.StartsWith("MSBuild", StringComparison.OrdinalIgnoreCase) || key.StartsWith("VSTEST", StringComparison.OrdinalIgnoreCase)
                || key.Equals("DOTNET_HOST_PATH", StringComparison.OrdinalIgnoreCase))
            {
                psi.Environment.Remove(key);
            }
        }

        psi.Environment["DOTNET_CLI_TELEMETRY_OPTOUT"] = "1";
        psi.Environment["DOTNET_NOLOGO"] = "1";
        foreach (var (key, value) in environment ?? new Dictionary<string, string>())
        {
            psi.Environment[key] = value;
        }

        using var p = Process.Start(psi)!;
        var stdout = p.StandardOutput.ReadToEndAsync();
        var stderr = p.StandardError.ReadToEndAsync();
        if (!p.WaitForExit(timeout))
        {
            p.Kill(entireProcessTree: true);
            throw new TimeoutException($"{file} {string.Join(' ', args)} did not finish in {timeout}.");
        }

        p.WaitForExit();
        return (p.ExitCode, stdout.Result, stderr.Result);
    }
}

/// <summary>Tests that start dotnet builds of their own run one at a time (they share obj folders).</summary>
[CollectionDefinition("external processes", DisableParallelization = true)]
public sealed class ExternalProcesses
{
}

/// <summary>Builds reports in process on both reading paths and writes them as JSON.</summary>
internal static class Reports
{
    /// <summary>The JSON report of a model, as the CLI writes it.</summary>
    public static string Json(LeadMetrics.Data.Reports.ReportModel report)
    {
        using var stream = new MemoryStream();
        LeadMetrics.Data.Reports.JsonReportWriter.Write(report, stream);
        return System.Text.Encoding.UTF8.GetString(stream.ToArray());
    }

    /// <summary>The report of the row path (Lead objects) and of the columnar path (LeadMetrics.Data batches) of the same inputs.</summary>
    public static (LeadMetrics.Data.Reports.ReportModel Rows, LeadMetrics.Data.Reports.ReportModel Columns) BothPaths(
        LeadMetrics.Data.Reports.LoadOptions load, LeadMetrics.Data.Reports.ReportSettings settings)
    {
        var rows = LeadMetrics.Data.Reports.ReportBuilder.Build(LeadMetrics.Cli.Input.DataSetLoader.Load(load), settings);
        var options = load.ToDataSetOptions();
        var columns = LeadMetrics.Data.Reports.ReportBuilder.Build(
            LeadMetrics.Data.Reports.ReportSource.FromColumns(LeadMetrics.Data.LeadDataSet.Open(options), options), settings);
        return (rows, columns);
    }
}
