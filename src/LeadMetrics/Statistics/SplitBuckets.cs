using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;

namespace LeadMetrics.Statistics;

/// <summary>
/// The sketch buckets an exact histogram splits (a histogram edge falls inside them), as one bit per bucket
/// index, plus, when every such bucket lies in one window of 1,024 indexes (a factor of about 2^29 in duration
/// at α = 1%: the default edges span 2^19), that window's 16 words in two vectors, so that the columnar path
/// tests sixteen bucket indexes at once (as 32 words of 32 bits). Immutable; shared by every statistics of the same <see cref="DistributionOptions"/>.
/// </summary>
internal sealed class SplitBuckets
{
    /// <summary>The words of the window.</summary>
    internal const int WindowWords = 16;

    /// <summary>Creates the bits of <paramref name="buckets"/> (each from 0 to <paramref name="maxIndex"/>).</summary>
    internal SplitBuckets(IReadOnlyCollection<int> buckets, int maxIndex)
    {
        Bits = new ulong[(maxIndex / 64) + 1];
        foreach (var bucket in buckets)
        {
            Bits[bucket / 64] |= 1UL << (bucket % 64);
        }

        var first = buckets.Count == 0 ? 0 : buckets.Min() / 64;
        var last = buckets.Count == 0 ? 0 : buckets.Max() / 64;
        InWindow = last - first < WindowWords;
        WindowBase = first * 64L;
        var window = new ulong[WindowWords];
        for (var w = 0; w < WindowWords && first + w < Bits.Length; w++)
        {
            window[w] = Bits[first + w];
        }

        WindowLow = Vector512.Create(window.AsSpan(0, 8));
        WindowHigh = Vector512.Create(window.AsSpan(8, 8));
    }

    /// <summary>Bit <c>b % 64</c> of word <c>b / 64</c> is set when bucket b is split; a word for every index a tick count can have.</summary>
    internal ulong[] Bits { get; }

    /// <summary>Whether every split bucket is in the window (<see cref="WindowBase"/> and the next 1,023 indexes).</summary>
    internal bool InWindow { get; }

    /// <summary>The first bucket index of the window (a multiple of 64).</summary>
    internal long WindowBase { get; }

    /// <summary>Words 0 to 7 of the window.</summary>
    internal Vector512<ulong> WindowLow { get; }

    /// <summary>Words 8 to 15 of the window.</summary>
    internal Vector512<ulong> WindowHigh { get; }

    /// <summary>Whether bucket <paramref name="bucket"/> (0 or more) is split.</summary>
    /// <remarks>Inlined: the one-at-a-time loops call it per value (NativeAOT did not inline it: 3% of the native call).</remarks>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    internal bool Contains(int bucket) => ((Bits[bucket >> 6] >> bucket) & 1) != 0;
}
