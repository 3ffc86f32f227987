using System.Runtime.CompilerServices;
using NodaTime;

namespace LeadMetrics.Records;

/// <summary>
/// Builds <see cref="LeadColumns"/> batches one lead at a time, column by column: a reader appends each lead's
/// encoded facts (dense ids, instants as Unix ticks, outcome, furthest position, deal value, stage visits) straight
/// from its storage, without a <see cref="LeadRecord"/> or <see cref="Lead"/> per row. The batch equals
/// <see cref="LeadColumns.From"/> of the same leads as records.
/// </summary>
/// <remarks>
/// <para>The builder reuses its arrays from batch to batch: once they have grown to a batch's size, appending
/// allocates nothing (<see cref="Build"/> allocates only the small won-value column). So a batch returned by
/// <see cref="Build"/> is valid until the next <see cref="Add"/> or <see cref="Clear"/> on this builder: add it to
/// your calculators before appending the next batch, and use <see cref="LeadColumns.From"/> (or one builder per
/// batch) for batches you keep.</para>
/// <para>Every fact is checked as <see cref="LeadRecord"/>'s constructor checks it; a rejected lead leaves the batch
/// as it was. Not thread-safe: one builder per thread.</para>
/// </remarks>
public sealed class LeadColumnsBuilder
{
    private readonly LeadColumns _columns;
    private bool _built;

    /// <summary>Creates a builder with room for <paramref name="capacity"/> leads per batch before it grows.</summary>
    /// <param name="capacity">The expected batch size in leads (it grows past it as needed); 0 or more.</param>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="capacity"/> is negative.</exception>
    public LeadColumnsBuilder(int capacity = 16_384)
    {
        Preconditions.CheckNonNegative(capacity);
        _columns = LeadColumns.WithCapacity(capacity, (int)Math.Min(capacity * 4L, Array.MaxLength));
    }

    /// <summary>The number of leads in the batch being built.</summary>
    public int Count => _built ? 0 : _columns.Count;

    /// <summary>Appends one lead to the batch (after <see cref="Build"/>, the first <c>Add</c> starts a new batch in the same arrays).</summary>
    /// <param name="lead">The dense lead key (1 or more).</param>
    /// <param name="createdTicks">When the lead was created, in Unix ticks (<see cref="Instant.ToUnixTimeTicks"/>).</param>
    /// <param name="source">The source id (0 = none; at most <see cref="LeadRecord.MaxDimensionId"/>).</param>
    /// <param name="campaign">The campaign id (0 = none; at most <see cref="LeadRecord.MaxDimensionId"/>).</param>
    /// <param name="owner">The owner id (0 = none).</param>
    /// <param name="segment">The id of any other dimension to group by (0 = none).</param>
    /// <param name="firstResponseTicks">The first response in Unix ticks, or null when unanswered; not before creation.</param>
    /// <param name="outcome">Open, won or lost.</param>
    /// <param name="closedTicks">When the lead was won or lost, in Unix ticks: required unless <paramref name="outcome"/> is open, where it must be null; not before creation or the last visit.</param>
    /// <param name="furthestPosition">The furthest funnel position reached (0 to 255; won leads count as at the won position).</param>
    /// <param name="dealValue">The deal value, or null.</param>
    /// <param name="stages">The lead's stage visits in time order, at or after creation (copied into the batch).</param>
    /// <exception cref="ArgumentException">A fact is out of range or inconsistent; the message names the parameter and the value.</exception>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public void Add(
        int lead,
        long createdTicks,
        int source,
        int campaign,
        int owner,
        int segment,
        long? firstResponseTicks,
        LeadOutcome outcome,
        long? closedTicks,
        int furthestPosition,
        Money? dealValue,
        ReadOnlySpan<StageVisit> stages)
    {
        // One test for every fact of a valid lead (the common case); any fault goes through the checks one by one
        // (Check), which throw the exception that names it, in the same order as always.
        var response = firstResponseTicks ?? LeadRecord.None;
        var closed = closedTicks ?? LeadRecord.None;
        var previous = createdTicks;
        var disordered = false;
        foreach (ref readonly var visit in stages)
        {
            var entered = visit.EnteredTicks;
            disordered |= entered < previous;
            previous = entered;
        }

        var amount = 0m;
        Currency currency = default;
        var valueFault = false;
        if (dealValue is { } value)
        {
            (amount, currency) = (value.Amount, value.Currency);
            valueFault = currency.IsDefault || amount < 0m || amount > Preconditions.MaxAmount;
        }

        var fault = lead <= 0
            | createdTicks < MinTicks | createdTicks > MaxTicks
            | unchecked((uint)(source | campaign | owner | segment)) > Preconditions.MaxDimensionId
            | unchecked((uint)outcome) > (uint)LeadOutcome.Lost
            | furthestPosition < 0 | (furthestPosition > byte.MaxValue && outcome != LeadOutcome.Won)
            | (firstResponseTicks.HasValue && (response > MaxTicks || response < createdTicks))
            | (outcome == LeadOutcome.Open ? closedTicks.HasValue : !closedTicks.HasValue || closed > MaxTicks || closed < createdTicks)
            | disordered
            | (closed != LeadRecord.None && closed < previous)
            | valueFault;
        if (fault)
        {
            Check(lead, createdTicks, source, campaign, owner, segment, firstResponseTicks, outcome, closedTicks, furthestPosition, dealValue, stages);
        }

        if (_built)
        {
            _columns.Reset();
            _built = false;
        }

        _columns.Reserve(1, stages.Length);
        _columns.Append(lead, createdTicks, source, campaign, owner, segment, response, outcome, closed, furthestPosition, amount, currency, stages);
    }

    /// <summary>
    /// The checks of <see cref="Add"/> one by one, each throwing the exception that names its parameter and value (the
    /// slow path of a lead that failed the combined test).
    /// </summary>
    private static void Check(
        int lead,
        long createdTicks,
        int source,
        int campaign,
        int owner,
        int segment,
        long? firstResponseTicks,
        LeadOutcome outcome,
        long? closedTicks,
        int furthestPosition,
        Money? dealValue,
        ReadOnlySpan<StageVisit> stages)
    {
        if (lead <= 0)
        {
            throw new ArgumentOutOfRangeException(nameof(lead), lead, $"lead must be a dense lead key (1 or more); was {lead}.");
        }

        CheckInstant(createdTicks, nameof(createdTicks));

        Preconditions.CheckDimensionId(source);
        Preconditions.CheckDimensionId(campaign);
        Preconditions.CheckDimensionId(owner);
        Preconditions.CheckDimensionId(segment);
        Preconditions.CheckDefined(outcome);
        Preconditions.CheckNonNegative(furthestPosition);
        if (furthestPosition > byte.MaxValue && outcome != LeadOutcome.Won)
        {
            throw new ArgumentOutOfRangeException(nameof(furthestPosition), furthestPosition, $"furthestPosition is {furthestPosition}; a pipeline has at most {Pipeline.MaxStages} stages.");
        }

        if (firstResponseTicks is { } r)
        {
            CheckInstant(r, nameof(firstResponseTicks));
            CheckNotBefore(r, createdTicks, nameof(firstResponseTicks));
        }

        var closed = LeadRecord.None;
        if (outcome == LeadOutcome.Open)
        {
            if (closedTicks is { } c)
            {
                throw new ArgumentException($"closedTicks was {c} ({Instant.FromUnixTimeTicks(c)}) but outcome is Open; an open lead has no close instant.", nameof(closedTicks));
            }
        }
        else
        {
            if (closedTicks is not { } c)
            {
                throw new ArgumentException($"closedTicks is required when outcome is {outcome}.", nameof(closedTicks));
            }

            CheckInstant(c, nameof(closedTicks));
            CheckNotBefore(c, createdTicks, nameof(closedTicks));
            closed = c;
        }

        _ = RecordChecks.DealValue(dealValue);

        var previous = createdTicks;
        for (var i = 0; i < stages.Length; i++)
        {
            var entered = stages[i].EnteredTicks;
            if (entered < previous)
            {
                throw new ArgumentException(
                    $"stages[{i}].EnteredAt {stages[i].EnteredAt} is before {(i == 0 ? "createdTicks" : "the previous visit")} {Instant.FromUnixTimeTicks(previous)}; visits must be in time order, at or after creation.",
                    nameof(stages));
            }

            previous = entered;
        }

        if (closed != LeadRecord.None && stages.Length > 0 && closed < previous)
        {
            throw new ArgumentException(
                $"closedTicks {Instant.FromUnixTimeTicks(closed)} is before the last stage visit at {Instant.FromUnixTimeTicks(previous)}; a lead closes at or after its last stage change.",
                nameof(closedTicks));
        }
    }

    /// <summary>
    /// Appends validated leads column by column (the native library's bulk path; see <see cref="LeadColumns.AppendColumns"/>):
    /// the caller has checked every fact as <see cref="Add"/> checks it.
    /// </summary>
    internal void AddColumns(
        int firstLead, ReadOnlySpan<long> created, ReadOnlySpan<long> response, ReadOnlySpan<long> closed, ReadOnlySpan<byte> outcomes,
        ReadOnlySpan<int> sources, ReadOnlySpan<int> campaigns, ReadOnlySpan<int> owners, ReadOnlySpan<int> segments, ReadOnlySpan<int> furthest,
        ReadOnlySpan<long> dealUnits, byte scale, Currency currency, ReadOnlySpan<StageVisit> visits, ReadOnlySpan<int> visitStart)
    {
        if (_built)
        {
            _columns.Reset();
            _built = false;
        }

        _columns.AppendColumns(firstLead, created, response, closed, outcomes, sources, campaigns, owners, segments, furthest, dealUnits, scale, currency, visits, visitStart);
    }

    /// <summary>
    /// Makes room for <paramref name="rows"/> more leads and returns the batch being built (started anew after
    /// <see cref="Build"/>), so that a bulk caller writes its columns straight into the batch's arrays from row
    /// <see cref="LeadColumns.Count"/> on (created, response, closed, outcomes, the ids, <see cref="LeadColumns.DealUnitsRoom"/>)
    /// and then passes those very rows to <see cref="AddColumns"/>, which does not copy a column onto itself.
    /// </summary>
    internal LeadColumns ReserveColumns(int rows)
    {
        if (_built)
        {
            _columns.Reset();
            _built = false;
        }

        _columns.Reserve(rows, 0);
        _columns.DealUnitsRoom();
        return _columns;
    }

    /// <summary>
    /// Ends the batch and returns it. The batch lives in the builder's arrays: it stays valid until the next
    /// <see cref="Add"/> or <see cref="Clear"/>. Building again without adding returns the same batch.
    /// </summary>
    /// <returns>The batch of the leads added since the last batch (possibly empty).</returns>
    public LeadColumns Build()
    {
        if (!_built)
        {
            _columns.Seal();
            _built = true;
        }

        return _columns;
    }

    /// <summary>Discards the batch being built (or the last one built), keeping the arrays for the next batch.</summary>
    public void Clear()
    {
        _columns.Reset();
        _built = false;
    }

    private static readonly long MinTicks = Instant.MinValue.ToUnixTimeTicks();
    private static readonly long MaxTicks = Instant.MaxValue.ToUnixTimeTicks();

    private static void CheckInstant(long ticks, string paramName)
    {
        if (ticks < MinTicks || ticks > MaxTicks)
        {
            throw new ArgumentOutOfRangeException(paramName, ticks, $"{paramName} must be Unix ticks of an instant ({MinTicks} to {MaxTicks}); was {ticks}.");
        }
    }

    private static void CheckNotBefore(long ticks, long createdTicks, string paramName)
    {
        if (ticks < createdTicks)
        {
            throw new ArgumentException($"{paramName} {Instant.FromUnixTimeTicks(ticks)} is before createdTicks {Instant.FromUnixTimeTicks(createdTicks)}.", paramName);
        }
    }
}
