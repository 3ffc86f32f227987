using System.Diagnostics;
using System.Runtime.InteropServices;

namespace LeadMetrics.Native.Tests;

/// <summary>
/// Publishes src/LeadMetrics.Native with NativeAOT (Release, linux-x64) once per test run into a temporary folder and
/// loads the shared library. Every test of the "native" collection shares it.
/// </summary>
public sealed class NativeLibraryFixture : IDisposable
{
    private readonly Lazy<(string Path, nint Handle)> _library;

    private readonly Lazy<string> _variants;

    public NativeLibraryFixture()
    {
        _library = new Lazy<(string, nint)>(Publish, LazyThreadSafetyMode.ExecutionAndPublication);
        _variants = new Lazy<string>(PublishVariants, LazyThreadSafetyMode.ExecutionAndPublication);
    }

    /// <summary>The instruction sets python/build.sh also publishes the library for (the package loads the best one the CPU has).</summary>
    public static IReadOnlyList<string> Variants { get; } = ["x86-64-v3", "x86-64-v4"];

    /// <summary>
    /// A folder with the library published for each of <see cref="Variants"/> (LeadMetrics.Native.x86-64-v3.so, ...),
    /// published on first use only (a NativeAOT publish each), or LEADMETRICS_NATIVE_VARIANTS when it names a folder.
    /// Not loaded here: a build for an instruction set the CPU lacks stops the process that loads it.
    /// </summary>
    public string VariantFolder => _variants.Value;

    /// <summary>The repository root (the folder with LeadMetrics.sln).</summary>
    public static string Root { get; } = FindRoot();

    /// <summary>The published LeadMetrics.Native.so.</summary>
    public string LibraryPath => _library.Value.Path;

    /// <summary>The loaded library.</summary>
    public nint Handle => _library.Value.Handle;

    private readonly string _folder = Path.Combine(Path.GetTempPath(), "leadmetrics-native-" + Guid.NewGuid().ToString("N"));

    private (string, nint) Publish()
    {
        var prebuilt = Environment.GetEnvironmentVariable("LEADMETRICS_NATIVE");
        if (!string.IsNullOrEmpty(prebuilt) && File.Exists(prebuilt))
        {
            return (prebuilt, NativeLibrary.Load(prebuilt));
        }

        var (exit, output) = Run("dotnet", ["publish", Path.Combine(Root, "src", "LeadMetrics.Native", "LeadMetrics.Native.csproj"), "-c", "Release", "-r", "linux-x64", "-o", _folder, "-nologo"], Root, null, TimeSpan.FromMinutes(20));
        var path = Path.Combine(_folder, "LeadMetrics.Native.so");
        if (exit != 0 || !File.Exists(path))
        {
            throw new InvalidOperationException($"dotnet publish of LeadMetrics.Native failed (exit {exit}):\n{output}");
        }

        return (path, NativeLibrary.Load(path));
    }

    private string PublishVariants()
    {
        var prebuilt = Environment.GetEnvironmentVariable("LEADMETRICS_NATIVE_VARIANTS");
        if (!string.IsNullOrEmpty(prebuilt) && Directory.Exists(prebuilt))
        {
            return prebuilt;
        }

        var project = Path.Combine(Root, "src", "LeadMetrics.Native");
        var folder = Path.Combine(_folder, "variants");
        Directory.CreateDirectory(folder);
        foreach (var v in Variants)
        {
            // As python/build.sh: its own intermediate and native output folders, so that no publish reuses another's
            // object file or linked library.
            var output = Path.Combine(_folder, v);
            var (exit, text) = Run("dotnet", [
                "publish", Path.Combine(project, "LeadMetrics.Native.csproj"), "-c", "Release", "-r", "linux-x64", "-o", output, "-nologo",
                "-p:IlcInstructionSet=" + v,
                "-p:NativeIntermediateOutputPath=" + Path.Combine(project, "obj", "Release", "net10.0", "linux-x64", "native-" + v) + "/",
                "-p:NativeOutputPath=" + Path.Combine(project, "bin", "Release", "net10.0", "linux-x64", "native-" + v) + "/",
            ], Root, null, TimeSpan.FromMinutes(20));
            var path = Path.Combine(output, "LeadMetrics.Native.so");
            if (exit != 0 || !File.Exists(path))
            {
                throw new InvalidOperationException($"dotnet publish of LeadMetrics.Native for {v} failed (exit {exit}):\n{text}");
            }

            File.Copy(path, Path.Combine(folder, $"LeadMetrics.Native.{v}.so"));
        }

        return folder;
    }

    /// <summary>Runs a process with the MSBuild variables of the test host removed; returns its exit code and output.</summary>
    public static (int Exit, string Output) Run(string file, IEnumerable<string> args, string workingDirectory, IDictionary<string, string>? env, TimeSpan timeout)
    {
        var info = new ProcessStartInfo(file)
        {
            WorkingDirectory = workingDirectory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var a in args)
        {
            info.ArgumentList.Add(a);
        }

        foreach (var key in info.Environment.Keys.Where(k => k.StartsWith("MSBuild", StringComparison.OrdinalIgnoreCase) || k.StartsWith("VSTEST", StringComparison.OrdinalIgnoreCase)).ToList())
        {
            info.Environment.Remove(key);
        }

        foreach (var (k, v) in env ?? new Dictionary<string, string>())
        {
            info.Environment[k] = v;
        }

        using var p = Process.Start(info)!;
        var stdout = p.StandardOutput.ReadToEndAsync();
        var stderr = p.StandardError.ReadToEndAsync();
        if (!p.WaitForExit(timeout))
        {
            p.Kill(entireProcessTree: true);
            return (-1, $"timed out after {timeout}\n{stdout.Result}\n{stderr.Result}");
        }

        return (p.ExitCode, stdout.Result + stderr.Result);
    }

    private static string FindRoot()
    {
        var dir = new DirectoryInfo(AppContext.BaseDirectory);
        while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "LeadMetrics.sln")))
        {
            dir = dir.Parent;
        }

        return dir?.FullName ?? throw new InvalidOperationException("LeadMetrics.sln not found above " + AppContext.BaseDirectory);
    }

    public void Dispose()
    {
        if (Directory.Exists(_folder))
        {
            Directory.Delete(_folder, recursive: true);
        }
    }
}

[CollectionDefinition("native")]
public sealed class NativeGroup : ICollectionFixture<NativeLibraryFixture>;
