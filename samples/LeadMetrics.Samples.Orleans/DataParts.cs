namespace LeadMetrics.Samples.Orleans;

/// <summary>
/// Splits a leads file, its stages file and its revenue file into parts by a stable hash of the lead id (FNV-1a over its
/// UTF-16 code units), so that a lead, its stage rows and its payments land in the same part; each part keeps the header. The files are read
/// as text lines whose first field is the lead id (as <c>leadmetrics generate</c> writes them: no quoted first field).
/// </summary>
public static class DataParts
{
    /// <summary>
    /// Writes <paramref name="parts"/> slices into <paramref name="directory"/> and returns them. Costs are not per lead:
    /// the costs file is not split but given whole to slice 0, so that every cost is added once. Beside each part of a
    /// file, <c>.rows</c> holds the index in the whole file of each of its rows (<see cref="SplitFile"/>).
    /// </summary>
    public static Slice[] Split(string leadsPath, string? stagesPath, int parts, string directory, string? revenuePath = null, string? costsPath = null, string? touchpointsPath = null)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(parts, 1);
        Directory.CreateDirectory(directory);
        var slices = Enumerable.Range(0, parts).Select(i => new Slice
        {
            LeadsPath = Path.Combine(directory, $"leads.part{i}.csv"),
            StagesPath = stagesPath is null ? null : Path.Combine(directory, $"stages.part{i}.csv"),
            RevenuePath = revenuePath is null ? null : Path.Combine(directory, $"revenue.part{i}.csv"),
            CostsPath = i == 0 ? costsPath : null,
            TouchpointsPath = touchpointsPath is null ? null : Path.Combine(directory, $"touchpoints.part{i}.csv"),
            Part = i,
            Parts = parts,
            RowsPath = Path.Combine(directory, $"leads.part{i}.rows"),
        }).ToArray();
        SplitFile(leadsPath, [.. slices.Select(s => s.LeadsPath)], [.. slices.Select(s => s.RowsPath!)]);
        if (stagesPath is not null)
        {
            SplitFile(stagesPath, [.. slices.Select(s => s.StagesPath!)], [.. slices.Select(s => Path.ChangeExtension(s.StagesPath!, ".rows"))]);
        }

        if (revenuePath is not null)
        {
            SplitFile(revenuePath, [.. slices.Select(s => s.RevenuePath!)], [.. slices.Select(s => Path.ChangeExtension(s.RevenuePath!, ".rows"))]);
        }

        if (touchpointsPath is not null)
        {
            SplitFile(touchpointsPath, [.. slices.Select(s => s.TouchpointsPath!)], [.. slices.Select(s => Path.ChangeExtension(s.TouchpointsPath!, ".rows"))]);
        }

        return slices;
    }

    /// <summary>The part of a lead id.</summary>
    public static int PartOf(ReadOnlySpan<char> leadId, int parts)
    {
        var hash = 2166136261u;
        foreach (var c in leadId)
        {
            hash = (hash ^ c) * 16777619u;
        }

        return (int)(hash % (uint)parts);
    }

    /// <summary>
    /// Splits a file by lead id; with <paramref name="rowOutputs"/>, also writes for each part the index in the whole file
    /// (0 for its first data row) of each of its rows, as little-endian 64-bit integers: labels then keep the order in
    /// which the whole file first names them (<see cref="LabelOrder"/>).
    /// </summary>
    private static void SplitFile(string path, string[] outputs, string[]? rowOutputs = null)
    {
        using var reader = new StreamReader(path);
        var writers = outputs.Select(o => new StreamWriter(o, false, new System.Text.UTF8Encoding(false), 1 << 16)).ToArray();
        var rows = rowOutputs?.Select(o => new BinaryWriter(new FileStream(o, FileMode.Create, FileAccess.Write, FileShare.None, 1 << 16))).ToArray();
        var row = 0L;
        try
        {
            var header = reader.ReadLine() ?? throw new InvalidDataException($"{path} is empty: it has no header.");
            foreach (var writer in writers)
            {
                writer.WriteLine(header);
            }

            while (reader.ReadLine() is { } line)
            {
                if (line.Length == 0)
                {
                    continue;
                }

                var comma = line.IndexOf(',', StringComparison.Ordinal);
                var id = (comma < 0 ? line.AsSpan() : line.AsSpan(0, comma)).Trim();
                var part = PartOf(id, writers.Length);
                writers[part].WriteLine(line);
                rows?[part].Write(row);
                row++;
            }
        }
        finally
        {
            foreach (var writer in writers)
            {
                writer.Dispose();
            }

            foreach (var writer in rows ?? [])
            {
                writer.Dispose();
            }
        }
    }
}
