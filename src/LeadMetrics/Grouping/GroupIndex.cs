using LeadMetrics.Records;

namespace LeadMetrics.Grouping;

/// <summary>
/// Maps group keys (dimension id, period ordinal) to dense slots: an array for groupings without a
/// time bucket, an open-addressing table otherwise. Allocates only when a new group appears.
/// </summary>
internal sealed class GroupIndex
{
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

    /// <summary>The id-to-slot array of a grouping without time bucket (-1 = no slot yet); replaced when it grows.</summary>
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

        var period = ticks == LeadRecord.None ? Periods.NonePeriod : Periods.Ordinal(_grouping.Bucket, _offsets.ToLocalTicks(ticks));
        return SlotOfPacked(Pack(id, period), out created);
    }

    /// <summary>The group key of a row of a columnar batch.</summary>
    internal GroupKey KeyOf(int id, long ticks) =>
        new(_grouping.Dimension, id, _grouping.Bucket, _offsets is null ? 0 : ticks == LeadRecord.None ? Periods.NonePeriod : Periods.Ordinal(_grouping.Bucket, _offsets.ToLocalTicks(ticks)));

    internal int SlotOf(GroupKey key, out bool created) =>
        _offsets is null ? SlotOfId(key.DimensionId, out created) : SlotOfPacked(Pack(key.DimensionId, key.Period), out created);

    private int SlotOfId(int id, out bool created)
    {
        if (unchecked((uint)id < (uint)_byId.Length))
        {
            var slot = _byId[id];
            if (slot >= 0)
            {
                created = false;
                return slot;
            }
        }
        else
        {
            var old = _byId.Length;
            Array.Resize(ref _byId, Math.Max(id + 1, old * 2));
            Array.Fill(_byId, -1, old, _byId.Length - old);
        }

        created = true;
        _byId[id] = Count;
        return Count++;
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
