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
        foreach (var a in _attributes ?? [])
        {
            a.Keep(index, CsvSource.Field(row, a.Ordinal));
        }

        foreach (var a in _scoringAttributes ?? [])
        {
            a.Keep(index, CsvSource.Field(row, a.Ordinal));
        }
    }

    /// <summary>True when the leads file's attribute cells are read (an attribute grouping or --scoring).</summary>
    private bool ReadsAttributes => _attributes is not null || _scoringAttributes is not null;

    /// <summary>Binds each attribute asked for to its column of the leads file.</summary>
    private void BindAttributes(FileColumns cols)
    {
        foreach (var a in (_attributes ?? []).Concat(_scoringAttributes ?? []))
        {
            a.Ordinal = cols.Extra.First(e => e.Name == a.Name).Ordinal;
        }
    }

    private LeadMetrics.Scoring.LeadScorer? _scorer;
    private AttributeRead[]? _scoringAttributes;
    private Dictionary<int, (LeadMetrics.TouchpointKind Kind, bool Outbound)[]>? _atCreation;
    private readonly LeadMetrics.Scoring.LeadScore[][] _scoreBuffers = new LeadMetrics.Scoring.LeadScore[3][];
    private readonly System.Collections.Concurrent.ConcurrentDictionary<LeadColumns, LeadMetrics.Scoring.LeadScore[]> _batchScores = new(ReferenceEqualityComparer.Instance);
    private int _scoreTurn;

    /// <summary>
    /// Asks the read to score every lead built as of its creation with <paramref name="model"/> (--scoring): the lead as
    /// the row path knows it at creation (id, creation, source, campaign, owner, every attribute cell parsed as the row
    /// path parses it) and its touchpoints at that instant (the earlier ones are rejected: touchpoint_before_created).
    /// The score of a batch's lead is <see cref="ScoreOf"/>. It is scored from its cells (no <see cref="Lead"/> per lead) unless
    /// the model has a predicate rule, which reads a whole lead: then one <see cref="Lead"/> is made per lead, not kept.
    /// </summary>
    internal void ScoreLeads(LeadMetrics.Scoring.ScoringModel model)
    {
        if (_started)
        {
            throw new InvalidOperationException("Scoring is asked for before the read.");
        }

        _scorer = new LeadMetrics.Scoring.LeadScorer(model, NodaTime.SystemClock.Instance);
        _scoringAttributes = [.. AttributeNames.Select(n => new AttributeRead(n, int.MaxValue))];
        if (LeadMetrics.Scoring.ScoringCore.ScoresCells(model))
        {
            // Each attribute by its name as a Lead holds it (trimmed, any case; the first of two names alike).
            _scoringNames = new Dictionary<string, int>(StringComparer.OrdinalIgnoreCase);
            for (var a = 0; a < _scoringAttributes.Length; a++)
            {
                _scoringNames.TryAdd(_scoringAttributes[a].Name.Trim(), a);
            }
        }
    }

    /// <summary>With --scoring and a model of attribute rules only: the attributes' indexes by name (else null: a Lead is made per lead).</summary>
    private Dictionary<string, int>? _scoringNames;

    /// <summary>A lead's attribute cells as a score reads them: the parsed value of its cell, missing for an empty one.</summary>
    private readonly struct ScoringCells(Dictionary<string, int> names, AttributeRead[] attributes, int lead) : LeadMetrics.Scoring.IAttributeCells
    {
        public LeadMetrics.AttributeValue Get(string name)
        {
            if (names.TryGetValue(name, out var a) && attributes[a].IdOf(lead) is var id and not 0)
            {
                return attributes[a].Values[id];
            }

            return LeadMetrics.AttributeValue.Missing;
        }
    }

    /// <summary>The day-one score of lead <paramref name="index"/> of a batch of <see cref="Read"/> (valid while the batch is).</summary>
    internal LeadMetrics.Scoring.LeadScore ScoreOf(LeadColumns batch, int index) => _batchScores[batch][index];

    private LeadColumns Scored(LeadColumns batch, int turn)
    {
        if (_scorer is not null)
        {
            _batchScores[batch] = _scoreBuffers[turn % 3];
        }

        return batch;
    }

    private void PrepareScoring(State s)
    {
        if (_scorer is null)
        {
            return;
        }

        foreach (var a in _scoringAttributes!)
        {
            a.Values = [.. a.Texts.Select(t => t.Length == 0 ? LeadMetrics.AttributeValue.Missing : ParseAttribute(t))];
            a.Texts.Clear();
        }

        _atCreation = s.AtCreation!.GroupBy(t => t.Lead).ToDictionary(g => g.Key, g => g.Select(t => (t.Kind, t.Outbound)).ToArray());
        for (var i = 0; i < 3; i++)
        {
            _scoreBuffers[i] = new LeadMetrics.Scoring.LeadScore[_options.BlockSize];
        }
    }

    private void Score(State s, int lead, int index)
    {
        var leads = s.Leads;
        var created = NodaTime.Instant.FromUnixTimeTicks(leads.Created[lead]);
        if (_scoringNames is not null)
        {
            // Scored from the lead's cells (ScoringCore.ScoreCells): no Lead, attribute dictionary or touchpoint objects per lead.
            var cells = new ScoringCells(_scoringNames, _scoringAttributes!, lead);
            Span<LeadMetrics.Scoring.TouchpointCell> buffer = stackalloc LeadMetrics.Scoring.TouchpointCell[8];
            scoped ReadOnlySpan<LeadMetrics.Scoring.TouchpointCell> cellTouchpoints = default;
            if (_atCreation!.TryGetValue(lead, out var kinds))
            {
                var span = kinds.Length <= buffer.Length ? buffer[..kinds.Length] : new LeadMetrics.Scoring.TouchpointCell[kinds.Length];
                for (var t = 0; t < kinds.Length; t++)
                {
                    span[t] = new(kinds[t].Kind, kinds[t].Outbound ? LeadMetrics.TouchpointDirection.Outbound : LeadMetrics.TouchpointDirection.Inbound, created);
                }

                cellTouchpoints = span;
            }

            _scoreBuffers[_scoreTurn][index] = LeadMetrics.Scoring.ScoringCore.ScoreCells(_scorer!.Model, cells, cellTouchpoints, created);
            return;
        }

        var attributes = new List<KeyValuePair<string, LeadMetrics.AttributeValue>>(_scoringAttributes!.Length);
        foreach (var a in _scoringAttributes)
        {
            var id = a.IdOf(lead);
            if (id != 0)
            {
                attributes.Add(new(a.Name, a.Values[id]));
            }
        }

        var leadId = new LeadMetrics.LeadId(s.IdOf(lead));
        var scored = new LeadMetrics.Lead(leadId, created, s.Sources.Label(leads.Source[lead]), s.Campaigns.Label(leads.Campaign[lead]), s.Owners.Label(leads.Owner[lead]), attributes);
        LeadMetrics.Touchpoint[] touchpoints = [];
        if (_atCreation!.TryGetValue(lead, out var at))
        {
            touchpoints = [.. at.Select(t => new LeadMetrics.Touchpoint(leadId, created, "-", t.Kind, t.Outbound ? LeadMetrics.TouchpointDirection.Outbound : LeadMetrics.TouchpointDirection.Inbound))];
        }

        _scoreBuffers[_scoreTurn][index] = _scorer!.Score(scored, touchpoints, created, null);
    }

    /// <summary>An attribute cell as the row path parses it (a boolean, else a number, else text).</summary>
    private static LeadMetrics.AttributeValue ParseAttribute(string text) =>
        bool.TryParse(text, out var b) ? LeadMetrics.AttributeValue.FromBoolean(b)
        : decimal.TryParse(text, NumberStyle, CultureInfo.InvariantCulture, out var d) ? LeadMetrics.AttributeValue.FromNumber(d)
        : LeadMetrics.AttributeValue.FromText(text);

    /// <summary>
    /// Once the leads are read, before the batches are built: encodes each attribute's labels and decides the fold. When
    /// an attribute has more labels than the cap over all the leads read, a first join (no rows counted, nothing kept)
    /// counts the labels of the leads it accepts, so that the fold is the row path's, which counts the accepted leads.
    /// </summary>
    private void PrepareAttributes(State s)
    {
        PrepareScoring(s);
        if (_attributes is null)
        {
            _attributesReady = true;
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

    /// <summary>
    /// Sets the final label ids of the <paramref name="built"/>-th lead built (0-based) from state lead <paramref name="lead"/>,
    /// and with --scoring its day-one score at <paramref name="index"/> of the batch being built (-1: a join that keeps no
    /// score); returns the first attribute's label id (the batch's segment).
    /// </summary>
    private int BuildAttributes(int lead, int built, State s, int index)
    {
        if (_scorer is not null && _attributesReady && index >= 0)
        {
            Score(s, lead, index);
        }

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

        /// <summary>With --scoring, the parsed value of each provisional id.</summary>
        public LeadMetrics.AttributeValue[] Values { get; set; } = [];

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
