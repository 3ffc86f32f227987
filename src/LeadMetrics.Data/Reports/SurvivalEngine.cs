using LeadMetrics.Calculators;
using LeadMetrics.Grouping;
using LeadMetrics.Records;
using NodaTime;

namespace LeadMetrics.Data.Reports;

/// <summary>
/// Conversion with open leads (issue 18): the library's <see cref="ConversionSurvivalCalculator"/> per group of every
/// grouping, as of the last instant observed in the leads, lost leads at risk until then (docs/metrics.md, "Conversion
/// with open leads"). The as-of instant is known only after the pass over the leads: the row path feeds its records
/// then; the columnar path keeps, in the pass, a compact copy of what the curve reads from each lead (creation, close,
/// outcome, source, campaign, owner: 32 bytes per lead) and feeds it then, so that both paths give the same curve.
/// </summary>
internal sealed class SurvivalEngine
{
    private readonly double _confidence;
    private readonly IReadOnlyList<LeadGrouping> _groupings;
    // The kept leads in chunks of 65,536 (2 MB each): no copy of the whole while it grows. The chunks filled so far (a
    // merge adds the other engine's, the last of them part full), and the one being filled.
    private const int ChunkSize = 1 << 16;
    private readonly List<(Compact[] Chunk, int Count)> _chunks = [];
    private Compact[]? _current;
    private int _inLast = ChunkSize;
    private ConversionSurvivalOptions? _options;

    public SurvivalEngine(double confidence, IReadOnlyList<LeadGrouping> groupings)
    {
        _confidence = confidence;
        _groupings = groupings;
        // The columnar path's attribute grouping (one grouping by segment): its compact copy keeps the segment instead of the source.
        _bySegment = groupings is [{ Dimension: GroupDimension.Segment }];
    }

    private readonly bool _bySegment;

    /// <summary>Keeps what the curve reads from a lead of the columnar pass, until the as-of instant is known.</summary>
    public void Add(in LeadRecord lead)
    {
        if (_inLast == ChunkSize)
        {
            if (_current is not null)
            {
                _chunks.Add((_current, ChunkSize));
            }

            _current = new Compact[ChunkSize];
            _inLast = 0;
        }

        _current![_inLast++] = new Compact(lead.CreatedAt.ToUnixTimeTicks(), lead.ClosedAt?.ToUnixTimeTicks() ?? 0, _bySegment ? lead.Segment : lead.Source, lead.Campaign, lead.Owner, lead.Outcome);
    }

    /// <summary>Takes the leads kept by another engine of the same groupings (the other thread's pass; its chunks, not copied). The curve does not depend on the order of the leads.</summary>
    public void Merge(SurvivalEngine other)
    {
        Seal();
        other.Seal();
        _chunks.AddRange(other._chunks);
        other._chunks.Clear();
    }

    // Moves the chunk being filled to the filled ones (the next Add starts a new chunk).
    private void Seal()
    {
        if (_current is not null && _inLast > 0)
        {
            _chunks.Add((_current, _inLast));
        }

        _current = null;
        _inLast = ChunkSize;
    }

    /// <summary>
    /// Sets the survival section of every computed group of every grouping, as of <paramref name="asOf"/>, from the
    /// records (row path) or the leads kept by <see cref="Add"/> (columnar path). With two threads the columnar path
    /// feeds the first half of the kept leads on this thread and the second half on another, each into calculators of
    /// its own, merged at the end: the curves are those of one thread (a merge of the counts is exact).
    /// </summary>
    public void Apply(Instant asOf, Dictionary<LeadGrouping, List<(GroupKey Key, ReportKpis Kpis)>> results, LeadRecord[]? records, int threads = 1)
    {
        _options = new ConversionSurvivalOptions(asOf, confidence: _confidence);
        var calculators = NewCalculators();
        if (records is not null)
        {
            foreach (var calculator in calculators)
            {
                foreach (var r in records)
                {
                    calculator.Add(r);
                }
            }
        }
        else
        {
            Seal();
            var kept = _chunks.Sum(c => c.Count);
            if (threads > 1 && kept >= MinimumToSplit)
            {
                // Two halves of the kept leads, one per thread: each builds every lead's record once for all groupings.
                var half = kept / 2;
                var second = NewCalculators();
                var other = Task.Factory.StartNew(() => Feed(second, half, kept), CancellationToken.None, TaskCreationOptions.LongRunning, TaskScheduler.Default);
                try
                {
                    Feed(calculators, 0, half);
                }
                catch
                {
                    // This half's error is the one thrown (one thread would have stopped at it): let the other half end first.
                    other.ContinueWith(static _ => { }, TaskScheduler.Default).Wait();
                    throw;
                }

                other.GetAwaiter().GetResult();
                for (var i = 0; i < calculators.Count; i++)
                {
                    calculators[i].Merge(second[i]);
                }
            }
            else
            {
                Feed(calculators, 0, kept);
            }

            _chunks.Clear();
        }

        for (var i = 0; i < _groupings.Count; i++)
        {
            Apply(calculators[i].Snapshot(), results[_groupings[i]]);
        }
    }

    // Below this many kept leads one thread feeds the curve (a thread's start costs more than half the feed).
    private const int MinimumToSplit = 16_384;

    private List<GroupedCalculator<ConversionSurvivalCalculator, ConversionSurvivalResult>> NewCalculators() =>
        _groupings.Select(g => new GroupedCalculator<ConversionSurvivalCalculator, ConversionSurvivalResult>(g, new ConversionSurvivalCalculator(_options!))).ToList();

    // Feeds the kept leads [from, to) in order to every grouping's calculator.
    private void Feed(List<GroupedCalculator<ConversionSurvivalCalculator, ConversionSurvivalResult>> calculators, int from, int to)
    {
        var start = 0;
        foreach (var (chunk, count) in _chunks)
        {
            for (var index = Math.Max(from, start); index < Math.Min(to, start + count); index++)
            {
                var record = chunk[index - start].Record(_bySegment);
                foreach (var calculator in calculators)
                {
                    calculator.Add(record);
                }
            }

            start += count;
        }
    }

    /// <summary>Computes and sets the survival sections of a grouping of its own records (an attribute grouping), after <see cref="Apply(Instant, Dictionary{LeadGrouping, List{ValueTuple{GroupKey, ReportKpis}}}, LeadRecord[], int)"/>.</summary>
    public void Apply(LeadGrouping grouping, LeadRecord[] records, List<(GroupKey Key, ReportKpis Kpis)> computed)
    {
        if (_options is null)
        {
            return;
        }

        var calculator = new GroupedCalculator<ConversionSurvivalCalculator, ConversionSurvivalResult>(grouping, new ConversionSurvivalCalculator(_options));
        foreach (var r in records)
        {
            calculator.Add(r);
        }

        Apply(calculator.Snapshot(), computed);
    }

    /// <summary>What the curve and the groupings of the plain pass read from a lead.</summary>
    private readonly record struct Compact(long Created, long Closed, int Source, int Campaign, int Owner, LeadOutcome Outcome)
    {
        // An attribute grouping's engine keeps the segment where the source is (it groups by the segment alone).
        public LeadRecord Record(bool bySegment) => new(
            1, Instant.FromUnixTimeTicks(Created), bySegment ? 0 : Source, Campaign, Owner, bySegment ? Source : 0, outcome: Outcome, closedAt: Outcome == LeadOutcome.Open ? null : Instant.FromUnixTimeTicks(Closed));
    }

    private static void Apply(GroupedResult<ConversionSurvivalResult> snapshot, List<(GroupKey Key, ReportKpis Kpis)> computed)
    {
        foreach (var (key, kpis) in computed)
        {
            if (snapshot.TryGet(key, out var result))
            {
                kpis.Survival = SurvivalKpis.From(result);
            }
        }
    }
}

/// <summary>The survival section of a scope.</summary>
internal sealed partial class ReportKpis
{
    /// <summary>Conversion with open leads (Kaplan-Meier); null without leads.</summary>
    public SurvivalKpis? Survival { get; set; }
}
