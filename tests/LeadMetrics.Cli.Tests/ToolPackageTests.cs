using System.Diagnostics;
using System.IO.Compression;
using System.Reflection.PortableExecutable;
using System.Text.Json;
using System.Xml.Linq;

namespace LeadMetrics.Cli.Tests;

/// <summary>
/// Issue 14, "ReadyToRun for the tool": dotnet pack of src/LeadMetrics.Cli makes the pointer package LeadMetrics.Cli
/// (listing the RIDs), LeadMetrics.Cli.linux-x64 precompiled (ReadyToRun) and the portable IL fallback
/// LeadMetrics.Cli.any; the packages install from a local folder alone and the installed tool runs a report.
/// </summary>
public sealed class ToolPackageTests
{
    private const string Version = "0.1.0";

    [Fact]
    public void Pack_makes_rid_specific_ready_to_run_packages_that_install_and_run()
    {
        using var temp = new TempDir();
        var packages = Path.Combine(temp.Path, "packages");

        // A separate artifacts folder (one per project), so the pack does not write into the bin and obj folders that
        // the test build is using.
        Run("dotnet", ["pack", Repo.Path("src", "LeadMetrics.Cli", "LeadMetrics.Cli.csproj"), "-c", "Release", "-o", packages,
            "-p:UseArtifactsOutput=true", "-p:ArtifactsPath=" + Path.Combine(temp.Path, "artifacts")], Repo.Root);

        var pointer = Path.Combine(packages, $"LeadMetrics.Cli.{Version}.nupkg");
        var linux = Path.Combine(packages, $"LeadMetrics.Cli.linux-x64.{Version}.nupkg");
        var portable = Path.Combine(packages, $"LeadMetrics.Cli.any.{Version}.nupkg");

        // The pointer package lists the RID packages in its tool settings and holds no implementation.
        using (var zip = ZipFile.OpenRead(pointer))
        {
            var settings = zip.Entries.Single(e => e.FullName.EndsWith("DotnetToolSettings.xml", StringComparison.Ordinal));
            using var stream = settings.Open();
            var xml = XDocument.Load(stream);
            var rids = xml.Descendants("RuntimeIdentifierPackage")
                .Select(e => ((string?)e.Attribute("RuntimeIdentifier"), (string?)e.Attribute("Id")))
                .ToList();
            Assert.Contains(("linux-x64", "LeadMetrics.Cli.linux-x64"), rids);
            Assert.Contains(("any", "LeadMetrics.Cli.any"), rids);
            Assert.DoesNotContain(zip.Entries, e => e.Name == "LeadMetrics.Cli.dll");
        }

        // Each package holds only what it must (the packaging parts _rels/, [Content_Types].xml and the core properties
        // aside): the pointer package its tool settings, nuspec and README (no content/ or contentFiles/: the sample
        // CSVs were once packed there as NuGet content), each RID package the tool's publish output once.
        Assert.Equal(["LeadMetrics.Cli.nuspec", "README.md", "tools/any/any/DotnetToolSettings.xml"], Entries(pointer));
        Assert.Equal(ToolEntries("linux-x64", "LeadMetrics.Cli.linux-x64", "LeadMetrics.Cli"), Entries(linux));
        Assert.Equal(ToolEntries("any", "LeadMetrics.Cli.any"), Entries(portable));

        // linux-x64: the tool's own assemblies carry ReadyToRun code; the portable fallback is IL only.
        foreach (var assembly in new[] { "LeadMetrics.Cli.dll", "LeadMetrics.Data.dll", "LeadMetrics.dll" })
        {
            Assert.True(IsReadyToRun(linux, $"tools/net10.0/linux-x64/{assembly}"), $"{assembly} in the linux-x64 package is not ReadyToRun");
            Assert.False(IsReadyToRun(portable, $"tools/net10.0/any/{assembly}"), $"{assembly} in the any package is ReadyToRun");
        }

        // Install from the local folder only (a config that clears every other source: no network) and run a report.
        var config = Path.Combine(temp.Path, "nuget.config");
        File.WriteAllText(config, $"""
            <?xml version="1.0" encoding="utf-8"?>
            <configuration>
              <packageSources>
                <clear />
                <add key="local" value="{packages}" />
              </packageSources>
            </configuration>
            """);
        var tools = Path.Combine(temp.Path, "tools");
        Run("dotnet", ["tool", "install", "--tool-path", tools, "--configfile", config, "LeadMetrics.Cli", "--version", Version], temp.Path);

        var installed = Directory.GetFiles(tools, "LeadMetrics.Data.dll", SearchOption.AllDirectories).Single();
        Assert.Contains("linux-x64", installed, StringComparison.Ordinal);
        using (var pe = new PEReader(File.OpenRead(installed)))
        {
            Assert.True(pe.PEHeaders.CorHeader!.ManagedNativeHeaderDirectory.Size > 0, "the installed tool is not ReadyToRun");
        }

        var json = Run(Path.Combine(tools, "leadmetrics"), ["report", "--sample", "--format", "json"], temp.Path);
        using var doc = JsonDocument.Parse(json);
        Assert.Equal(1, doc.RootElement.GetProperty("schema_version").GetInt32());
        Assert.True(doc.RootElement.GetProperty("total").GetProperty("leads").GetInt64() > 0);
    }

    /// <summary>A package's entries, sorted ordinally, without the packaging parts every package has.</summary>
    private static string[] Entries(string package)
    {
        using var zip = ZipFile.OpenRead(package);
        return [.. zip.Entries.Select(e => e.FullName)
            .Where(n => !n.StartsWith("_rels/", StringComparison.Ordinal) && n != "[Content_Types].xml" && !n.StartsWith("package/services/metadata/", StringComparison.Ordinal))
            .Order(StringComparer.Ordinal)];
    }

    /// <summary>What a RID package of the tool holds: its nuspec, the README and the publish output (plus the apphost, when it has one).</summary>
    private static string[] ToolEntries(string rid, string id, params string[] extra)
    {
        string[] files =
        [
            "CommunityToolkit.HighPerformance.dll", "DotnetToolSettings.xml", "K4os.Compression.LZ4.dll", "LeadMetrics.Cli.deps.json",
            "LeadMetrics.Cli.dll", "LeadMetrics.Cli.pdb", "LeadMetrics.Cli.runtimeconfig.json", "LeadMetrics.Data.dll", "LeadMetrics.Data.pdb",
            "LeadMetrics.dll", "LeadMetrics.pdb", "Microsoft.Extensions.DependencyInjection.Abstractions.dll", "Microsoft.IO.RecyclableMemoryStream.dll",
            "NodaTime.dll", "Parquet.dll", "Sep.dll", "Snappier.dll", "Spectre.Console.Ansi.dll", "Spectre.Console.dll", "Sylvan.Data.Csv.dll",
            "System.CommandLine.dll", "System.Numerics.Tensors.dll", "ZstdSharp.dll", "csFastFloat.dll",
            "sample-data/costs.csv", "sample-data/leads.csv", "sample-data/revenue.csv", "sample-data/stages.csv", "sample-data/touchpoints.csv",
        ];
        return [.. files.Concat(extra).Select(f => $"tools/net10.0/{rid}/{f}").Append(id + ".nuspec").Append("README.md").Order(StringComparer.Ordinal)];
    }

    private static bool IsReadyToRun(string package, string entryName)
    {
        using var zip = ZipFile.OpenRead(package);
        var entry = zip.GetEntry(entryName) ?? throw new InvalidOperationException($"{entryName} not in {package}");
        using var copy = new MemoryStream();
        using (var stream = entry.Open())
        {
            stream.CopyTo(copy);
        }

        copy.Position = 0;
        using var pe = new PEReader(copy);
        return pe.PEHeaders.CorHeader is { ManagedNativeHeaderDirectory.Size: > 0 };
    }

    private static string Run(string file, string[] arguments, string workingDirectory)
    {
        var start = new ProcessStartInfo(file)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            WorkingDirectory = workingDirectory,
        };
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        start.Environment["DOTNET_CLI_TELEMETRY_OPTOUT"] = "1";
        start.Environment["DOTNET_NOLOGO"] = "1";
        start.Environment["DOTNET_SKIP_FIRST_TIME_EXPERIENCE"] = "1";
        using var process = Process.Start(start)!;
        var error = process.StandardError.ReadToEndAsync();
        var output = process.StandardOutput.ReadToEnd();
        process.WaitForExit();
        Assert.True(process.ExitCode == 0, $"{file} {string.Join(' ', arguments)} exited {process.ExitCode}:\n{output}\n{error.Result}");
        return output;
    }
}
