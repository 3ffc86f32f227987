using System.Globalization;

namespace LeadMetrics.Cli.Input;

/// <summary>
/// The parsed <c>--map</c> option: <c>[file.]canonical=column[|column...]</c> or <c>[file.]canonical='literal'</c>,
/// entries separated by commas. A file prefix (leads, stages, touchpoints, costs, revenue) limits an entry to that file;
/// without it the entry applies to every file that has the canonical column and one of the named columns.
/// </summary>
internal sealed class ColumnMap
{
    private readonly List<MapEntry> _entries;

    private ColumnMap(List<MapEntry> entries) => _entries = entries;

    public static ColumnMap Empty { get; } = new([]);

    public IReadOnlyList<MapEntry> Entries => _entries;

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
                    throw new UsageException($"--map entry '{entry}' is not of the form <canonical>=<column> (or <file>.<canonical>=<column>, or <canonical>='<literal>').");
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
                        throw new UsageException($"--map entry '{entry}': '{prefix}' is not an input file; use leads, stages, touchpoints, costs or revenue.");
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
                    throw new UsageException(
                        $"--map entry '{entry}': '{target}' is not a canonical column{(scope is { } k2 ? " of " + CanonicalColumns.FileName(k2) : string.Empty)}. " +
                        "Canonical columns: leads: " + string.Join(", ", CanonicalColumns.Leads) + "; stages: " + string.Join(", ", CanonicalColumns.Stages) +
                        "; touchpoints: " + string.Join(", ", CanonicalColumns.Touchpoints) + "; costs: " + string.Join(", ", CanonicalColumns.Costs) +
                        "; revenue: " + string.Join(", ", CanonicalColumns.Revenue) + ".");
                }

                if (entries.Any(e => e.Scope == scope && e.Canonical == target))
                {
                    throw new UsageException($"--map maps '{(scope is { } k3 ? CanonicalColumns.FileName(k3) + "." : string.Empty)}{target}' more than once.");
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
                        throw new UsageException($"--map entry '{entry}' names no column.");
                    }

                    entries.Add(new MapEntry(entry, scope, target, columns, null));
                }
            }
        }

        return new ColumnMap(entries);
    }

    /// <summary>Resolves the columns of one file from its header.</summary>
    public FileColumns Resolve(InputKind kind, string file, IReadOnlyList<string> header)
    {
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

        return new FileColumns(kind, file, bindings, extra);
    }

    /// <summary>Fails when an unscoped column entry matched no file at all (a typo would otherwise go unnoticed).</summary>
    public void CheckAllUsed(IEnumerable<FileColumns> files)
    {
        var list = files.ToList();
        foreach (var entry in _entries.Where(e => e.Scope is null && e.Literal is null))
        {
            var usedSomewhere = list.Any(f => f.Bindings.TryGetValue(entry.Canonical, out var b) && b.Entry == entry);
            if (!usedSomewhere)
            {
                throw new UsageException(
                    $"--map entry '{entry.Text}': no input file has a column named {string.Join(" or ", entry.Columns.Select(c => "'" + c + "'"))} " +
                    $"(headers: {string.Join("; ", list.Select(f => f.File + ": " + string.Join(", ", f.HeaderNames)))}).");
            }
        }
    }

    internal static int? FindColumn(IReadOnlyList<string> header, string name)
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
                throw new UsageException($"--map entry '{entry.Text}': {file} has no column '{column}' (its columns: {string.Join(", ", header)}).");
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
internal sealed record MapEntry(string Text, InputKind? Scope, string Canonical, string[] Columns, string? Literal);

/// <summary>Where one canonical column's value comes from: the first non-empty of some columns, or a literal.</summary>
internal sealed record ColumnBinding(string Canonical, int[] Ordinals, string[] Names, string? Literal, MapEntry? Entry = null)
{
    /// <summary>How the column is named in messages.</summary>
    public string Display => Literal is not null ? $"'{Literal}' (--map literal for {Canonical})" : string.Join("|", Names);
}

/// <summary>The resolved columns of one input file.</summary>
internal sealed record FileColumns(InputKind Kind, string File, Dictionary<string, ColumnBinding> Bindings, List<(int Ordinal, string Name)> Extra)
{
    public IEnumerable<string> HeaderNames => Bindings.Values.SelectMany(b => b.Names).Concat(Extra.Select(e => e.Name));

    public ColumnBinding? this[string canonical] => Bindings.GetValueOrDefault(canonical);
}
