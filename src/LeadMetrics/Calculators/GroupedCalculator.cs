using LeadMetrics.Encoding;
using System.Collections.Immutable;
using System.Runtime.CompilerServices;
using LeadMetrics.Engine;
using LeadMetrics.Grouping;
using LeadMetrics.Records;
using LeadMetrics.Serialization;

namespace LeadMetrics.Calculators;

/// <summary>
/// Runs one calculator per group of a <see cref="LeadGrouping"/>. Itself a calculator: it adds,
/// merges and snapshots like the calculators it holds. Internal: the public way to one grouping (or several) is
/// <see cref="CalculatorSet{TCalculator, TResult}"/>, which holds one of these per grouping.
/// </summary>
/// <typeparam name="TCalculator">The per-group calculator.</typeparam>
/// <typeparam name="TResult">The per-group result.</typeparam>
/// <remarks>Adding a lead of a group not seen before creates that group's calculator (one allocation per new group); after that, adding allocates nothing. <para>Single-writer: one thread adds to a calculator at a time; two threads calling <c>Add</c> on one calculator at once lose leads silently. For several cores give each thread its own calculator and <c>Merge</c> them at the end, which gives exactly the one-pass result.</para></remarks>
internal sealed class GroupedCalculator<TCalculator, TResult> : ILeadCalculator<GroupedCalculator<TCalculator, TResult>, GroupedResult<TResult>>, ISerializableCalculator, ISerializableState
    where TCalculator : class, ILeadCalculator<TCalculator, TResult>
{
    // Rows per block of the columnar path (see ColumnKernels.BlockRows).
    internal const int ColumnBlockSize = ColumnKernels.BlockRows;

    private readonly TCalculator _prototype;
    private readonly GroupIndex _index;
    private TCalculator[] _calculators = new TCalculator[8];
    private GroupKey[] _keys = new GroupKey[8];
    private long[] _scratch = new long[64];
    private int[]? _blockSlots;
    private long[] _groupRows = [];

    /// <summary>Creates a grouped calculator.</summary>
    /// <param name="grouping">How leads are grouped.</param>
    /// <param name="prototype">A calculator whose configuration every group's calculator copies (through <see cref="ILeadCalculator{TSelf, TResult}.CreateEmpty"/>); it is not fed.</param>
    public GroupedCalculator(LeadGrouping grouping, TCalculator prototype)
    {
        Grouping = Preconditions.CheckNotNull(grouping);
        _prototype = Preconditions.CheckNotNull(prototype).CreateEmpty();
        _index = new GroupIndex(grouping);
    }

    /// <summary>The grouping.</summary>
    public LeadGrouping Grouping { get; }

    /// <summary>The number of groups seen.</summary>
    public int GroupCount => _index.Count;

    /// <inheritdoc />
    public void Add(in LeadRecord lead)
    {
        // Before the slot: a default record must not create a group.
        RecordChecks.CheckRecord(lead);
        var slot = _index.SlotOf(lead, out var created);
        if (created)
        {
            Register(slot, Grouping.KeyOf(lead));
        }

        _calculators[slot].Add(lead);
    }

    /// <summary>
    /// Adds every lead of a columnar batch. Counting calculators (volume, funnel) count cells from the
    /// outcome and furthest-position columns in one loop and hand each group its counts once; response
    /// time, time to conversion, sales cycle and <see cref="LeadKpiCalculator"/> run column kernels a
    /// block of rows at a time; any other calculator reads the batch row by row. The result equals adding
    /// the same records one by one. The batch is checked before anything is added: a rejected batch
    /// leaves the calculator as it was.
    /// </summary>
    /// <param name="columns">The batch.</param>
    public void AddRange(LeadColumns columns)
    {
        Preconditions.CheckNotNull(columns);
        if (_prototype is ICountingCalculator counting)
        {
            AddCounting(columns, counting.CellCount);
            return;
        }

        if (_prototype is IColumnarCalculator<TCalculator> columnar)
        {
            AddColumnar(columns, columnar);
            return;
        }

        for (var i = 0; i < columns.Count; i++)
        {
            Add(columns.Row(i));
        }
    }

    private void AddColumnar(LeadColumns columns, IColumnarCalculator<TCalculator> columnar)
    {
        // Check every row first: a rejected batch leaves the calculator as it was, like a rejected record.
        columnar.CheckColumns(columns);
        AddColumnarChecked(columns, columnar);
    }

    private void AddColumnarChecked(LeadColumns columns, IColumnarCalculator<TCalculator> columnar)
    {
        var ids = columns.DimensionColumn(Grouping.Dimension);
        var ticks = columns.InstantColumn(Grouping.PeriodOf);
        var noBucket = Grouping.Bucket == TimeBucket.None;
        var slots = _blockSlots ??= new int[ColumnBlockSize];
        try
        {
            AddBlocks(columns, columnar, ids, ticks, noBucket, slots);
        }
        finally
        {
            columnar.EndColumns();
        }
    }

    private void AddBlocks(LeadColumns columns, IColumnarCalculator<TCalculator> columnar, int[]? ids, long[] ticks, bool noBucket, int[] slots)
    {
        for (var start = 0; start < columns.Count; start += ColumnBlockSize)
        {
            var length = Math.Min(ColumnBlockSize, columns.Count - start);
            var map = _index.IdMap;
            var i = noBucket && ids is not null ? GroupSlotKernel.KnownSlots(ids.AsSpan(start, length), map, slots) : 0;
            for (; i < length; i++)
            {
                slots[i] = SlotOfRow(ids, ticks, start + i, noBucket, ref map);
            }

            // Rows per group, counted in four lanes so that rows of one group in a row do not wait on each other.
            var groups = _index.Count;
            if (_groupRows.Length < 4 * groups)
            {
                _groupRows = new long[Math.Max(4 * groups, _groupRows.Length * 2)];
            }

            var lanes = _groupRows.AsSpan(0, 4 * groups);
            if (columnar.NeedsGroupRows)
            {
                lanes.Clear();
                for (i = 0; i < length; i++)
                {
                    lanes[(slots[i] * 4) + (i & 3)]++;
                }

                for (var slot = 0; slot < groups; slot++)
                {
                    lanes[slot] = lanes[4 * slot] + lanes[(4 * slot) + 1] + lanes[(4 * slot) + 2] + lanes[(4 * slot) + 3];
                }
            }

            columnar.AddColumns(columns, start, slots.AsSpan(0, length), _calculators, groups, columnar.NeedsGroupRows ? lanes[..groups] : default);
        }
    }

    // The group slot of a row of a columnar batch: from the dimension's id map when the grouping has no
    // time bucket and the group exists, else through the index (registering a new group).
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private int SlotOfRow(int[]? ids, long[] ticks, int row, bool noBucket, ref int[] map)
    {
        var id = ids is null ? 0 : ids[row];
        if (noBucket && unchecked((uint)id < (uint)map.Length))
        {
            var known = map[id];
            if (known >= 0)
            {
                return known;
            }
        }

        var slot = _index.SlotOf(id, ticks[row], out var created);
        if (created)
        {
            Register(slot, _index.KeyOf(id, ticks[row]));
            map = _index.IdMap;
        }

        return slot;
    }

    private void AddCounting(LeadColumns columns, int cells)
    {
        var counting = (ICountingCalculator)_prototype;
        var table = counting.CellTable;
        var ids = columns.DimensionColumn(Grouping.Dimension);
        var ticks = columns.InstantColumn(Grouping.PeriodOf);
        var outcomes = columns.Outcomes;
        var furthest = columns.Furthest;
        var noBucket = Grouping.Bucket == TimeBucket.None;
        var map = _index.IdMap;
        if (_scratch.Length < _index.Count * cells)
        {
            Array.Resize(ref _scratch, _index.Count * cells);
        }

        // Check every row first: a rejected batch leaves the calculator as it was, like a rejected record.
        for (var i = 0; i < columns.Count; i++)
        {
            if (table[(outcomes[i] << 8) | furthest[i]] < 0)
            {
                counting.CellOf(outcomes[i], furthest[i], i);
                throw new InvalidOperationException($"The counting table rejects row {i} but its calculator accepts it.");
            }
        }

        var counts = _scratch;
        Array.Clear(counts);
        var capacity = counts.Length / cells;
        for (var i = 0; i < columns.Count; i++)
        {
            var slot = SlotOfRow(ids, ticks, i, noBucket, ref map);
            if (slot >= capacity)
            {
                Array.Resize(ref _scratch, Math.Max(slot + 1, capacity * 2) * cells);
                counts = _scratch;
                capacity = counts.Length / cells;
            }

            counts[(slot * cells) + table[(outcomes[i] << 8) | furthest[i]]]++;
        }

        for (var slot = 0; slot < _index.Count; slot++)
        {
            ((ICountingCalculator)_calculators[slot]).AddCells(counts.AsSpan(slot * cells, cells));
        }
    }

    /// <inheritdoc />
    public void Merge(GroupedCalculator<TCalculator, TResult> other)
    {
        Preconditions.CheckNotNull(other);
        if (!Grouping.Equals(other.Grouping))
        {
            throw new ArgumentException($"other groups by {other.Grouping}, this groups by {Grouping}; only equal groupings merge.", nameof(other));
        }

        for (var i = 0; i < other._index.Count; i++)
        {
            var key = other._keys[i];
            var slot = _index.SlotOf(key, out var created);
            if (created)
            {
                Register(slot, key);
            }

            _calculators[slot].Merge(other._calculators[i]);
        }
    }

    /// <summary>
    /// Merges every group of <paramref name="finer"/>, a grouping by a dimension with the same time
    /// bucket, into this grouping without a dimension: the exact totals per period, without a second pass.
    /// </summary>
    internal void MergeCollapsed(GroupedCalculator<TCalculator, TResult> finer)
    {
        for (var i = 0; i < finer._index.Count; i++)
        {
            var fine = finer._keys[i];
            var key = new GroupKey(GroupDimension.None, 0, fine.Bucket, fine.Period);
            var slot = _index.SlotOf(key, out var created);
            if (created)
            {
                Register(slot, key);
            }

            _calculators[slot].Merge(finer._calculators[i]);
        }
    }

    /// <inheritdoc />
    public GroupedResult<TResult> Snapshot()
    {
        var groups = new GroupResult<TResult>[_index.Count];
        for (var i = 0; i < groups.Length; i++)
        {
            groups[i] = new GroupResult<TResult>(_keys[i], _calculators[i].Snapshot());
        }

        Array.Sort(groups, static (a, b) => a.Key.CompareTo(b.Key));
        return new GroupedResult<TResult>(Grouping, ImmutableArray.Create(groups));
    }

    /// <inheritdoc />
    public GroupedCalculator<TCalculator, TResult> CreateEmpty() => new(Grouping, _prototype);

    /// <inheritdoc />
    public byte[] Serialize(LeadEncoding? encoding = null) => StateMerge.Serialize(this, encoding);

    /// <inheritdoc />
    public void MergeSerialized(ReadOnlySpan<byte> state, LeadEncoding? encoding = null) => StateMerge.MergeSerialized<GroupedCalculator<TCalculator, TResult>, GroupedResult<TResult>>(this, state, encoding);

    /// <summary>
    /// Merges serialized state whose labels of one dimension fold (<see cref="LabelFold"/>): the groups of labels with
    /// one target merge into that target's group, as if its leads had been added with the target label. Only a
    /// deliberate fold (the report's "(other: N values)" group over partitions) calls this; <see cref="MergeSerialized(ReadOnlySpan{byte}, LeadEncoding?)"/> never maps two labels onto one group.
    /// </summary>
    internal void MergeSerialized(ReadOnlySpan<byte> state, LeadEncoding encoding, LabelFold fold) =>
        StateMerge.MergeSerialized(this, state, encoding, static c => c.CreateEmpty(), static (into, other) => into.Merge(other), fold);

    string ISerializableState.Configuration => Describe.Of(Grouping) + ";" + SerializablePrototype().Configuration;

    void ISerializableState.WriteState(StateWriter writer)
    {
        SerializablePrototype();
        writer.WriteInt32(_index.Count);

        // In key order, so that equal partials give equal bytes whatever order their groups appeared in.
        var order = Enumerable.Range(0, _index.Count).OrderBy(i => _keys[i]).ToArray();
        foreach (var i in order)
        {
            GroupKeyState.Write(writer, _keys[i]);
            ((ISerializableState)_calculators[i]).WriteState(writer);
        }
    }

    void ISerializableState.ReadState(ref StateReader reader)
    {
        SerializablePrototype();
        var count = reader.ReadCount("groupCount", 8);

        // Through a fold (LabelFold) the groups of several labels of the state are one group here: each is read into a
        // calculator of its own and merged into the group's by the calculators' Merge (merge = one pass). A group the
        // state itself repeats is refused either way.
        var read = reader.Folds ? new HashSet<(int Id, int Period)>() : null;
        for (var i = 0; i < count; i++)
        {
            var key = GroupKeyState.Read(ref reader, Grouping, $"groups[{i}]", out var stateId);
            var slot = _index.SlotOf(key, out var created);
            if (created)
            {
                Register(slot, key);
                ((ISerializableState)_calculators[slot]).ReadState(ref reader);
            }
            else if (read is not null && !read.Contains((stateId, key.Period)))
            {
                var part = _prototype.CreateEmpty();
                ((ISerializableState)part).ReadState(ref reader);
                _calculators[slot].Merge(part);
            }
            else
            {
                throw reader.Error($"groups[{i}] repeats the group of dimension id {stateId} and period {key.Period}");
            }

            read?.Add((stateId, key.Period));
        }
    }

    // The prototype as serializable state, or NotSupportedException naming its type.
    private ISerializableState SerializablePrototype() => _prototype as ISerializableState
        ?? throw new NotSupportedException($"{typeof(TCalculator).Name} cannot be serialized; the library's calculators can (see ISerializableCalculator), a calculator of your own cannot.");

    /// <summary>
    /// Returns the calculator of a group, creating it when the group is new. Used by calculators
    /// that route dated facts (costs, revenue) to a group by key rather than by a lead.
    /// </summary>
    internal TCalculator GetOrAdd(GroupKey key)
    {
        var slot = _index.SlotOf(key, out var created);
        if (created)
        {
            Register(slot, key);
        }

        return _calculators[slot];
    }

    /// <summary>Returns the calculator of a lead's group and the group's key, creating the group when it is new.</summary>
    internal TCalculator GetOrAdd(in LeadRecord lead, out GroupKey key)
    {
        var slot = _index.SlotOf(lead, out var created);
        if (created)
        {
            Register(slot, Grouping.KeyOf(lead));
        }

        key = _keys[slot];
        return _calculators[slot];
    }

    private void Register(int slot, GroupKey key)
    {
        if (slot == _calculators.Length)
        {
            Array.Resize(ref _calculators, slot * 2);
            Array.Resize(ref _keys, slot * 2);
        }

        _calculators[slot] = _prototype.CreateEmpty();
        _keys[slot] = key;
    }
}
