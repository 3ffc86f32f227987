using LeadMetrics.Fuzz;

// leadmetrics-fuzz <target>                 run under afl-fuzz (SharpFuzz), the input on stdin
// leadmetrics-fuzz replay <target> <path>.. run each file (or every file of each folder) once; exit 1 on a finding
// leadmetrics-fuzz seeds <folder>           write the state target's seed corpus
// leadmetrics-fuzz label-seeds <folder>     write the state-labels target's seed corpus
// leadmetrics-fuzz parquet-seeds <folder>   write the parquet target's seed corpus
if (args is ["replay", var target, .. var paths])
{
    var findings = 0;
    foreach (var file in paths.SelectMany(p => Directory.Exists(p) ? Directory.EnumerateFiles(p).Where(f => !Path.GetFileName(f).StartsWith('.') && !f.EndsWith("README.txt", StringComparison.Ordinal)) : [p]).Order(StringComparer.Ordinal))
    {
        try
        {
            FuzzTargets.Run(target, File.ReadAllBytes(file));
        }
        catch (Exception e)
        {
            findings++;
            Console.Error.WriteLine($"{file}: {e.GetType().Name}: {e.Message}");
        }
    }

    Console.WriteLine($"{target}: {findings} findings");
    return findings == 0 ? 0 : 1;
}

if (args is ["seeds", var folder])
{
    Directory.CreateDirectory(folder);
    foreach (var (seed, bytes) in FuzzTargets.StateSeeds())
    {
        File.WriteAllBytes(Path.Combine(folder, seed + ".bin"), bytes);
    }

    return 0;
}

if (args is ["label-seeds", var labelFolder])
{
    Directory.CreateDirectory(labelFolder);
    foreach (var (seed, bytes) in FuzzTargets.StateLabelSeeds())
    {
        File.WriteAllBytes(Path.Combine(labelFolder, seed + ".bin"), bytes);
    }

    return 0;
}

if (args is ["parquet-seeds", var parquetFolder])
{
    Directory.CreateDirectory(parquetFolder);
    foreach (var (seed, bytes) in FuzzTargets.ParquetSeeds())
    {
        File.WriteAllBytes(Path.Combine(parquetFolder, seed), bytes);
    }

    return 0;
}

if (args is [var name] && FuzzTargets.Names.Contains(name))
{
    SharpFuzz.Fuzzer.OutOfProcess.Run(stream =>
    {
        using var ms = new MemoryStream();
        stream.CopyTo(ms);
        FuzzTargets.Run(name, ms.ToArray());
    });
    return 0;
}

Console.Error.WriteLine($"usage: LeadMetrics.Fuzz <target> | replay <target> <path>... | seeds <folder> | label-seeds <folder> | parquet-seeds <folder>; targets: {string.Join(", ", FuzzTargets.Names)}");
return 2;
