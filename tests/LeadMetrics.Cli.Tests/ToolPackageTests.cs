using System.Diagnostics;
using System.IO.Compression;
using System.Reflection.PortableExecutable;
using System.Text.Json;
using System.Xml.Linq;

namespace LeadMetrics.Cli.Tests;

/// <summary>
/// Issue 14, "ReadyToRun for the tool": dotnet pack of src/LeadMetrics.Cli makes the pointer package LeadMetrics.Cli
/// (listing the RIDs), one precompiled (ReadyToRun) package LeadMetrics.Cli.&lt;rid&gt; per listed platform and the
/// portable IL fallback LeadMetrics.Cli.any. The pack runs once (<see cref="PackedTool"/>); each RID package is checked
/// for its entries, ReadyToRun code for its platform in every assembly and its platform's apphost; the packages install
/// from a local folder alone and the installed tool runs a report on this machine (linux-x64).
/// </summary>
public sealed class ToolPackageTests(ToolPackageTests.PackedTool packed) : IClassFixture<ToolPackageTests.PackedTool>
{
    private const string Version = "0.1.0";

    /// <summary>
    /// The precompiled platforms (ToolPackageRuntimeIdentifiers in LeadMetrics.Cli.csproj, "any" aside) and the PE
    /// machine of their ReadyToRun code: the architecture's machine XOR the OS's value (Linux 0x7B79, Apple 0x4644,
    /// Windows 0), so an assembly compiled for another OS or architecture fails the check.
    /// </summary>
    private static readonly Dictionary<string, ushort> ReadyToRunMachine = new(StringComparer.Ordinal)
    {
        ["linux-x64"] = 0x8664 ^ 0x7B79,
        ["linux-arm64"] = 0xAA64 ^ 0x7B79,
        ["linux-musl-x64"] = 0x8664 ^ 0x7B79,
        ["osx-arm64"] = 0xAA64 ^ 0x4644,
        ["osx-x64"] = 0x8664 ^ 0x4644,
        ["win-x64"] = 0x8664,
    };

    /// <summary>The precompiled RIDs, one test case each.</summary>
    public static TheoryData<string> Rids
    {
        get
        {
            var data = new TheoryData<string>();
            foreach (var rid in ReadyToRunMachine.Keys)
            {
                data.Add(rid);
            }

            return data;
        }
    }

    [Fact]
    public void Pointer_package_lists_every_rid_package_and_holds_no_implementation()
    {
        using var zip = ZipFile.OpenRead(packed.Package("LeadMetrics.Cli"));
        var settings = zip.Entries.Single(e => e.FullName.EndsWith("DotnetToolSettings.xml", StringComparison.Ordinal));
        using var stream = settings.Open();
        var xml = XDocument.Load(stream);
        var rids = xml.Descendants("RuntimeIdentifierPackage")
            .Select(e => ((string?)e.Attribute("RuntimeIdentifier"), (string?)e.Attribute("Id")))
            .Order()
            .ToList();
        var expected = ReadyToRunMachine.Keys.Append("any").Select(rid => ((string?)rid, (string?)$"LeadMetrics.Cli.{rid}")).Order().ToList();
        Assert.Equal(expected, rids);

        // Each package holds only what it must (the packaging parts _rels/, [Content_Types].xml and the core properties
        // aside): the pointer package its tool settings, nuspec and README (no content/ or contentFiles/: the sample
        // CSVs were once packed there as NuGet content).
        Assert.Equal(["LeadMetrics.Cli.nuspec", "README.md", "tools/any/any/DotnetToolSettings.xml"], Entries(packed.Package("LeadMetrics.Cli")));
    }

    [Theory]
    [MemberData(nameof(Rids))]
    public void Rid_package_is_ready_to_run_for_its_platform_with_its_apphost(string rid)
    {
        var package = packed.Package($"LeadMetrics.Cli.{rid}");
        var apphost = rid.StartsWith("win-", StringComparison.Ordinal) ? "LeadMetrics.Cli.exe" : "LeadMetrics.Cli";

        // The tool's publish output once, plus the apphost.
        Assert.Equal(ToolEntries(rid, $"LeadMetrics.Cli.{rid}", apphost), Entries(package));

        // Every managed assembly (the tool's own and the libraries it ships) carries ReadyToRun code for this platform.
        using var zip = ZipFile.OpenRead(package);
        var assemblies = zip.Entries.Where(e => e.FullName.EndsWith(".dll", StringComparison.Ordinal)).ToList();
        Assert.Contains(assemblies, e => e.Name == "LeadMetrics.Cli.dll");
        foreach (var assembly in assemblies)
        {
            var (readyToRun, machine) = ReadyToRun(Read(assembly));
            Assert.True(readyToRun, $"{assembly.FullName} is not ReadyToRun");
            Assert.True(machine == ReadyToRunMachine[rid], $"{assembly.FullName}: PE machine 0x{machine:X4}, expected 0x{ReadyToRunMachine[rid]:X4} ({rid})");
        }

        // The apphost is the platform's executable format for its architecture.
        var host = Read(zip.GetEntry($"tools/net10.0/{rid}/{apphost}")!);
        Assert.Equal(ExpectedApphost(rid), ApphostFormat(host));
    }

    [Fact]
    public void Portable_package_is_il_only()
    {
        var package = packed.Package("LeadMetrics.Cli.any");
        Assert.Equal(ToolEntries("any", "LeadMetrics.Cli.any"), Entries(package));
        using var zip = ZipFile.OpenRead(package);
        foreach (var assembly in zip.Entries.Where(e => e.FullName.EndsWith(".dll", StringComparison.Ordinal)))
        {
            Assert.False(ReadyToRun(Read(assembly)).ReadyToRun, $"{assembly.FullName} in the any package is ReadyToRun");
        }
    }

    [Fact]
    public void Installs_from_the_local_folder_and_runs_a_report_on_linux_x64()
    {
        using var temp = new TempDir();

        // Install from the local folder only (a config that clears every other source: no network) and run a report.
        var config = Path.Combine(temp.Path, "nuget.config");
        File.WriteAllText(config, $"""
            <?xml version="1.0" encoding="utf-8"?>
            <configuration>
              <packageSources>
                <clear />
                <add key="local" value="{packed.Folder}" />
              </packageSources>
            </configuration>
            """);
        var tools = Path.Combine(temp.Path, "tools");
        Run("dotnet", ["tool", "install", "--tool-path", tools, "--configfile", config, "LeadMetrics.Cli", "--version", Version], temp.Path);

        var installed = Directory.GetFiles(tools, "LeadMetrics.Data.dll", SearchOption.AllDirectories).Single();
        Assert.Contains("linux-x64", installed, StringComparison.Ordinal);
        Assert.Equal((true, ReadyToRunMachine["linux-x64"]), ReadyToRun(File.ReadAllBytes(installed)));

        var json = Run(Path.Combine(tools, "leadmetrics"), ["report", "--sample", "--format", "json"], temp.Path);
        using var doc = JsonDocument.Parse(json);
        Assert.Equal(1, doc.RootElement.GetProperty("schema_version").GetInt32());
        Assert.True(doc.RootElement.GetProperty("total").GetProperty("leads").GetInt64() > 0);
    }

    /// <summary>The packages of one dotnet pack of the tool, made once for all tests of the class.</summary>
    public sealed class PackedTool : IDisposable
    {
        private readonly TempDir temp = new();

        public PackedTool()
        {
            Folder = Path.Combine(temp.Path, "packages");

            // A separate artifacts folder (one per project), so the pack does not write into the bin and obj folders
            // that the test build is using.
            Run("dotnet", ["pack", Repo.Path("src", "LeadMetrics.Cli", "LeadMetrics.Cli.csproj"), "-c", "Release", "-o", Folder,
                "-p:UseArtifactsOutput=true", "-p:ArtifactsPath=" + Path.Combine(temp.Path, "artifacts")], Repo.Root);
        }

        /// <summary>The folder the packages were written to.</summary>
        public string Folder { get; }

        /// <summary>The path of the package with this id.</summary>
        public string Package(string id)
        {
            var path = Path.Combine(Folder, $"{id}.{Version}.nupkg");
            Assert.True(File.Exists(path), $"{id}.{Version}.nupkg was not packed; the folder has {string.Join(", ", Directory.GetFiles(Folder).Select(Path.GetFileName))}");
            return path;
        }

        public void Dispose() => temp.Dispose();
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

    private static byte[] Read(ZipArchiveEntry entry)
    {
        using var copy = new MemoryStream();
        using (var stream = entry.Open())
        {
            stream.CopyTo(copy);
        }

        return copy.ToArray();
    }

    /// <summary>Whether a PE file carries ReadyToRun code (a managed native header) and its PE machine.</summary>
    private static (bool ReadyToRun, ushort Machine) ReadyToRun(byte[] image)
    {
        using var pe = new PEReader(new MemoryStream(image));
        return (pe.PEHeaders.CorHeader is { ManagedNativeHeaderDirectory.Size: > 0 }, (ushort)pe.PEHeaders.CoffHeader.Machine);
    }

    private static string ExpectedApphost(string rid) => rid switch
    {
        "win-x64" => "PE x64",
        "osx-arm64" => "Mach-O arm64",
        "osx-x64" => "Mach-O x64",
        "linux-arm64" => "ELF arm64",
        _ => "ELF x64",
    };

    /// <summary>An executable's format and architecture from its header: PE, ELF or 64-bit Mach-O; x64 or arm64.</summary>
    private static string ApphostFormat(byte[] image)
    {
        static string Arch(bool x64, bool arm64) => x64 ? "x64" : arm64 ? "arm64" : "other";
        if (image is [(byte)'M', (byte)'Z', ..])
        {
            using var pe = new PEReader(new MemoryStream(image));
            var machine = pe.PEHeaders.CoffHeader.Machine;
            return "PE " + Arch(machine == Machine.Amd64, machine == Machine.Arm64);
        }

        if (image is [0x7F, (byte)'E', (byte)'L', (byte)'F', ..])
        {
            var machine = BitConverter.ToUInt16(image, 18); // e_machine: 62 x86-64, 183 AArch64 (little-endian)
            return "ELF " + Arch(machine == 62, machine == 183);
        }

        if (BitConverter.ToUInt32(image, 0) == 0xFEEDFACF)
        {
            var cpu = BitConverter.ToUInt32(image, 4); // cputype: 0x01000007 x86_64, 0x0100000C arm64
            return "Mach-O " + Arch(cpu == 0x01000007, cpu == 0x0100000C);
        }

        return "unknown";
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
