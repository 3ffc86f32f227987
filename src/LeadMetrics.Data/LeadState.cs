using System.Runtime.CompilerServices;

namespace LeadMetrics.Data;

/// <summary>
/// The compact state of the leads read so far, one array per fact: the line, created, first-response and close
/// instants as ticks, outcome flags, provisional label ids, the head of the lead's visit chain, and deal values (an
/// array made only once a lead has one). About 49 bytes per lead, and 16 more when the file has deal values.
/// </summary>
internal sealed class LeadState
{
    /// <summary>No instant.</summary>
    public const long None = long.MinValue;

    public int[] Line = [];
    public long[] Created = [];
    public long[] Response = [];
    public long[] Closed = [];
    public byte[] Flags = [];
    public int[] Source = [];
    public int[] Campaign = [];
    public int[] Owner = [];
    public int[] Head = [];
    private decimal[]? _value;

    public int Count { get; private set; }

    public decimal ValueOf(int lead) => _value is null ? 0 : _value[lead];

    public void Reserve(long leads)
    {
        if (leads <= Created.Length)
        {
            return;
        }

        var capacity = (int)Math.Min(leads, Array.MaxLength);
        Array.Resize(ref Line, capacity);
        Array.Resize(ref Created, capacity);
        Array.Resize(ref Response, capacity);
        Array.Resize(ref Closed, capacity);
        Array.Resize(ref Flags, capacity);
        Array.Resize(ref Source, capacity);
        Array.Resize(ref Campaign, capacity);
        Array.Resize(ref Owner, capacity);
        Array.Resize(ref Head, capacity);
        if (_value is not null)
        {
            Array.Resize(ref _value, capacity);
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public int Add(int line, long created, long response, long closed, byte flags, int source, int campaign, int owner, decimal value)
    {
        if (Count == Created.Length)
        {
            Reserve(Math.Max(1024, (long)Created.Length * 5 / 4));
        }

        var i = Count++;
        Head[i] = -1;
        Replace(i, line, created, response, closed, flags, source, campaign, owner, value);
        return i;
    }

    /// <summary>Sets lead <paramref name="i"/>'s fields: a new lead's, or a later row of its id (<see cref="DuplicateLeadPolicy.Last"/>; it has no visits yet).</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public void Replace(int i, int line, long created, long response, long closed, byte flags, int source, int campaign, int owner, decimal value)
    {
        Line[i] = line;
        Created[i] = created;
        Response[i] = response;
        Closed[i] = closed;
        Flags[i] = flags;
        Source[i] = source;
        Campaign[i] = campaign;
        Owner[i] = owner;
        if (value != 0 || _value is not null)
        {
            _value ??= new decimal[Created.Length];
            _value[i] = value;
        }
    }
}

/// <summary>Provisional ids of the labels of one dimension (0 = none), in the order first seen; case-folded on request.</summary>
internal sealed class LabelTable
{
    private readonly Dictionary<string, int> _ids;
    private readonly Dictionary<string, int>.AlternateLookup<ReadOnlySpan<char>> _lookup;
    private readonly List<string> _labels = [string.Empty];

    public LabelTable(bool foldCase)
    {
        _ids = new Dictionary<string, int>(foldCase ? StringComparer.OrdinalIgnoreCase : StringComparer.Ordinal);
        _lookup = _ids.GetAlternateLookup<ReadOnlySpan<char>>(); // once: getting it checks the comparer's type
    }

    public int Count => _labels.Count;

    public string Label(int id) => _labels[id];

    /// <summary>The group name the report gives the empty label.</summary>
    public const string NoneLabel = "(none)";

    /// <summary>
    /// True for an empty label and for the literal text <c>(none)</c> (any case), which is read as empty: the report
    /// names the empty label's group <c>(none)</c>, so a label spelled so would make a second group with the same key
    /// (issue 15, item 9).
    /// </summary>
    public static bool IsNone(ReadOnlySpan<char> label) => label.IsEmpty || label.Equals(NoneLabel, StringComparison.OrdinalIgnoreCase);

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public int Intern(ReadOnlySpan<char> label)
    {
        if (IsNone(label))
        {
            return 0;
        }

        if (_lookup.TryGetValue(label, out var id))
        {
            return id;
        }

        id = _labels.Count;
        var text = label.ToString();
        _labels.Add(text);
        _ids.Add(text, id);
        return id;
    }
}

/// <summary>
/// Lead ids to lead indexes: the ids' characters in one arena with their starts, and an open-addressing table of
/// indexes (about 2 bytes per character and 12 to 20 bytes per lead), looked up by span so that stage rows allocate nothing.
/// While the ids arrive in increasing ordinal order (a leads file sorted by id, as exports usually are), a new id is
/// known to be new without a lookup (it is greater than every id so far): those ids are indexed later, all at once,
/// at the first lookup that needs the table or at <see cref="Index"/> (the inserts of one loop overlap their cache
/// misses, where a lookup per row waited for each).
/// </summary>
internal sealed class LeadIdTable
{
    private char[] _chars = new char[4096];
    private int[] _start = new int[1025];
    private int[] _table = new int[2048];
    private int _count;
    private int _indexed;        // ids [0, _indexed) are in _table
    private bool _sorted = true; // every id so far is greater (ordinal) than the one before it

    public string IdOf(int lead) => new(Id(lead));

    /// <summary>True when <paramref name="id"/> is the id of lead <paramref name="lead"/>.</summary>
    public bool Is(int lead, ReadOnlySpan<char> id) => id.SequenceEqual(Id(lead));

    private ReadOnlySpan<char> Id(int lead) => _chars.AsSpan(_start[lead], _start[lead + 1] - _start[lead]);

    public void Reserve(long leads)
    {
        if (leads + 1 > _start.Length)
        {
            Array.Resize(ref _start, (int)Math.Min(leads + 1, Array.MaxLength));
        }

        if (_count > 0)
        {
            var chars = (long)(_start[_count] / (double)_count * leads * 1.02) + 64;
            if (chars > _chars.Length)
            {
                Array.Resize(ref _chars, (int)Math.Min(chars, Array.MaxLength));
            }
        }

        var size = _table.Length;
        while (size < leads * 2)
        {
            size *= 2;
        }

        if (size != _table.Length)
        {
            Rehash(size);
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public int Find(ReadOnlySpan<char> id)
    {
        if (_indexed < _count)
        {
            if (_sorted && id.SequenceCompareTo(Id(_count - 1)) > 0)
            {
                return -1;
            }

            Index();
        }

        var mask = _table.Length - 1;
        for (var slot = string.GetHashCode(id) & mask; ; slot = (slot + 1) & mask)
        {
            var entry = _table[slot];
            if (entry == 0)
            {
                return -1;
            }

            if (id.SequenceEqual(Id(entry - 1)))
            {
                return entry - 1;
            }
        }
    }

    /// <summary>Adds an id not in the table yet, for lead index <paramref name="lead"/> (the next index).</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public void Add(ReadOnlySpan<char> id, int lead)
    {
        if (lead + 2 > _start.Length)
        {
            Array.Resize(ref _start, (int)Math.Min((long)_start.Length * 2, Array.MaxLength));
        }

        var at = _start[lead];
        if ((long)at + id.Length > _chars.Length)
        {
            var grown = Math.Max((long)_chars.Length * 3 / 2, (long)at + id.Length);
            if (grown > Array.MaxLength)
            {
                throw new DataSetException($"the lead ids take more than {Array.MaxLength:N0} characters; split the leads file.");
            }

            Array.Resize(ref _chars, (int)grown);
        }

        _sorted = _sorted && (lead == 0 || id.SequenceCompareTo(Id(lead - 1)) > 0);
        id.CopyTo(_chars.AsSpan(at));
        _start[lead + 1] = at + id.Length;
        _count++;
        if (_sorted)
        {
            return; // indexed by Index, before the table is read
        }

        if (_indexed < lead || _count * 2 > _table.Length)
        {
            Index();
        }
        else
        {
            Insert(_table, string.GetHashCode(id), lead);
            _indexed = _count;
        }
    }

    /// <summary>Puts every id added so far in the table (call it before other threads look ids up).</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public void Index()
    {
        var size = _table.Length;
        while (size < (long)_count * 2)
        {
            size *= 2;
        }

        if (size != _table.Length)
        {
            Rehash(size);
            return;
        }

        for (var i = _indexed; i < _count; i++)
        {
            Insert(_table, string.GetHashCode(Id(i)), i);
        }

        _indexed = _count;
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private void Rehash(int size)
    {
        var table = new int[size];
        for (var i = 0; i < _count; i++)
        {
            Insert(table, string.GetHashCode(Id(i)), i);
        }

        _table = table;
        _indexed = _count;
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void Insert(int[] table, int hash, int lead)
    {
        var mask = table.Length - 1;
        var slot = hash & mask;
        while (table[slot] != 0)
        {
            slot = (slot + 1) & mask;
        }

        table[slot] = lead + 1;
    }
}
