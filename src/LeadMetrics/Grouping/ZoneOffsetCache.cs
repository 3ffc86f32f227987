using NodaTime;

namespace LeadMetrics.Grouping;

/// <summary>
/// Maps instants (as Unix ticks) to local ticks in a zone without allocating in steady state: the
/// zone intervals met so far are kept sorted and found by binary search.
/// </summary>
internal sealed class ZoneOffsetCache
{
    private readonly DateTimeZone _zone;
    private long[] _starts = new long[8];
    private long[] _ends = new long[8];
    private long[] _offsets = new long[8];
    private int _count;
    private int _last = -1;

    internal ZoneOffsetCache(DateTimeZone zone)
    {
        _zone = zone;
        if (zone.MaxOffset == zone.MinOffset)
        {
            // A fixed zone: one interval covering everything.
            Insert(0, long.MinValue, long.MaxValue, zone.MaxOffset.Ticks);
        }
    }

    internal long ToLocalTicks(long unixTicks)
    {
        var i = _last;
        if (i >= 0 && unixTicks >= _starts[i] && unixTicks < _ends[i])
        {
            return unixTicks + _offsets[i];
        }

        return Slow(unixTicks);
    }

    private long Slow(long unixTicks)
    {
        int lo = 0, hi = _count - 1;
        while (lo <= hi)
        {
            var mid = (lo + hi) >>> 1;
            if (unixTicks < _starts[mid])
            {
                hi = mid - 1;
            }
            else if (unixTicks >= _ends[mid])
            {
                lo = mid + 1;
            }
            else
            {
                _last = mid;
                return unixTicks + _offsets[mid];
            }
        }

        var interval = _zone.GetZoneInterval(Instant.FromUnixTimeTicks(unixTicks));
        var start = interval.HasStart ? interval.Start.ToUnixTimeTicks() : long.MinValue;
        var end = interval.HasEnd ? interval.End.ToUnixTimeTicks() : long.MaxValue;
        Insert(lo, start, end, interval.WallOffset.Ticks);
        _last = lo;
        return unixTicks + interval.WallOffset.Ticks;
    }

    private void Insert(int at, long start, long end, long offset)
    {
        if (_count == _starts.Length)
        {
            Array.Resize(ref _starts, _count * 2);
            Array.Resize(ref _ends, _count * 2);
            Array.Resize(ref _offsets, _count * 2);
        }

        Array.Copy(_starts, at, _starts, at + 1, _count - at);
        Array.Copy(_ends, at, _ends, at + 1, _count - at);
        Array.Copy(_offsets, at, _offsets, at + 1, _count - at);
        _starts[at] = start;
        _ends[at] = end;
        _offsets[at] = offset;
        _count++;
    }
}
