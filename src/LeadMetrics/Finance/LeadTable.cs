using LeadMetrics.Serialization;

namespace LeadMetrics.Finance;

/// <summary>
/// Facts kept per dense lead key so that revenue, which names only the lead, can be joined to the
/// lead's group. An array indexed by key: lookups never hash, and adding allocates only when a key
/// beyond the capacity arrives (the arrays double).
/// </summary>
/// <typeparam name="TEntry">What is kept per lead.</typeparam>
internal sealed class LeadTable<TEntry>
    where TEntry : struct
{
    private TEntry[] _entries = new TEntry[16];
    private bool[] _known = new bool[16];

    /// <summary>
    /// The largest lead key serialized state may hold (2^26, 67,108,864): the table is a dense array indexed by key, so
    /// a larger key in bytes is refused as damage rather than sized.
    /// </summary>
    internal const int MaxSerializedKey = 1 << 26;

    /// <summary>
    /// Refuses at write time a lead key that <c>MergeSerialized</c> would refuse (above <see cref="MaxSerializedKey"/>),
    /// so that bytes written are always bytes that can be read.
    /// </summary>
    internal static int CheckSerializable(int lead) => lead <= MaxSerializedKey ? lead : throw new InvalidOperationException(
        $"lead key {lead} is above {MaxSerializedKey}, the largest lead key serialized state holds: this calculator's state cannot be serialized (merge it in process with Merge, or use dense lead keys from a LeadEncoding).");

    internal int Count { get; private set; }

    /// <summary>One more than the largest key the table has room for: keys below it can be looked up with <see cref="TryGet"/>.</summary>
    internal int KeyBound => _known.Length;

    internal void EnsureCapacity(int keys)
    {
        if (keys > _entries.Length)
        {
            Array.Resize(ref _entries, keys);
            Array.Resize(ref _known, keys);
        }
    }

    internal void Add(int lead, in TEntry entry)
    {
        if ((uint)lead >= (uint)_entries.Length)
        {
            EnsureCapacity(Math.Max(lead + 1, _entries.Length * 2));
        }

        if (_known[lead])
        {
            throw Duplicate(lead);
        }

        _entries[lead] = entry;
        _known[lead] = true;
        Count++;
    }

    internal bool TryGet(int lead, out TEntry entry)
    {
        if ((uint)lead < (uint)_entries.Length && _known[lead])
        {
            entry = _entries[lead];
            return true;
        }

        entry = default;
        return false;
    }

    /// <summary>Adds every lead of <paramref name="other"/>; throws, before changing anything, when a lead is in both.</summary>
    internal void AddAll(LeadTable<TEntry> other) => AddAll(other, 0, static (_, entry) => entry);

    /// <summary>Adds every lead of <paramref name="other"/> with its entry passed through <paramref name="map"/>; throws, before changing anything, when a lead is in both.</summary>
    internal void AddAll<TState>(LeadTable<TEntry> other, TState state, Func<TState, TEntry, TEntry> map)
    {
        var shared = Math.Min(_known.Length, other._known.Length);
        for (var i = 0; i < shared; i++)
        {
            if (_known[i] && other._known[i])
            {
                throw Duplicate(i);
            }
        }

        EnsureCapacity(other._entries.Length);
        for (var i = 0; i < other._known.Length; i++)
        {
            if (other._known[i])
            {
                _entries[i] = map(state, other._entries[i]);
                _known[i] = true;
                Count++;
            }
        }
    }

    private static ArgumentException Duplicate(int lead) =>
        new($"lead {lead} was already added to this calculation (or to the partial being merged); add each lead once, and merge partials of disjoint leads.", nameof(lead));
}

/// <summary>A revenue amount (already in the calculation's currency) waiting for its lead to be added.</summary>
internal readonly record struct PendingRevenue(int Lead, long Ticks, decimal Amount);

/// <summary>A growable buffer of <see cref="PendingRevenue"/>.</summary>
internal sealed class PendingRevenueBuffer
{
    private PendingRevenue[] _items = [];

    internal int Count { get; private set; }

    internal ReadOnlySpan<PendingRevenue> Items => _items.AsSpan(0, Count);

    internal void Add(in PendingRevenue item)
    {
        if (Count == _items.Length)
        {
            Array.Resize(ref _items, Math.Max(8, Count * 2));
        }

        _items[Count++] = item;
    }

    internal void AddAll(PendingRevenueBuffer other)
    {
        foreach (ref readonly var item in other.Items)
        {
            Add(item);
        }
    }

    /// <summary>Removes the items for which <paramref name="remove"/> returns true, keeping the order of the rest.</summary>
    internal void RemoveWhere<TState>(TState state, Func<TState, PendingRevenue, bool> remove)
    {
        var kept = 0;
        for (var i = 0; i < Count; i++)
        {
            if (!remove(state, _items[i]))
            {
                _items[kept++] = _items[i];
            }
        }

        Count = kept;
    }

    /// <summary>Writes the items in a canonical order (lead, instant, amount), so that equal buffers write equal bytes.</summary>
    internal void WriteState(StateWriter writer)
    {
        var items = Items.ToArray();
        Array.Sort(items, static (a, b) =>
        {
            var c = a.Lead.CompareTo(b.Lead);
            c = c != 0 ? c : a.Ticks.CompareTo(b.Ticks);
            c = c != 0 ? c : a.Amount.CompareTo(b.Amount);
            return c != 0 ? c : a.Amount.Scale.CompareTo(b.Amount.Scale);
        });
        writer.WriteInt32(items.Length);
        foreach (var item in items)
        {
            writer.WriteInt32(LeadTable<int>.CheckSerializable(item.Lead));
            writer.WriteInt64(item.Ticks);
            writer.WriteDecimal(item.Amount);
        }
    }

    /// <summary>Reads what <see cref="WriteState"/> wrote into this empty buffer.</summary>
    internal void ReadState(ref StateReader reader)
    {
        var count = reader.ReadCount("pending", 28);
        for (var i = 0; i < count; i++)
        {
            var lead = reader.ReadInt32($"pending[{i}].lead");
            if (lead <= 0 || lead > LeadTable<int>.MaxSerializedKey)
            {
                throw reader.Error($"pending[{i}] has lead key {lead}; lead keys are 1 to {LeadTable<int>.MaxSerializedKey}");
            }

            lead = reader.MapId(StateLabels.Leads, lead, $"pending[{i}].lead");
            Add(new PendingRevenue(lead, reader.ReadInt64($"pending[{i}].ticks"), reader.ReadDecimal($"pending[{i}].amount")));
        }
    }

    internal decimal Sum()
    {
        var sum = 0m;
        foreach (ref readonly var item in Items)
        {
            sum += item.Amount;
        }

        return sum;
    }
}
