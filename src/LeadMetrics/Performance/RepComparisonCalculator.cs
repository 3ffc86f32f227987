using LeadMetrics.Encoding;
using System.Collections.Immutable;
using System.Runtime.InteropServices;
using LeadMetrics.Calculators;
using LeadMetrics.Grouping;
using LeadMetrics.Records;
using LeadMetrics.Serialization;

namespace LeadMetrics.Performance;

/// <summary>
/// Fair rep comparison: not only who closed most, but who received which leads. Counts each rep's
/// leads, wins and losses per mix cell (source, campaign and/or segment); the snapshot sets each rep's wins against
/// the wins the team's rate in each cell predicts for that rep's leads, so a rep handed the hard leads is not ranked
/// below one handed the easy ones for that reason alone.
/// </summary>
/// <remarks>
/// <para>Adding a lead of a new (owner, cell) pair grows the counters (amortized); after that, adding allocates
/// nothing. Merge adds counters: associative and commutative, and the snapshot reads the cells in id order, so it
/// does not depend on the order of leads or merges.</para>
/// <para>It is a calculator like the others: put it in a <see cref="CalculatorSet{TCalculator, TResult}"/>
/// with a time bucket to compare reps per month or quarter. (Under a grouping by owner each group's team is one rep,
/// whose index is then always 1: group by time or by a dimension other than the owner.)</para>
/// <para>Single-writer: one thread adds to a calculator at a time; two threads calling <c>Add</c> on one calculator at once lose leads silently. For several cores give each thread its own calculator and <c>Merge</c> them at the end, which gives exactly the one-pass result.</para>
/// </remarks>
public sealed class RepComparisonCalculator : ILeadCalculator<RepComparisonCalculator, RepComparisonReport>, ISerializableCalculator, ISerializableState
{
    private readonly Dictionary<CellKey, int> _slots = [];
    private CellKey[] _keys = new CellKey[16];

    // Per slot: leads, won, lost.
    private long[] _counts = new long[16 * 3];

    /// <summary>Creates an empty calculator.</summary>
    /// <param name="options">The mix dimensions and the basis; <see cref="RepComparisonOptions.Default"/> when null.</param>
    public RepComparisonCalculator(RepComparisonOptions? options = null)
    {
        Options = options ?? RepComparisonOptions.Default;
    }

    /// <summary>The configuration.</summary>
    public RepComparisonOptions Options { get; }

    /// <inheritdoc />
    public void Add(in LeadRecord lead)
    {
        RecordChecks.CheckRecord(lead);
        var key = new CellKey(lead.Owner, IdOf(lead, Options.Mix), IdOf(lead, Options.SecondMix));
        var c = 3 * SlotOf(key);
        _counts[c]++;
        if (lead.Outcome == LeadOutcome.Won)
        {
            _counts[c + 1]++;
        }
        else if (lead.Outcome == LeadOutcome.Lost)
        {
            _counts[c + 2]++;
        }
    }

    // Slots of (owner, mix) cells with both ids below DenseIds and no second mix, by owner * DenseIds + mix (-1 = not yet
    // looked up): the columnar path's cache in front of the dictionary. Slots never move, so entries stay valid.
    private const int DenseIds = 256;
    private int[]? _dense;

    /// <summary>
    /// Adds every lead of a columnar batch from its owner, mix and outcome columns (no record per row); the same counts
    /// as adding the rows one by one (the batch's rows are valid records).
    /// </summary>
    internal void AddColumns(LeadColumns columns)
    {
        var n = columns.Count;
        var owners = columns.Owners.AsSpan(0, n);
        var mix = MixColumn(columns, Options.Mix);
        var second = MixColumn(columns, Options.SecondMix);
        var outcomes = columns.Outcomes.AsSpan(0, n);
        var dense = second is null ? _dense ??= NewDense() : null;
        for (var i = 0; i < n; i++)
        {
            var owner = owners[i];
            var m = mix is null ? 0 : mix[i];
            int slot;
            if (dense is not null && unchecked((uint)owner < DenseIds && (uint)m < DenseIds))
            {
                ref var cached = ref dense[(owner * DenseIds) + m];
                if (cached < 0)
                {
                    cached = SlotOf(new CellKey(owner, m, 0));
                }

                slot = cached;
            }
            else
            {
                slot = SlotOf(new CellKey(owner, m, second is null ? 0 : second[i]));
            }

            var counts = _counts;
            var c = 3 * slot;
            var outcome = outcomes[i];
            counts[c]++;
            counts[c + 1] += outcome == (byte)LeadOutcome.Won ? 1 : 0;
            counts[c + 2] += outcome == (byte)LeadOutcome.Lost ? 1 : 0;
        }
    }

    private static int[] NewDense()
    {
        var dense = new int[DenseIds * DenseIds];
        Array.Fill(dense, -1);
        return dense;
    }

    private static int[]? MixColumn(LeadColumns columns, GroupDimension dimension) => dimension switch
    {
        GroupDimension.Source => columns.Sources,
        GroupDimension.Campaign => columns.Campaigns,
        GroupDimension.Segment => columns.Segments,
        _ => null,
    };

    /// <inheritdoc />
    /// <exception cref="ArgumentException">The options differ.</exception>
    public void Merge(RepComparisonCalculator other)
    {
        Preconditions.CheckNotNull(other);
        if (!Options.Equals(other.Options))
        {
            throw new ArgumentException($"other has different options ({other.Options}) from this calculator ({Options}).", nameof(other));
        }

        var count = other._slots.Count;
        for (var s = 0; s < count; s++)
        {
            var c = 3 * SlotOf(other._keys[s]);
            _counts[c] += other._counts[3 * s];
            _counts[c + 1] += other._counts[(3 * s) + 1];
            _counts[c + 2] += other._counts[(3 * s) + 2];
        }
    }

    /// <inheritdoc />
    public RepComparisonCalculator CreateEmpty() => new(Options);

    /// <inheritdoc />
    public byte[] Serialize(LeadEncoding? encoding = null) => StateMerge.Serialize(this, encoding);

    /// <inheritdoc />
    public void MergeSerialized(ReadOnlySpan<byte> state, LeadEncoding? encoding = null) => StateMerge.MergeSerialized<RepComparisonCalculator, RepComparisonReport>(this, state, encoding);

    string ISerializableState.Configuration => $"reps;mix={Options.Mix};second={Options.SecondMix};basis={Options.Basis}";

    void ISerializableState.WriteState(StateWriter writer)
    {
        writer.WriteInt32(_slots.Count);

        // In cell order, so that equal partials give equal bytes whatever order their cells appeared in.
        foreach (var s in SlotsInKeyOrder())
        {
            writer.WriteInt32(_keys[s].Owner);
            writer.WriteInt32(_keys[s].Mix);
            writer.WriteInt32(_keys[s].Second);
            writer.WriteInt64(_counts[3 * s]);
            writer.WriteInt64(_counts[(3 * s) + 1]);
            writer.WriteInt64(_counts[(3 * s) + 2]);
        }
    }

    void ISerializableState.ReadState(ref StateReader reader)
    {
        var count = reader.ReadCount("cellCount", 36);
        for (var i = 0; i < count; i++)
        {
            var key = new CellKey(reader.ReadInt32($"cells[{i}].owner"), reader.ReadInt32($"cells[{i}].mix"), reader.ReadInt32($"cells[{i}].second"));
            var (leads, won, lost) = (reader.ReadCounter($"cells[{i}].leads"), reader.ReadCounter($"cells[{i}].won"), reader.ReadCounter($"cells[{i}].lost"));
            if (leads == 0 || leads > MaxSerializedLeads || won > leads || lost > leads - won || key.Owner < 0 || key.Mix < 0 || key.Second < 0
                || (Options.SecondMix == GroupDimension.None && key.Second != 0))
            {
                throw reader.Error($"cells[{i}] (owner {key.Owner}, ids {key.Mix} and {key.Second}: {leads} leads, {won} won, {lost} lost) has counts adding leads cannot give");
            }

            // State of another encoding: its ids by label in this one (the map is one to one, so cells stay apart).
            key = new CellKey(
                reader.MapId(StateLabels.Owners, key.Owner, $"cells[{i}].owner"),
                reader.MapId(GroupKeyState.DimensionOf(Options.Mix), key.Mix, $"cells[{i}].mix"),
                reader.MapId(GroupKeyState.DimensionOf(Options.SecondMix), key.Second, $"cells[{i}].second"));
            if (_slots.ContainsKey(key))
            {
                throw reader.Error($"cells[{i}] (owner {key.Owner}, ids {key.Mix} and {key.Second}) repeats a cell");
            }

            var c = 3 * SlotOf(key);
            (_counts[c], _counts[c + 1], _counts[c + 2]) = (leads, won, lost);
        }
    }

    /// <inheritdoc />
    public RepComparisonReport Snapshot()
    {
        // Slots in (owner, cell) order: the result depends only on the counters, not on the order they were made in.
        var order = SlotsInKeyOrder();

        // The team per cell.
        var team = new SortedDictionary<(int Mix, int Second), (long Leads, long Won, long Lost)>();
        long leads = 0, won = 0, lost = 0;
        foreach (var s in order)
        {
            var k = _keys[s];
            var (l, w, o) = (_counts[3 * s], _counts[(3 * s) + 1], _counts[(3 * s) + 2]);
            team[(k.Mix, k.Second)] = team.TryGetValue((k.Mix, k.Second), out var t) ? (t.Leads + l, t.Won + w, t.Lost + o) : (l, w, o);
            leads += l;
            won += w;
            lost += o;
        }

        var cells = ImmutableArray.CreateBuilder<MixCell>(team.Count);
        foreach (var ((mix, second), (l, w, o)) in team)
        {
            cells.Add(new MixCell(mix, second, l, w, o, Ratio.Of(w, Basis(l, w, o)), w));
        }

        var teamRate = Ratio.Of(won, Basis(leads, won, lost));
        var reps = ImmutableArray.CreateBuilder<RepPerformance>();
        for (var i = 0; i < order.Length;)
        {
            var owner = _keys[order[i]].Owner;
            var mix = ImmutableArray.CreateBuilder<MixCell>();
            long repLeads = 0, repWon = 0, repLost = 0;
            var expected = 0m;
            for (; i < order.Length && _keys[order[i]].Owner == owner; i++)
            {
                var s = order[i];
                var k = _keys[s];
                var (l, w, o) = (_counts[3 * s], _counts[(3 * s) + 1], _counts[(3 * s) + 2]);
                var t = team[(k.Mix, k.Second)];
                var teamBasis = Basis(t.Leads, t.Won, t.Lost);

                // basis × (team won / team basis), as one exact product divided once.
                var cellExpected = teamBasis == 0 ? 0m : (decimal)Basis(l, w, o) * t.Won / teamBasis;
                mix.Add(new MixCell(k.Mix, k.Second, l, w, o, Ratio.Of(t.Won, teamBasis), cellExpected));
                repLeads += l;
                repWon += w;
                repLost += o;
                expected += cellExpected;
            }

            var index = expected == 0m ? (decimal?)null : repWon / expected;
            reps.Add(new RepPerformance(
                owner,
                repLeads,
                repWon,
                repLost,
                Ratio.Of(repWon, Basis(repLeads, repWon, repLost)),
                expected,
                index,
                index * teamRate,
                repWon - expected,
                mix.ToImmutable()));
        }

        return new RepComparisonReport(Options, leads, won, lost, teamRate, cells.MoveToImmutable(), reps.ToImmutable());
    }

    private static int IdOf(in LeadRecord lead, GroupDimension dimension) => dimension switch
    {
        GroupDimension.Source => lead.Source,
        GroupDimension.Campaign => lead.Campaign,
        GroupDimension.Segment => lead.Segment,
        _ => 0,
    };

    private int[] SlotsInKeyOrder()
    {
        var order = new int[_slots.Count];
        for (var s = 0; s < order.Length; s++)
        {
            order[s] = s;
        }

        Array.Sort(order, (a, b) => _keys[a].CompareTo(_keys[b]));
        return order;
    }

    private long Basis(long leads, long won, long lost) => Options.Basis == RepComparisonBasis.WinRate ? won + lost : leads;

    private int SlotOf(CellKey key)
    {
        ref var slot = ref CollectionsMarshal.GetValueRefOrAddDefault(_slots, key, out var exists);
        if (!exists)
        {
            slot = _slots.Count - 1;
            if (slot == _keys.Length)
            {
                Array.Resize(ref _keys, _keys.Length * 2);
                Array.Resize(ref _counts, _counts.Length * 2);
            }

            _keys[slot] = key;
        }

        return slot;
    }

    // Far above any real count, low enough that the snapshot's exact products (leads × wins) fit a decimal.
    private const long MaxSerializedLeads = 1L << 47;

    // A rep's mix cell.
    private readonly record struct CellKey(int Owner, int Mix, int Second) : IComparable<CellKey>
    {
        public int CompareTo(CellKey other)
        {
            var c = Owner.CompareTo(other.Owner);
            c = c != 0 ? c : Mix.CompareTo(other.Mix);
            return c != 0 ? c : Second.CompareTo(other.Second);
        }
    }
}
