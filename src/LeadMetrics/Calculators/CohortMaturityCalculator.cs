using LeadMetrics.Records;

namespace LeadMetrics.Calculators;

/// <summary>
/// Cohort maturity: how far the leads of a cohort (such as the leads created in one month, grouped with
/// <see cref="CalculatorSet{TCalculator, TResult}"/> by period of creation) have had time to close. Counts the
/// leads and the open leads, and keeps the creation instant of the youngest and the oldest lead and the last instant
/// any fact of a lead was observed (creation, first response, stage change, close). A cohort's conversion, win rate
/// and acquisition cost are "so far"; <see cref="CohortMaturityResult.IsMature"/> says whether they can still move
/// much. Definition in docs/metrics.md ("Cohort maturity").
/// </summary>
/// <remarks>
/// Adding allocates nothing; merging takes sums, minimums and maximums, so it is exact, associative and commutative.
/// <para>Single-writer: one thread adds to a calculator at a time; two threads calling <c>Add</c> on one calculator at once lose leads silently. For several cores give each thread its own calculator and <c>Merge</c> them at the end, which gives exactly the one-pass result.</para>
/// </remarks>
public sealed class CohortMaturityCalculator : ILeadCalculator<CohortMaturityCalculator, CohortMaturityResult>, IColumnarCalculator<CohortMaturityCalculator>
{
    private const long None = long.MinValue;
    private long _leads;
    private long _open;
    private long _youngest = None;
    private long _oldest = long.MaxValue;
    private long _last = None;

    /// <inheritdoc />
    public void Add(in LeadRecord lead)
    {
        RecordChecks.CheckRecord(lead);
        _leads++;
        if (lead.Outcome == LeadOutcome.Open)
        {
            _open++;
        }

        var created = lead.CreatedTicks;
        _youngest = Math.Max(_youngest, created);
        _oldest = Math.Min(_oldest, created);
        var last = Math.Max(created, Math.Max(lead.ResponseTicks, lead.ClosedTicks));
        foreach (var visit in lead.Stages.Span)
        {
            last = Math.Max(last, visit.EnteredTicks);
        }

        _last = Math.Max(_last, last);
    }

    /// <inheritdoc />
    public void Merge(CohortMaturityCalculator other)
    {
        Preconditions.CheckNotNull(other);
        _leads += other._leads;
        _open += other._open;
        _youngest = Math.Max(_youngest, other._youngest);
        _oldest = Math.Min(_oldest, other._oldest);
        _last = Math.Max(_last, other._last);
    }

    /// <inheritdoc />
    public CohortMaturityResult Snapshot() => _leads == 0
        ? new CohortMaturityResult(0, 0, null, null, null)
        : new CohortMaturityResult(
            _leads,
            _open,
            NodaTime.Instant.FromUnixTimeTicks(_youngest),
            NodaTime.Instant.FromUnixTimeTicks(_oldest),
            NodaTime.Instant.FromUnixTimeTicks(_last));

    /// <inheritdoc />
    public CohortMaturityCalculator CreateEmpty() => new();

    /// <inheritdoc />
    bool IColumnarCalculator<CohortMaturityCalculator>.NeedsGroupRows => false;

    /// <inheritdoc />
    void IColumnarCalculator<CohortMaturityCalculator>.CheckColumns(LeadColumns columns)
    {
        // Every row of a batch is a valid record (LeadColumns.From and LeadColumnsBuilder check them): nothing to reject.
    }

    /// <inheritdoc />
    void IColumnarCalculator<CohortMaturityCalculator>.AddColumns(
        LeadColumns columns, int start, ReadOnlySpan<int> slots, CohortMaturityCalculator[] calculators, int groupCount, ReadOnlySpan<long> groupRows)
    {
        // Add per row, from the columns: a row's last observed instant is the latest of its creation, first response,
        // close and last visit (visits are in time order; LastSince is the last visit's instant, or the creation).
        var created = columns.CreatedTicks.AsSpan(start, slots.Length);
        var response = columns.ResponseTicks.AsSpan(start, slots.Length);
        var closed = columns.ClosedTicks.AsSpan(start, slots.Length);
        var since = columns.LastSince.AsSpan(start, slots.Length);
        var outcomes = columns.Outcomes.AsSpan(start, slots.Length);
        for (var i = 0; i < slots.Length; i++)
        {
            var c = calculators[slots[i]];
            var t = created[i];
            c._leads++;
            c._open += outcomes[i] == (byte)LeadOutcome.Open ? 1 : 0;
            c._youngest = Math.Max(c._youngest, t);
            c._oldest = Math.Min(c._oldest, t);
            c._last = Math.Max(c._last, Math.Max(Math.Max(t, since[i]), Math.Max(response[i], closed[i])));
        }
    }

    /// <inheritdoc />
    void IColumnarCalculator<CohortMaturityCalculator>.EndColumns()
    {
    }
}
