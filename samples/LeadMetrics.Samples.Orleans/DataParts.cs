namespace LeadMetrics.Samples.Orleans;

/// <summary>
/// Splits a leads file, its stages file and its revenue file into parts by a stable hash of the lead id (FNV-1a over its
/// UTF-16 code units), so that a lead, its stage rows and its payments land in the same part; each part keeps the header. The files are read
/// as CSV records (a quoted cell may hold line breaks: the record runs to the line end outside quotes, copied as is) whose
/// first field is the lead id (as <c>leadmetrics generate</c> writes them: no quoted first field). Blank lines (only white
/// space) are left out of the parts.
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
    /// Splits a file by lead id; with <paramref name="rowOutputs"/>, also writes for each part, for each of its records,
    /// the record's line in the whole file as the report counts lines, less 2 (the header is line 1; a record is one line
    /// even when a quoted cell holds line breaks, and blank lines count), as little-endian 64-bit integers: the index of
    /// the record in the whole file when it has no blank line. The report's data-quality examples of a part then carry
    /// the whole file's line numbers (<c>ReportSlice.RowIndexPaths</c>), and labels keep the order in which the whole
    /// file first names them (<see cref="LabelOrder"/>).
    /// </summary>
    private static void SplitFile(string path, string[] outputs, string[]? rowOutputs = null)
    {
        using var reader = new StreamReader(path);
        var records = new RecordReader(reader);
        var writers = outputs.Select(o => new StreamWriter(o, false, new System.Text.UTF8Encoding(false), 1 << 16)).ToArray();
        var rows = rowOutputs?.Select(o => new BinaryWriter(new FileStream(o, FileMode.Create, FileAccess.Write, FileShare.None, 1 << 16))).ToArray();
        var row = 0L;
        var blank = 0L;
        try
        {
            var header = records.Next() ?? throw new InvalidDataException($"{path} is empty: it has no header.");
            foreach (var writer in writers)
            {
                writer.Write(header);
                writer.Write('\n');
            }

            while (records.Next() is { } record)
            {
                if (string.IsNullOrWhiteSpace(record))
                {
                    // The report skips a blank line but counts it in its line numbers.
                    blank++;
                    continue;
                }

                var comma = record.IndexOf(',', StringComparison.Ordinal);
                var id = (comma < 0 ? record.AsSpan() : record.AsSpan(0, comma)).Trim();
                var part = PartOf(id, writers.Length);
                writers[part].Write(record);
                writers[part].Write('\n');
                rows?[part].Write(row + blank);
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

    /// <summary>Reads CSV records: up to a line end outside double quotes (<c>\n</c> or <c>\r\n</c>, not kept); line breaks inside quotes are kept as they are.</summary>
    private sealed class RecordReader(TextReader reader)
    {
        private readonly char[] _buffer = new char[1 << 16];
        private readonly System.Text.StringBuilder _record = new();
        private int _at;
        private int _length;

        /// <summary>The next record, or null at the end of the text.</summary>
        public string? Next()
        {
            _record.Clear();
            var quoted = false;
            var any = false;
            while (true)
            {
                if (_at == _length)
                {
                    _length = reader.Read(_buffer, 0, _buffer.Length);
                    _at = 0;
                    if (_length == 0)
                    {
                        return any ? Line() : null;
                    }
                }

                any = true;
                var span = _buffer.AsSpan(_at, _length - _at);
                var i = span.IndexOfAny('"', '\n');
                if (i < 0)
                {
                    _record.Append(span);
                    _at = _length;
                    continue;
                }

                _at += i + 1;
                if (span[i] == '"' || quoted)
                {
                    quoted ^= span[i] == '"';
                    _record.Append(span[..(i + 1)]);
                    continue;
                }

                _record.Append(span[..i]);
                return Line();
            }
        }

        private string Line()
        {
            if (_record.Length > 0 && _record[^1] == '\r')
            {
                _record.Length--;
            }

            return _record.ToString();
        }
    }
}
