using System.Globalization;
using LeadMetrics.Records;

namespace LeadMetrics.Data;

/// <summary>
/// Attribute columns read as labels (issue 14/20: <c>--by &lt;attribute&gt;</c> on the columnar path). The report asks
/// for the attributes it groups by before the read (<see cref="ReadAttributes"/>); each is then read from the leads file
/// as a provisional label id per lead (4 bytes per lead and attribute), turned into the label the row path gives it
/// (<see cref="AttributeLabel"/>: numbers without trailing zeros, booleans as true/false, text as is) and encoded in
/// <see cref="Encoding"/>'s <c>Attribute(name)</c> encoder. Beyond <c>maxGroups</c> labels the largest by accepted leads
/// are kept and the rest fold into one "(other: N values)" label, as the row path folds them. Attribute labels are never
/// rejected: a row's data-quality accounting is the same with or without them.
/// </summary>
public sealed partial class LeadDataSet
{
    private AttributeRead[]? _attributes;
    private bool _attributesReady;

    /// <summary>The attributes read (in the order asked), or empty.</summary>
    internal IReadOnlyList<string> ReadAttributeNames => _attributes is null ? [] : [.. _attributes.Select(a => a.Name)];

    /// <summary>
    /// Asks the read to encode these attribute columns (names as in <see cref="AttributeNames"/>, any case) as labels,
    /// folding an attribute with more than <paramref name="maxGroups"/> labels (over the accepted leads) as the report does.
    /// The first one is also each lead's <see cref="LeadRecord.Segment"/> in the batches; every one is given by <see cref="AttributeId"/>.
    /// </summary>
    internal void ReadAttributes(IReadOnlyList<string> names, int maxGroups)
    {
        if (_started)
        {
            throw new InvalidOperationException("Attributes are asked for before the read.");
        }

        _attributes = names.Count == 0 ? null : [.. names.Select(n => new AttributeRead(
            AttributeNames.First(a => string.Equals(a, n, StringComparison.OrdinalIgnoreCase)), maxGroups))];
    }

    /// <summary>The encoded (and folded) label id of attribute <paramref name="attribute"/> of the lead with this key (a lead of the batches read).</summary>
    internal int AttributeId(int attribute, int key)
    {
        var keys = _options.LeadKeys;
        return _attributes![attribute].Final[(key - 1 - keys.Offset) / Math.Max(1, keys.Stride)];
    }

    /// <summary>The lead as a record whose segment is its label of attribute <paramref name="attribute"/>.</summary>
    internal LeadRecord WithAttribute(in LeadRecord r, int attribute)
    {
        var segment = AttributeId(attribute, r.Lead);
        return segment == r.Segment ? r
            : new LeadRecord(r.Lead, r.CreatedAt, r.Source, r.Campaign, r.Owner, segment, r.FirstResponseAt, r.Outcome, r.ClosedAt, r.FurthestPosition, r.DealValue, r.Stages);
    }

    /// <summary>The text the row path groups an attribute cell by (as <c>LeadRecord.FromLead</c> labels the parsed <see cref="AttributeValue"/>), or null when empty.</summary>
    internal static string? AttributeLabel(ReadOnlySpan<char> text)
    {
        if (text.IsEmpty)
        {
            return null;
        }

        if (bool.TryParse(text, out var b))
        {
            return b ? "true" : "false";
        }

        return decimal.TryParse(text, NumberStyle, CultureInfo.InvariantCulture, out var d)
            ? d.ToString("G29", CultureInfo.InvariantCulture)
            : text.ToString();
    }

    /// <summary>Keeps the attribute cells of an accepted leads row (the lead at <paramref name="index"/> of the state; a replaced lead's too).</summary>
    private void KeepAttributes(int index, nietras.SeparatedValues.SepReader.Row row)
    {
        foreach (var a in _attributes!)
        {
            a.Keep(index, CsvSource.Field(row, a.Ordinal));
        }
    }

    /// <summary>Binds each attribute asked for to its column of the leads file.</summary>
    private void BindAttributes(FileColumns cols)
    {
        foreach (var a in _attributes ?? [])
        {
            a.Ordinal = cols.Extra.First(e => e.Name == a.Name).Ordinal;
        }
    }

    /// <summary>
    /// Once the leads are read, before the batches are built: encodes each attribute's labels and decides the fold. When
    /// an attribute has more labels than the cap over all the leads read, a first join (no rows counted, nothing kept)
    /// counts the labels of the leads it accepts, so that the fold is the row path's, which counts the accepted leads.
    /// </summary>
    private void PrepareAttributes(State s)
    {
        if (_attributes is null)
        {
            return;
        }

        int[]? built = null;
        foreach (var a in _attributes)
        {
            // The labels of the provisional ids; provisional id 0 is the empty cell.
            var labels = a.Texts.Select(t => t.Length == 0 ? null : AttributeLabel(t)).ToArray();
            var distinct = new HashSet<string?>(StringComparer.Ordinal);
            for (var i = 0; i < s.Count; i++)
            {
                distinct.Add(labels[a.IdOf(i)]);
            }

            var encoder = Encoding.Attribute(a.Name);
            var map = new int[labels.Length];
            if (distinct.Count > a.MaxGroups)
            {
                built ??= AcceptedLeads(s);
                var counts = new Dictionary<string, int>(StringComparer.Ordinal);
                foreach (var i in built)
                {
                    var key = labels[a.IdOf(i)] ?? string.Empty;
                    counts[key] = counts.GetValueOrDefault(key) + 1;
                }

                // Id 0 ("(none)") sorts as the empty text, as FoldSmallGroups sorts it.
                var kept = counts.OrderByDescending(c => c.Value).ThenBy(c => c.Key, StringComparer.Ordinal).Take(a.MaxGroups).Select(c => c.Key).ToHashSet(StringComparer.Ordinal);
                var other = counts.Count > a.MaxGroups
                    ? encoder.Encode(string.Create(CultureInfo.InvariantCulture, $"(other: {counts.Count - a.MaxGroups:N0} values)"))
                    : -1;
                for (var p = 0; p < labels.Length; p++)
                {
                    map[p] = other < 0 || kept.Contains(labels[p] ?? string.Empty) ? encoder.Encode(labels[p]) : other;
                }
            }
            else
            {
                for (var p = 0; p < labels.Length; p++)
                {
                    map[p] = encoder.Encode(labels[p]);
                }
            }

            a.Map = map;
            a.Final = new int[s.Count];
            a.Texts.Clear();
        }

        _attributesReady = true;
    }

    /// <summary>The state indexes of the leads the join accepts, by a join that counts nothing (as <see cref="Replay"/> joins).</summary>
    private int[] AcceptedLeads(State s)
    {
        var builder = new LeadColumnsBuilder(Math.Min(_options.BlockSize, 1024));
        var join = new Joiner(this, s, replay: true);
        var accepted = new List<int>(s.Count);
        for (var i = 0; i < s.Count; i++)
        {
            if (join.Append(i, builder))
            {
                accepted.Add(i);
            }

            if (builder.Count >= 1024)
            {
                builder.Clear();
            }
        }

        return [.. accepted];
    }

    /// <summary>Sets the final label ids of the <paramref name="built"/>-th lead built (0-based) from state lead <paramref name="lead"/>; returns the first attribute's (the batch's segment).</summary>
    private int BuildAttributes(int lead, int built)
    {
        if (_attributes is null || !_attributesReady)
        {
            return 0; // no attribute asked for, or the first join of PrepareAttributes
        }

        foreach (var a in _attributes)
        {
            a.Final[built] = a.Map[a.IdOf(lead)];
        }

        return _attributes[0].Final[built];
    }

    /// <summary>One attribute read: its column, the provisional id of each lead, its distinct texts, and after the read the final id of each lead built.</summary>
    private sealed class AttributeRead(string name, int maxGroups)
    {
        private readonly Dictionary<string, int> _ids = new(StringComparer.Ordinal);
        private int[] _perLead = new int[1024];

        public string Name { get; } = name;

        public int MaxGroups { get; } = maxGroups;

        public int Ordinal { get; set; } = -1;

        /// <summary>The distinct texts by provisional id (0: empty).</summary>
        public List<string> Texts { get; } = [string.Empty];

        /// <summary>Provisional id to final (encoded, folded) id.</summary>
        public int[] Map { get; set; } = [];

        /// <summary>The final id of each lead built, in build order.</summary>
        public int[] Final { get; set; } = [];

        public int IdOf(int lead) => lead < _perLead.Length ? _perLead[lead] : 0;

        public void Keep(int lead, ReadOnlySpan<char> text)
        {
            var id = 0;
            if (!text.IsEmpty && !_ids.GetAlternateLookup<ReadOnlySpan<char>>().TryGetValue(text, out id))
            {
                var s = text.ToString();
                id = Texts.Count;
                Texts.Add(s);
                _ids.Add(s, id);
            }

            if (lead >= _perLead.Length)
            {
                Array.Resize(ref _perLead, Math.Max(lead + 1, _perLead.Length * 2));
            }

            _perLead[lead] = id;
        }
    }
}
