using LeadMetrics.Cli.Input;

namespace LeadMetrics.Cli.Report;

/// <summary>
/// The report file of <c>--out</c>: its folder is checked before any work starts, and the report is written to a
/// temporary file in the same folder that replaces the target only when complete, so an interrupted or failed run
/// leaves any earlier report as it was.
/// </summary>
internal static class OutputFile
{
    /// <summary>Creates the folder if needed and proves it writable by creating and deleting a probe file.</summary>
    /// <exception cref="UsageException">The path is a folder, or the folder cannot be created or written (the message names it).</exception>
    public static void CheckWritable(string path)
    {
        var full = Path.GetFullPath(path);
        if (Directory.Exists(full))
        {
            throw new UsageException($"--out '{path}' is a folder; give a file name, e.g. {Path.Combine(path, "report.html")}.");
        }

        var folder = Path.GetDirectoryName(full)!;
        var probe = Path.Combine(folder, $".{Path.GetFileName(full)}.{Environment.ProcessId}.probe");
        try
        {
            Directory.CreateDirectory(folder);
            using (new FileStream(probe, FileMode.CreateNew, FileAccess.Write, FileShare.None, 1, FileOptions.DeleteOnClose))
            {
            }
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new UsageException($"--out '{path}': cannot write to the folder '{folder}': {e.Message}", e);
        }
    }

    /// <summary>Writes the file through a temporary file in the same folder, then moves it over the target.</summary>
    public static void WriteAtomically(string path, Action<Stream> write)
    {
        var full = Path.GetFullPath(path);
        var temp = Path.Combine(Path.GetDirectoryName(full)!, $".{Path.GetFileName(full)}.{Environment.ProcessId}.{Guid.NewGuid():N}.tmp");
        try
        {
            using (var stream = new FileStream(temp, FileMode.CreateNew, FileAccess.Write))
            {
                write(stream);
            }

            File.Move(temp, full, overwrite: true);
        }
        finally
        {
            if (File.Exists(temp))
            {
                File.Delete(temp);
            }
        }
    }
}
