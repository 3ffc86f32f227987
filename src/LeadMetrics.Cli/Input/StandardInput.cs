namespace LeadMetrics.Cli.Input;

/// <summary>
/// An input file given as <c>-</c>: standard input, copied once to a temporary file that is deleted when the report
/// is done. The readers detect the dialect and may read a file twice, which a pipe cannot do; the copy streams in
/// blocks, so its memory does not grow with the input. At most one input can be standard input.
/// </summary>
internal sealed class StandardInput : IDisposable
{
    /// <summary>The path that names standard input on the command line.</summary>
    public const string Marker = "-";

    /// <summary>How a report names the piped file in messages and data-quality rows.</summary>
    public const string DisplayName = "stdin";

    private StandardInput(string option, string path)
    {
        Option = option;
        Path = path;
    }

    /// <summary>The option that named standard input, such as <c>--leads</c>.</summary>
    public string Option { get; }

    /// <summary>The temporary file holding what was piped in.</summary>
    public string Path { get; }

    /// <summary>
    /// Copies standard input to a temporary file when one of <paramref name="inputs"/> is <see cref="Marker"/>.
    /// </summary>
    /// <param name="inputs">Each input option and its path (null when not given).</param>
    /// <param name="open">Opens standard input; null for the process's own, which must then be redirected (a pipe or a file).</param>
    /// <returns>The copy, or null when no input is <see cref="Marker"/>.</returns>
    /// <exception cref="UsageException">Two inputs are <see cref="Marker"/>, or nothing is piped in.</exception>
    public static StandardInput? Spool(IReadOnlyList<(string Option, string? Path)> inputs, Func<Stream>? open)
    {
        var piped = inputs.Where(i => i.Path == Marker).Select(i => i.Option).ToList();
        if (piped.Count == 0)
        {
            return null;
        }

        if (piped.Count > 1)
        {
            throw new UsageException($"only one input can read standard input ('-'); {string.Join(" and ", piped)} both do.");
        }

        if (open is null && !Console.IsInputRedirected)
        {
            throw new UsageException($"{piped[0]} - reads standard input, but nothing is piped in (for example: cat leads.csv | leadmetrics report {piped[0]} -).");
        }

        var path = System.IO.Path.Combine(System.IO.Path.GetTempPath(), $"leadmetrics-stdin-{Guid.NewGuid():N}.csv");
        try
        {
            using var source = open?.Invoke() ?? Console.OpenStandardInput();
            using var target = new FileStream(path, FileMode.CreateNew, FileAccess.Write, FileShare.None, 1 << 16);
            source.CopyTo(target, 1 << 16);
        }
        catch (IOException e)
        {
            File.Delete(path);
            throw new UsageException($"{piped[0]} -: standard input could not be copied to a temporary file: {e.Message}", e);
        }

        return new StandardInput(piped[0], path);
    }

    /// <summary>The path to read for an option's value: the copy for <see cref="Marker"/>, else the value itself.</summary>
    /// <param name="path">The option's value.</param>
    /// <returns>The path to read.</returns>
    [return: System.Diagnostics.CodeAnalysis.NotNullIfNotNull(nameof(path))]
    public string? Resolve(string? path) => path == Marker ? Path : path;

    /// <summary>Deletes the temporary copy.</summary>
    public void Dispose()
    {
        try
        {
            File.Delete(Path);
        }
        catch (IOException)
        {
            // A copy that cannot be deleted stays in the temporary folder; the report is already written.
        }
    }
}
