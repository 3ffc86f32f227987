using System.Globalization;

namespace LeadMetrics.Data;

/// <summary>
/// The parsed <c>--map</c> option: <c>[file.]canonical=column[|column...]</c> or <c>[file.]canonical='literal'</c>,
/// entries separated by commas. A file prefix (leads, stages, touchpoints, costs, revenue) limits an entry to that file;
/// without it the entry applies to every file that has the canonical column and one of the named columns.
/// </summary>
public sealed class ColumnMap
{
    private readonly List<MapEntry> _entries;

    private ColumnMap(List<MapEntry> entries) => _entries = entries;

    /// <summary>No mapping: every file's columns are found by their canonical names.</summary>
    public static ColumnMap Empty { get; } = new([]);

    /// <summary>The entries, in the order given.</summary>
    public IReadOnlyList<MapEntry> Entries => _entries;

    /// <summary>Parses <c>--map</c> values.</summary>
    /// <param name="values">The values (each may hold several entries separated by commas), or null.</param>
    /// <returns>The map.</returns>
    /// <exception cref="DataSetException">An entry is malformed, names an unknown file or canonical column, or maps one twice.</exception>
    public static ColumnMap Parse(IEnumerable<string>? values)
    {
        var entries = new List<MapEntry>();
        if (values is null)
        {
            return new ColumnMap(entries);
        }

        foreach (var value in values)
        {
            foreach (var raw in SplitEntries(value))
            {
                var entry = raw.Trim();
                if (entry.Length == 0)
                {
                    continue;
                }

                var eq = entry.IndexOf('=', StringComparison.Ordinal);
                if (eq <= 0 || eq == entry.Length - 1)
                {
                    throw new DataSetException($"--map entry '{entry}' is not of the form <canonical>=<column> (or <file>.<canonical>=<column>, or <canonical>='<literal>').");
                }

                var target = entry[..eq].Trim();
                var source = entry[(eq + 1)..].Trim();
                InputKind? scope = null;
                var dot = target.IndexOf('.', StringComparison.Ordinal);
                if (dot > 0)
                {
                    var prefix = target[..dot];
                    if (!CanonicalColumns.TryParseKind(prefix, out var kind))
                    {
                        throw new DataSetException($"--map entry '{entry}': '{prefix}' is not an input file; use leads, stages, touchpoints, costs or revenue.");
                    }

                    scope = kind;
                    target = target[(dot + 1)..].Trim();
                }

                target = target.ToLowerInvariant();
                var known = scope is { } s
                    ? CanonicalColumns.For(s).Contains(target)
                    : Enum.GetValues<InputKind>().Any(k => CanonicalColumns.For(k).Contains(target));
                if (!known)
                {
                    throw new DataSetException(
                        $"--map entry '{entry}': '{target}' is not a canonical column{(scope is { } k2 ? " of " + CanonicalColumns.FileName(k2) : string.Empty)}. " +
                        "Canonical columns: leads: " + string.Join(", ", CanonicalColumns.Leads) + "; stages: " + string.Join(", ", CanonicalColumns.Stages) +
                        "; touchpoints: " + string.Join(", ", CanonicalColumns.Touchpoints) + "; costs: " + string.Join(", ", CanonicalColumns.Costs) +
                        "; revenue: " + string.Join(", ", CanonicalColumns.Revenue) + ".");
                }

                if (entries.Any(e => e.Scope == scope && e.Canonical == target))
                {
                    throw new DataSetException($"--map maps '{(scope is { } k3 ? CanonicalColumns.FileName(k3) + "." : string.Empty)}{target}' more than once.");
                }

                if (source.Length >= 2 && source[0] == '\'' && source[^1] == '\'')
                {
                    entries.Add(new MapEntry(entry, scope, target, [], source[1..^1]));
                }
                else
                {
                    var columns = source.Split('|', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries);
                    if (columns.Length == 0)
                    {
                        throw new DataSetException($"--map entry '{entry}' names no column.");
                    }

                    entries.Add(new MapEntry(entry, scope, target, columns, null));
                }
            }
        }

        return new ColumnMap(entries);
    }

    /// <summary>Resolves the columns of one file from its header.</summary>
    /// <param name="kind">The file's kind.</param>
    /// <param name="file">The file as named in messages.</param>
    /// <param name="header">The header's column names.</param>
    /// <returns>Where each canonical column's value comes from, and the other (attribute) columns.</returns>
    /// <exception cref="DataSetException">An entry scoped to this file names a column the header does not have.</exception>
    public FileColumns Resolve(InputKind kind, string file, IReadOnlyList<string> header)
    {
        ArgumentNullException.ThrowIfNull(header);
        var bindings = new Dictionary<string, ColumnBinding>(StringComparer.Ordinal);
        var used = new HashSet<int>();
        foreach (var canonical in CanonicalColumns.For(kind))
        {
            var entry = _entries.FirstOrDefault(e => e.Scope == kind && e.Canonical == canonical);
            if (entry is not null)
            {
                bindings[canonical] = Bind(entry, header, file, required: true)!;
            }
            else if ((entry = _entries.FirstOrDefault(e => e.Scope is null && e.Canonical == canonical)) is not null
                && Bind(entry, header, file, required: false) is { } binding)
            {
                bindings[canonical] = binding;
            }
            else if (FindColumn(header, canonical) is { } ordinal)
            {
                bindings[canonical] = new ColumnBinding(canonical, [ordinal], [header[ordinal].Trim()], null);
            }

            if (bindings.TryGetValue(canonical, out var b))
            {
                used.UnionWith(b.Ordinals);
            }
        }

        var extra = new List<(int Ordinal, string Name)>();
        for (var i = 0; i < header.Count; i++)
        {
            if (!used.Contains(i) && header[i].Trim().Length > 0)
            {
                extra.Add((i, header[i].Trim()));
            }
        }

        var resolved = new FileColumns(kind, file, bindings, extra);
        ParquetHeader.Check(header, resolved);
        return resolved;
    }

    /// <summary>Fails when an unscoped column entry matched no file at all (a typo would otherwise go unnoticed).</summary>
    /// <param name="files">The resolved files of the data set.</param>
    /// <exception cref="DataSetException">An unscoped entry matched no file.</exception>
    public void CheckAllUsed(IEnumerable<FileColumns> files)
    {
        ArgumentNullException.ThrowIfNull(files);
        var list = files.ToList();
        foreach (var entry in _entries.Where(e => e.Scope is null && e.Literal is null))
        {
            var usedSomewhere = list.Any(f => f.Bindings.TryGetValue(entry.Canonical, out var b) && b.Entry == entry);
            if (!usedSomewhere)
            {
                throw new DataSetException(
                    $"--map entry '{entry.Text}': no input file has a column named {string.Join(" or ", entry.Columns.Select(c => "'" + c + "'"))} " +
                    $"(headers: {string.Join("; ", list.Select(f => f.File + ": " + string.Join(", ", f.HeaderNames)))}).");
            }
        }
    }

    private static int? FindColumn(IReadOnlyList<string> header, string name)
    {
        for (var i = 0; i < header.Count; i++)
        {
            if (string.Equals(header[i].Trim(), name, StringComparison.OrdinalIgnoreCase))
            {
                return i;
            }
        }

        var normalized = Normalize(name);
        for (var i = 0; i < header.Count; i++)
        {
            if (Normalize(header[i]) == normalized)
            {
                return i;
            }
        }

        return null;
    }

    private static string Normalize(string name) =>
        name.Trim().ToLower(CultureInfo.InvariantCulture).Replace(' ', '_').Replace('-', '_');

    private static ColumnBinding? Bind(MapEntry entry, IReadOnlyList<string> header, string file, bool required)
    {
        if (entry.Literal is not null)
        {
            return new ColumnBinding(entry.Canonical, [], [], entry.Literal, entry);
        }

        var ordinals = new List<int>();
        var names = new List<string>();
        foreach (var column in entry.Columns)
        {
            if (FindColumn(header, column) is { } ordinal)
            {
                ordinals.Add(ordinal);
                names.Add(header[ordinal].Trim());
            }
            else if (required)
            {
                throw new DataSetException($"--map entry '{entry.Text}': {file} has no column '{column}' (its columns: {string.Join(", ", header)}).");
            }
        }

        return ordinals.Count == 0 ? null : new ColumnBinding(entry.Canonical, [.. ordinals], [.. names], null, entry);
    }

    private static IEnumerable<string> SplitEntries(string value)
    {
        // Commas separate entries, except inside a quoted literal.
        var start = 0;
        var inLiteral = false;
        for (var i = 0; i < value.Length; i++)
        {
            var c = value[i];
            if (c == '\'')
            {
                inLiteral = !inLiteral;
            }
            else if (c == ',' && !inLiteral)
            {
                yield return value[start..i];
                start = i + 1;
            }
        }

        yield return value[start..];
    }
}

/// <summary>One <c>--map</c> entry.</summary>
/// <param name="Text">The entry as given.</param>
/// <param name="Scope">The file it is limited to, or null for every file.</param>
/// <param name="Canonical">The canonical column it maps.</param>
/// <param name="Columns">The file columns it reads, the first non-empty winning (none for a literal).</param>
/// <param name="Literal">The literal value, or null.</param>
public sealed record MapEntry(string Text, InputKind? Scope, string Canonical, IReadOnlyList<string> Columns, string? Literal);

/// <summary>Where one canonical column's value comes from: the first non-empty of some columns, or a literal.</summary>
/// <param name="Canonical">The canonical column.</param>
/// <param name="Ordinals">The file columns read, by position.</param>
/// <param name="Names">Their header names.</param>
/// <param name="Literal">The literal value, or null.</param>
/// <param name="Entry">The <c>--map</c> entry that bound it, or null when found by name.</param>
public sealed record ColumnBinding(string Canonical, IReadOnlyList<int> Ordinals, IReadOnlyList<string> Names, string? Literal, MapEntry? Entry = null)
{
    /// <summary>How the column is named in messages.</summary>
    public string Display => Literal is not null ? $"'{Literal}' (--map literal for {Canonical})" : string.Join("|", Names);
}

/// <summary>The resolved columns of one input file.</summary>
/// <param name="Kind">The file's kind.</param>
/// <param name="File">The file as named in messages.</param>
/// <param name="Bindings">The bound canonical columns by name.</param>
/// <param name="Extra">The other non-empty header columns (lead attributes in leads.csv), by position.</param>
public sealed record FileColumns(InputKind Kind, string File, IReadOnlyDictionary<string, ColumnBinding> Bindings, IReadOnlyList<(int Ordinal, string Name)> Extra)
{
    /// <summary>The header names of the bound and extra columns.</summary>
    public IEnumerable<string> HeaderNames => Bindings.Values.SelectMany(b => b.Names).Concat(Extra.Select(e => e.Name));

    /// <summary>The binding of a canonical column, or null when the file does not have it.</summary>
    /// <param name="canonical">The canonical column name.</param>
    public ColumnBinding? this[string canonical] => Bindings.GetValueOrDefault(canonical);
}
