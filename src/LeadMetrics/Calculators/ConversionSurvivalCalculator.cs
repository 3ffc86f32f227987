using LeadMetrics.Records;
using LeadMetrics.Statistics;
using NodaTime;

namespace LeadMetrics.Calculators;

/// <summary>What a Kaplan-Meier conversion curve does with a lost lead (docs/metrics.md, "Conversion with open leads").</summary>
public enum LostLeadTreatment
{
    /// <summary>
    /// A lost lead never converts: it stays at risk, without converting, until its age at the as-of instant, like an
    /// open lead. With every lead's censoring time known (the as-of instant), this estimates the cumulative incidence
    /// of conversion with loss as a competing risk (the censoring-complete estimator of Fine and Gray 1999). The
    /// default: it answers "what share of leads convert within t".
    /// </summary>
    AtRiskUntilAsOf = 0,

    /// <summary>A lost lead is censored when it was lost: the curve estimates conversion had lost leads stayed open (higher, optimistic).</summary>
    CensoredAtLoss = 1,
}

/// <summary>The settings of a <see cref="ConversionSurvivalCalculator"/>: the as-of instant, the lost-lead choice, the time buckets' accuracy and the intervals' confidence.</summary>
public sealed class ConversionSurvivalOptions
{
    /// <summary>Creates the options.</summary>
    /// <param name="asOf">The instant the data describes: open leads are censored at their age then; a lead won after it counts as open.</param>
    /// <param name="lostLeads">What a lost lead is (see <see cref="LostLeadTreatment"/>); at risk until as-of by default.</param>
    /// <param name="relativeAccuracy">The relative accuracy α of the time buckets (the duration sketch's, docs/metrics.md "The quantile sketch"); 0.01 by default.</param>
    /// <param name="confidence">The confidence level of the intervals, strictly between 0 and 1; 0.95 by default.</param>
    /// <exception cref="ArgumentOutOfRangeException">A setting is out of range (the message names it).</exception>
    public ConversionSurvivalOptions(Instant asOf, LostLeadTreatment lostLeads = LostLeadTreatment.AtRiskUntilAsOf, double relativeAccuracy = 0.01, double confidence = ConfidenceInterval.DefaultConfidence)
    {
        Preconditions.CheckNotDefault(asOf);
        if (!Enum.IsDefined(lostLeads))
        {
            throw new ArgumentOutOfRangeException(nameof(lostLeads), lostLeads, $"lostLeads must be AtRiskUntilAsOf or CensoredAtLoss; was {lostLeads}.");
        }

        _ = new SurvivalCounts(relativeAccuracy, confidence); // checks both
        AsOf = asOf;
        LostLeads = lostLeads;
        RelativeAccuracy = relativeAccuracy;
        Confidence = confidence;
    }

    /// <summary>The as-of instant.</summary>
    public Instant AsOf { get; }

    /// <summary>What a lost lead is.</summary>
    public LostLeadTreatment LostLeads { get; }

    /// <summary>The relative accuracy of the time buckets.</summary>
    public double RelativeAccuracy { get; }

    /// <summary>The confidence level of the intervals.</summary>
    public double Confidence { get; }

    /// <summary>True when every value is equal; the comparison <see cref="Equals(object?)"/> makes.</summary>
    private bool Equals(ConversionSurvivalOptions? other) =>
        other is not null && AsOf == other.AsOf && LostLeads == other.LostLeads && RelativeAccuracy.Equals(other.RelativeAccuracy) && Confidence.Equals(other.Confidence);

    /// <inheritdoc />
    public override bool Equals(object? obj) => Equals(obj as ConversionSurvivalOptions);

    /// <inheritdoc />
    public override int GetHashCode() => HashCode.Combine(AsOf, LostLeads, RelativeAccuracy, Confidence);

    /// <summary>The settings as text.</summary>
    /// <returns>The text.</returns>
    public override string ToString() => $"as of {AsOf}, lost leads {LostLeads}, α {RelativeAccuracy}, confidence {Confidence}";
}

/// <summary>
/// Conversion over time since creation with open leads counted (Kaplan-Meier, issue 18): a won lead converts at its
/// time to conversion; an open lead (or one won after the as-of instant) is censored at its age at as-of; a lost lead
/// as <see cref="ConversionSurvivalOptions.LostLeads"/> says. Streaming and mergeable: it keeps the event and
/// censoring counts in duration buckets (<see cref="SurvivalCounts"/>) and the youngest lead's creation, so adding
/// allocates nothing once its buckets exist and merging partials gives the one-pass result exactly. Group it with
/// <see cref="CalculatorSet{TCalculator, TResult}"/> for a curve per source or per cohort. Definition in
/// docs/metrics.md ("Conversion with open leads").
/// </summary>
/// <remarks>Single-writer: one thread adds to a calculator at a time; two threads calling <c>Add</c> on one calculator at once lose leads silently. For several cores give each thread its own calculator and <c>Merge</c> them at the end, which gives exactly the one-pass result.</remarks>
public sealed class ConversionSurvivalCalculator : ILeadCalculator<ConversionSurvivalCalculator, ConversionSurvivalResult>
{
    private readonly SurvivalCounts _counts;
    private readonly long _asOf;
    private long _youngest = LeadRecord.None;

    /// <summary>Creates an empty calculator.</summary>
    /// <param name="options">The settings.</param>
    /// <exception cref="ArgumentNullException"><paramref name="options"/> is null.</exception>
    public ConversionSurvivalCalculator(ConversionSurvivalOptions options)
    {
        Options = Preconditions.CheckNotNull(options);
        _counts = new SurvivalCounts(options.RelativeAccuracy, options.Confidence);
        _asOf = options.AsOf.ToUnixTimeTicks();
    }

    /// <summary>The settings.</summary>
    public ConversionSurvivalOptions Options { get; }

    /// <inheritdoc />
    /// <exception cref="ArgumentException">The lead was created after the as-of instant (the message gives both).</exception>
    public void Add(in LeadRecord lead)
    {
        RecordChecks.CheckRecord(lead);
        var created = lead.CreatedTicks;
        if (created > _asOf)
        {
            throw new ArgumentException($"The lead was created at {lead.CreatedAt}, after the as-of instant {Options.AsOf}; choose an as-of at or after the last creation.", nameof(lead));
        }

        _youngest = Math.Max(_youngest, created);
        var closedByAsOf = lead.Outcome != LeadOutcome.Open && lead.ClosedTicks <= _asOf;
        if (closedByAsOf && lead.Outcome == LeadOutcome.Won)
        {
            _counts.AddConversion(Duration.FromTicks(lead.ClosedTicks - created));
        }
        else if (closedByAsOf && Options.LostLeads == LostLeadTreatment.CensoredAtLoss)
        {
            _counts.AddCensored(Duration.FromTicks(lead.ClosedTicks - created));
        }
        else
        {
            _counts.AddCensored(Duration.FromTicks(_asOf - created));
        }
    }

    /// <inheritdoc />
    /// <exception cref="ArgumentException">The options differ.</exception>
    public void Merge(ConversionSurvivalCalculator other)
    {
        Preconditions.CheckNotNull(other);
        if (!Options.Equals(other.Options))
        {
            throw new ArgumentException($"other has options {other.Options}; this has {Options}. Only equal options merge.", nameof(other));
        }

        _counts.Merge(other._counts);
        _youngest = Math.Max(_youngest, other._youngest);
    }

    /// <inheritdoc />
    public ConversionSurvivalResult Snapshot() =>
        new(_counts.Snapshot(), _youngest == LeadRecord.None ? null : Duration.FromTicks(_asOf - _youngest), Options.Confidence);

    /// <inheritdoc />
    public ConversionSurvivalCalculator CreateEmpty() => new(Options);
}
