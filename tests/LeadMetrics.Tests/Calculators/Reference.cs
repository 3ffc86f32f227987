using NodaTime;

namespace LeadMetrics.Tests.Calculators;

/// <summary>
/// Plain, obviously-correct reference implementations of the lead KPIs over domain <see cref="Lead"/>
/// objects: sorting and LINQ, no streaming, no sketches.
/// </summary>
internal static class Reference
{
    internal sealed record Funnel(long Leads, long Won, long Lost, long Open, long[] Reached, long[] LostAt, long[] OpenAt);

    internal static Funnel FunnelOf(IReadOnlyCollection<Lead> leads, Pipeline pipeline)
    {
        var n = pipeline.FunnelLength;
        var reached = new long[n];
        for (var p = 0; p < n; p++)
        {
            reached[p] = leads.Count(l => Furthest(l, pipeline) >= p);
        }

        var lostAt = new long[n];
        var openAt = new long[n];
        foreach (var l in leads)
        {
            if (l.Outcome == LeadOutcome.Lost)
            {
                lostAt[Furthest(l, pipeline)]++;
            }
            else if (l.Outcome == LeadOutcome.Open)
            {
                openAt[Furthest(l, pipeline)]++;
            }
        }

        return new Funnel(
            leads.Count,
            leads.Count(l => l.Outcome == LeadOutcome.Won),
            leads.Count(l => l.Outcome == LeadOutcome.Lost),
            leads.Count(l => l.Outcome == LeadOutcome.Open),
            reached,
            lostAt,
            openAt);
    }

    /// <summary>Furthest position, recomputed from the history (skipped stages count as passed).</summary>
    internal static int Furthest(Lead lead, Pipeline pipeline) =>
        lead.Outcome == LeadOutcome.Won
            ? pipeline.OpenStageCount
            : lead.StageHistory.Where(t => t.To.Kind == StageKind.Open).Select(t => t.To.Index).DefaultIfEmpty(0).Max();

    internal static List<Duration> ResponseTimes(IEnumerable<Lead> leads) =>
        [.. leads.Where(l => l.FirstResponseAt is not null).Select(l => l.FirstResponseAt!.Value - l.CreatedAt)];

    internal static List<Duration> ConversionTimes(IEnumerable<Lead> leads) =>
        [.. leads.Where(l => l.Outcome == LeadOutcome.Won).Select(l => l.WonAt!.Value - l.CreatedAt)];

    /// <summary>Completed stays per open stage, written independently of the calculator.</summary>
    internal static List<Duration>[] StageStays(IEnumerable<Lead> leads, Pipeline pipeline)
    {
        var stays = Enumerable.Range(0, pipeline.OpenStageCount).Select(_ => new List<Duration>()).ToArray();
        foreach (var lead in leads)
        {
            // Build (stage, entered) segments: the first stage from creation, then each change of stage.
            var segments = new List<(int Stage, Instant Entered)> { (0, lead.CreatedAt) };
            foreach (var t in lead.StageHistory)
            {
                if (t.To.Index != segments[^1].Stage)
                {
                    segments.Add((t.To.Index, t.At));
                }
            }

            for (var i = 0; i < segments.Count; i++)
            {
                if (segments[i].Stage >= pipeline.OpenStageCount)
                {
                    break;
                }

                Instant? end = i + 1 < segments.Count ? segments[i + 1].Entered : lead.ClosedAt;
                if (end is { } e)
                {
                    stays[segments[i].Stage].Add(e - segments[i].Entered);
                }
            }
        }

        return stays;
    }

    internal static List<Duration> Cycles(IEnumerable<Lead> leads, LeadOutcome outcome, Stage? start, out long withoutStart)
    {
        var result = new List<Duration>();
        withoutStart = 0;
        foreach (var lead in leads.Where(l => l.Outcome == outcome))
        {
            Instant? from = lead.CreatedAt;
            if (start is not null && start.Index > 0)
            {
                from = lead.StageHistory.FirstOrDefault(t => t.To.Index >= start.Index && t.To.Index <= lead.Pipeline.OpenStageCount)?.At;
            }

            if (from is null)
            {
                withoutStart++;
                continue;
            }

            result.Add(lead.ClosedAt!.Value - from.Value);
        }

        return result;
    }

    /// <summary>The exact quantile: the value at zero-based rank floor(q * (n - 1)).</summary>
    internal static Duration ExactQuantile(List<Duration> values, double q)
    {
        var sorted = values.OrderBy(v => v).ToList();
        return sorted[(int)Math.Floor(q * (sorted.Count - 1))];
    }

    internal static Duration? Mean(List<Duration> values) =>
        values.Count == 0 ? null : Duration.FromTicks((long)Math.Round((double)values.Aggregate(Int128.Zero, (s, v) => s + v.BclCompatibleTicks) / values.Count, MidpointRounding.ToEven));

    internal static long[] Histogram(List<Duration> values, IReadOnlyList<Duration> edges)
    {
        var bins = new long[edges.Count + 1];
        foreach (var v in values)
        {
            var bin = edges.Count(e => v >= e);
            bins[bin]++;
        }

        return bins;
    }

    internal static bool Within(Duration estimate, Duration exact, double alpha) =>
        Math.Abs((estimate - exact).TotalNanoseconds) <= (alpha * exact.TotalNanoseconds) + 1;
}
