using LeadMetrics.Records;

namespace LeadMetrics.Grouping;

/// <summary>
/// Maps group keys (dimension id, period ordinal) to dense slots: for groupings without a time bucket an
/// array indexed by id while the ids are dense, else (and for ids the array does not cover) an
/// open-addressing table. Allocates only when a new group appears, and in proportion to the groups that
/// exist: the array covers at most <see cref="DenseIdsPerGroup"/> ids per group (at least
/// <see cref="MinDenseIds"/>), so one large id, or a serialized state naming one, costs a table entry,
/// not a map up to that id (issue 15, item 8).
/// </summary>
internal sealed class GroupIndex
{
    /// <summary>The id map's length may reach this many ids per group before larger ids go to the table instead.</summary>
    internal const int DenseIdsPerGroup = 8;

    /// <summary>The id map may cover ids below this whatever the group count (16 KB of map).</summary>
    internal const int MinDenseIds = 4096;

    private readonly LeadGrouping _grouping;
    private readonly ZoneOffsetCache? _offsets;
    private int[] _byId = new int[16];
    private long[] _keys = new long[32];
    private int[] _slots = new int[32];
    private int _used;

    internal GroupIndex(LeadGrouping grouping)
    {
        _grouping = grouping;
        _offsets = grouping.Bucket == TimeBucket.None ? null : grouping.CreateOffsetCache();
        Array.Fill(_byId, -1);
        Array.Fill(_slots, -1);
    }

    internal int Count { get; private set; }

    /// <summary>
    /// The id-to-slot array of a grouping without time bucket (-1 = no slot yet); replaced when it grows. An id at or
    /// beyond its length may still have a slot (in the table): ask <see cref="SlotOf(int, long, out bool)"/>.
    /// </summary>
    internal int[] IdMap => _byId;

    internal static long Pack(int id, int period) => ((long)id << 32) | unchecked((uint)period);

    /// <summary>Returns the slot of a lead's group; <paramref name="created"/> is true when the group is new.</summary>
    internal int SlotOf(in LeadRecord lead, out bool created)
    {
        var id = _grouping.DimensionIdOf(lead);
        if (_offsets is null)
        {
            return SlotOfId(id, out created);
        }

        var ticks = _grouping.PeriodOf switch
        {
            PeriodInstant.Created => lead.CreatedTicks,
            PeriodInstant.FirstResponse => lead.ResponseTicks,
            _ => lead.ClosedTicks,
        };
        var period = ticks == LeadRecord.None ? Periods.NonePeriod : Periods.Ordinal(_grouping.Bucket, _offsets.ToLocalTicks(ticks));
        return SlotOfPacked(Pack(id, period), out created);
    }

    /// <summary>The slot of a row of a columnar batch, from its dimension id and the ticks of the period instant.</summary>
    internal int SlotOf(int id, long ticks, out bool created)
    {
        if (_offsets is null)
        {
            return SlotOfId(id, out created);
        }

        var period = ticks == LeadRecord.None ? Periods.NonePeriod : PeriodOfLocal(_offsets.ToLocalTicks(ticks));
        return SlotOfPacked(Pack(id, period), out created);
    }

    // The period ordinal of each local day in a window of DayWindow days (int.MinValue = not computed yet), for the
    // calendar buckets (month, quarter, year), whose ordinal is the civil date's: a columnar batch asks once per row.
    private const int DayWindow = 1 << 12;
    private int[]? _dayPeriods;
    private int _firstDay;

    private int PeriodOfLocal(long localTicks)
    {
        var bucket = _grouping.Bucket;
        if (bucket is not (TimeBucket.Month or TimeBucket.Quarter or TimeBucket.Year))
        {
            return Periods.Ordinal(bucket, localTicks);
        }

        var days = Math.DivRem(localTicks, NodaTime.NodaConstants.TicksPerDay, out var rem);
        days -= rem < 0 ? 1 : 0;
        if (_dayPeriods is null)
        {
            _dayPeriods = new int[DayWindow];
            Array.Fill(_dayPeriods, int.MinValue);
            _firstDay = (int)Math.Clamp(days - (DayWindow / 2), int.MinValue / 2, int.MaxValue / 2);
        }

        var i = days - _firstDay;
        if (unchecked((ulong)i >= DayWindow))
        {
            return Periods.Ordinal(bucket, localTicks);
        }

        ref var period = ref _dayPeriods[i];
        if (period == int.MinValue)
        {
            period = Periods.Ordinal(bucket, localTicks);
        }

        return period;
    }

    /// <summary>The group key of a row of a columnar batch.</summary>
    internal GroupKey KeyOf(int id, long ticks) =>
        new(_grouping.Dimension, id, _grouping.Bucket, _offsets is null ? 0 : ticks == LeadRecord.None ? Periods.NonePeriod : Periods.Ordinal(_grouping.Bucket, _offsets.ToLocalTicks(ticks)));

    internal int SlotOf(GroupKey key, out bool created) =>
        _offsets is null ? SlotOfId(key.DimensionId, out created) : SlotOfPacked(Pack(key.DimensionId, key.Period), out created);

    private int SlotOfId(int id, out bool created)
    {
        if (unchecked((uint)id >= (uint)_byId.Length))
        {
            // The map grows at least twofold (so it is copied O(log n) times) and only while that keeps it within the
            // groups' allowance; otherwise the id goes to the table.
            if (Math.Max(id + 1, 2 * _byId.Length) > DenseLimit())
            {
                // A sparse id: the table, keyed as the id with period 0 (no other key is stored there without a bucket).
                return SlotOfPacked(Pack(id, 0), out created);
            }

            GrowIdMap(id);
        }

        var slot = _byId[id];
        if (slot >= 0)
        {
            created = false;
            return slot;
        }

        created = true;
        _byId[id] = Count;
        return Count++;
    }

    // How many ids the id map may cover for the groups there are (one more about to be added).
    private int DenseLimit() => Math.Max(MinDenseIds, DenseIdsPerGroup * (Count + 1));

    // Grows the id map to cover id (twofold at least, within DenseLimit), moving the table's ids it now covers into it: an id is in
    // the map when it is below the map's length, in the table otherwise.
    private void GrowIdMap(int id)
    {
        var old = _byId.Length;
        var length = Math.Max(id + 1, old * 2);
        Array.Resize(ref _byId, length);
        Array.Fill(_byId, -1, old, length - old);
        if (_used == 0)
        {
            return;
        }

        var keys = _keys;
        var slots = _slots;
        _keys = new long[keys.Length];
        _slots = new int[slots.Length];
        Array.Fill(_slots, -1);
        _used = 0;
        for (var h = 0; h < keys.Length; h++)
        {
            if (slots[h] < 0)
            {
                continue;
            }

            var moved = (int)(keys[h] >> 32);
            if (moved < length)
            {
                _byId[moved] = slots[h];
            }
            else
            {
                Insert(keys[h], slots[h]);
            }
        }
    }

    // Places a key known to be absent in the table (which has room).
    private void Insert(long key, int slot)
    {
        var mask = _keys.Length - 1;
        var h = (int)(Mix(key) & (ulong)mask);
        while (_slots[h] >= 0)
        {
            h = (h + 1) & mask;
        }

        _keys[h] = key;
        _slots[h] = slot;
        _used++;
    }

    private int SlotOfPacked(long key, out bool created)
    {
        var mask = _keys.Length - 1;
        var h = (int)(Mix(key) & (ulong)mask);
        while (true)
        {
            var slot = _slots[h];
            if (slot < 0)
            {
                break;
            }

            if (_keys[h] == key)
            {
                created = false;
                return slot;
            }

            h = (h + 1) & mask;
        }

        created = true;
        _keys[h] = key;
        _slots[h] = Count;
        _used++;
        var result = Count++;
        if (_used * 2 > _keys.Length)
        {
            Grow();
        }

        return result;
    }

    private void Grow()
    {
        var oldKeys = _keys;
        var oldSlots = _slots;
        _keys = new long[oldKeys.Length * 2];
        _slots = new int[oldSlots.Length * 2];
        Array.Fill(_slots, -1);
        var mask = _keys.Length - 1;
        for (var i = 0; i < oldKeys.Length; i++)
        {
            if (oldSlots[i] < 0)
            {
                continue;
            }

            var h = (int)(Mix(oldKeys[i]) & (ulong)mask);
            while (_slots[h] >= 0)
            {
                h = (h + 1) & mask;
            }

            _keys[h] = oldKeys[i];
            _slots[h] = oldSlots[i];
        }
    }

    private static ulong Mix(long key)
    {
        unchecked
        {
            var x = (ulong)key;
            x ^= x >> 33;
            x *= 0xff51afd7ed558ccdUL;
            x ^= x >> 33;
            return x;
        }
    }
}
