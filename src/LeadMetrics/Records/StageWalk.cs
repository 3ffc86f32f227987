using System.Diagnostics;
using System.Runtime.CompilerServices;

namespace LeadMetrics.Records;

/// <summary>
/// The stage-velocity rule, written once: how a lead's stage visits become stretches of time spent in a stage. Every
/// path uses it: the row path (<see cref="Walk{TSink}"/>), the batch layout that precomputes the stretches of simple
/// histories (<see cref="Describe"/>, called as <see cref="LeadColumns"/> appends a row), and the columnar kernels,
/// which replay that layout (<see cref="IsSimple"/>, <see cref="EndsLastStretch"/>).
/// </summary>
/// <remarks>
/// <para>The rule: a lead is in stage 0 from its creation. A visit to a stage other than the current one ends the
/// current stretch (its length: the visit's instant less the stretch's start) and starts one in the visited stage; a
/// repeated visit to the current stage continues the stretch. A visit to a terminal stage (at or above the pipeline's
/// first terminal stage, <c>open</c>) ends the walk. The stretch of a lead not ended by a terminal visit ends at its
/// close when the lead is closed and the close is not before the stretch's start; an open lead's current stretch is
/// censored (not counted).</para>
/// <para>The layout: a history is <i>simple</i> when no state needs carrying from visit to visit: no visit repeats the
/// one before it, a first visit to stage 0 is at creation, every stage is at most <see cref="MaxStretchStage"/>, and no
/// visit before the last is terminal. Then its stretches are exactly one per visit whose stage differs from the
/// previous visit's (stage 0 before the first), which <see cref="Describe"/> stores, plus the last stretch, ended by the
/// close (<see cref="EndsLastStretch"/>). Whether a history is simple depends on the pipeline only through the first
/// terminal stage, so the layout stores its <i>walk bound</i> (the largest stage before the last visit, or
/// <see cref="IrregularBound"/>) and a kernel compares it with its pipeline (<see cref="IsSimple"/>).</para>
/// </remarks>
internal static class StageWalk
{
    /// <summary>The walk bound of a history that is never simple (a repeated visit, a late first visit to stage 0, a stage above <see cref="MaxStretchStage"/>).</summary>
    internal const int IrregularBound = int.MaxValue;

    /// <summary>The walk bound of a history with fewer than two visits (nothing before the last visit).</summary>
    internal const int NoBound = -1;

    /// <summary>The largest stage a stored stretch can name (stretch stages are stored in a byte).</summary>
    internal const int MaxStretchStage = byte.MaxValue;

    /// <summary>
    /// Stretches store their row modulo this (16 bits): a block of at most this many rows starting at row s finds a
    /// stretch's row as <c>s + ((row - s) mod StretchRowModulus)</c>.
    /// </summary>
    internal const int StretchRowModulus = ushort.MaxValue + 1;

    /// <summary>Receives the stretches of a walk.</summary>
    internal interface ISink
    {
        /// <summary>A stretch of <paramref name="ticks"/> in open stage <paramref name="stage"/>.</summary>
        void Add(int stage, long ticks);
    }

    /// <summary>
    /// Walks one lead's history by the rule, giving each stretch to <paramref name="sink"/>; <paramref name="open"/> is
    /// the pipeline's first terminal stage, <paramref name="closedTicks"/> <see cref="LeadRecord.None"/> for an open lead.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    internal static void Walk<TSink>(long createdTicks, long closedTicks, ReadOnlySpan<StageVisit> visits, int open, ref TSink sink)
        where TSink : struct, ISink
    {
        // Unchecked on purpose: differences of in-range tick instants cannot overflow.
        unchecked
        {
            var current = 0;
            var since = createdTicks;
            foreach (ref readonly var visit in visits)
            {
                var stage = visit.Stage;
                if (stage == current)
                {
                    continue;
                }

                var at = visit.EnteredTicks;
                sink.Add(current, at - since);
                if (stage >= open)
                {
                    return;
                }

                current = stage;
                since = at;
            }

            if (EndsLastStretch(closedTicks, since))
            {
                sink.Add(current, closedTicks - since);
            }
        }
    }

    /// <summary>Whether a closed lead's close ends its last stretch, begun at <paramref name="sinceTicks"/> (the close is not before it).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    internal static bool EndsLastStretch(long closedTicks, long sinceTicks) => closedTicks != LeadRecord.None && closedTicks >= sinceTicks;

    /// <summary>Whether a history of walk bound <paramref name="bound"/> is simple for a pipeline whose first terminal stage is <paramref name="open"/>.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    internal static bool IsSimple(int bound, int open) => bound < open;

    /// <summary>
    /// The layout of one history (row <paramref name="row"/> of a batch): writes the stretches its visits end to
    /// <paramref name="rows"/>, <paramref name="from"/> and <paramref name="ticks"/> from <paramref name="written"/> on
    /// (at most one per visit) and returns how many it wrote; gives the history's walk bound, where its last stretch
    /// began (<paramref name="lastSince"/>: the last visit, or creation without visits) and its stage
    /// (<paramref name="lastStage"/>: the last visit's, or 0).
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    internal static int Describe(
        long createdTicks, ReadOnlySpan<StageVisit> visits, int row, Span<ushort> rows, Span<byte> from, Span<long> ticks, int written,
        out int bound, out long lastSince, out int lastStage)
    {
        Debug.Assert(rows.Length >= written + visits.Length && from.Length >= written + visits.Length && ticks.Length >= written + visits.Length, "one stretch per visit at most");
        var w = written;
        bound = NoBound;
        var irregular = visits.Length > 0 && visits[0].Stage == 0 && visits[0].EnteredTicks != createdTicks;
        var previous = -1;
        var since = createdTicks;
        foreach (ref readonly var visit in visits)
        {
            var stage = visit.Stage;
            var stretchStage = Math.Max(previous, 0);
            if (stage != stretchStage)
            {
                rows[w] = unchecked((ushort)row);
                from[w] = unchecked((byte)stretchStage);
                ticks[w] = unchecked(visit.EnteredTicks - since);
                w++;
            }

            irregular |= stage == previous || stage > MaxStretchStage;
            bound = Math.Max(bound, previous);
            previous = stage;
            since = visit.EnteredTicks;
        }

        bound = irregular ? IrregularBound : bound;
        lastSince = since;
        lastStage = Math.Max(previous, 0);
        return w - written;
    }
}
