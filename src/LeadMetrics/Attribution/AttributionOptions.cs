using NodaTime;

namespace LeadMetrics.Attribution;

/// <summary>
/// The configuration of an attribution model: the model, the lookback window and the model's
/// parameters. Immutable; calculators merge only when their options are equal.
/// </summary>
public sealed record AttributionOptions
{
    /// <summary>The default lookback window: 90 days.</summary>
    public static readonly Duration DefaultLookback = Duration.FromDays(90);

    /// <summary>The default time-decay half-life: 7 days.</summary>
    public static readonly Duration DefaultHalfLife = Duration.FromDays(7);

    /// <summary>Creates the options.</summary>
    /// <param name="model">The model.</param>
    /// <param name="lookback">How far before the lead's creation a touchpoint may lie and still count; <see cref="DefaultLookback"/> when null.</param>
    /// <param name="halfLife">The time-decay half-life; <see cref="DefaultHalfLife"/> when null.</param>
    /// <param name="firstTouchShare">Position-based share of the first touchpoint, 0 to 1 (0.4 by default).</param>
    /// <param name="lastTouchShare">Position-based share of the last touchpoint, 0 to 1 (0.4 by default); with <paramref name="firstTouchShare"/> at most 1 and more than 0.</param>
    /// <param name="keyTouchShare">W-shaped share of each of the three key touchpoints, more than 0 and at most 1/3 (0.3 by default); the rest share what is left.</param>
    /// <param name="pipeline">The pipeline of the leads' stage visits; <see cref="Pipeline.Default"/> when null.</param>
    /// <param name="opportunityStage">The stage whose first reach (or any later funnel stage's) makes a lead an opportunity, for the W-shaped model; <c>Qualified</c> by default.</param>
    /// <param name="inboundOnly">When true, only inbound touchpoints (from the lead) are credited; by default every touchpoint is.</param>
    /// <exception cref="ArgumentException">A value is out of range or the stage is not an open or won stage of the pipeline; the message names it.</exception>
    public AttributionOptions(
        AttributionModel model,
        Duration? lookback = null,
        Duration? halfLife = null,
        decimal firstTouchShare = 0.4m,
        decimal lastTouchShare = 0.4m,
        decimal keyTouchShare = 0.3m,
        Pipeline? pipeline = null,
        string opportunityStage = "Qualified",
        bool inboundOnly = false)
    {
        Model = Preconditions.CheckDefined(model);
        Lookback = Preconditions.CheckPositive(lookback ?? DefaultLookback, nameof(lookback));
        HalfLife = Preconditions.CheckPositive(halfLife ?? DefaultHalfLife, nameof(halfLife));
        FirstTouchShare = CheckShare(firstTouchShare, 1m, nameof(firstTouchShare));
        LastTouchShare = CheckShare(lastTouchShare, 1m, nameof(lastTouchShare));
        if (firstTouchShare + lastTouchShare > 1m || firstTouchShare + lastTouchShare == 0m)
        {
            throw new ArgumentOutOfRangeException(
                nameof(lastTouchShare), lastTouchShare, $"firstTouchShare + lastTouchShare must be more than 0 and at most 1; was {firstTouchShare} + {lastTouchShare}.");
        }

        KeyTouchShare = CheckShare(keyTouchShare, 1m / 3m, nameof(keyTouchShare));
        if (keyTouchShare == 0m)
        {
            throw new ArgumentOutOfRangeException(nameof(keyTouchShare), keyTouchShare, "keyTouchShare must be more than 0; was 0.");
        }

        Pipeline = pipeline ?? Pipeline.Default;
        OpportunityStage = Pipeline.GetStage(Preconditions.CheckNotNull(opportunityStage));
        if (OpportunityStage.Kind == StageKind.Lost)
        {
            throw new ArgumentException($"opportunityStage '{opportunityStage}' is a lost stage; name an open stage of the funnel (or the won stage).", nameof(opportunityStage));
        }

        InboundOnly = inboundOnly;
    }

    /// <summary>The model.</summary>
    public AttributionModel Model { get; }

    /// <summary>Touchpoints earlier than the lead's creation minus this are not credited.</summary>
    public Duration Lookback { get; }

    /// <summary>The time-decay half-life.</summary>
    public Duration HalfLife { get; }

    /// <summary>Position-based share of the first touchpoint.</summary>
    public decimal FirstTouchShare { get; }

    /// <summary>Position-based share of the last touchpoint.</summary>
    public decimal LastTouchShare { get; }

    /// <summary>W-shaped share of each key touchpoint (first, lead creation, opportunity creation).</summary>
    public decimal KeyTouchShare { get; }

    /// <summary>The pipeline of the stage visits.</summary>
    public Pipeline Pipeline { get; }

    /// <summary>The opportunity stage of the W-shaped model.</summary>
    public Stage OpportunityStage { get; }

    /// <summary>True when only inbound touchpoints are credited.</summary>
    public bool InboundOnly { get; }

    /// <summary>
    /// Whether two options give the same credits: equal by value, the pipeline by its stages (record equality compares
    /// the pipeline by reference). Merge and MergeSerialized both use this.
    /// </summary>
    internal bool SameAs(AttributionOptions other) => Equals(other) || CanonicalText() == other.CanonicalText();

    /// <summary>The canonical text compared when serialized state is merged: every setting, shares without trailing zeros, the pipeline by its stages.</summary>
    internal string CanonicalText()
    {
        var c = System.Globalization.CultureInfo.InvariantCulture;
        static string Share(decimal d) => d.ToString("0.############################", System.Globalization.CultureInfo.InvariantCulture);
        return $"model={Model};lookback={Lookback.BclCompatibleTicks.ToString(c)};halfLife={HalfLife.BclCompatibleTicks.ToString(c)};first={Share(FirstTouchShare)};last={Share(LastTouchShare)};key={Share(KeyTouchShare)};{Calculators.Describe.Of(Pipeline)};opportunity={OpportunityStage.Index.ToString(c)};inbound={(InboundOnly ? "yes" : "no")}";
    }

    private static decimal CheckShare(decimal value, decimal max, string paramName)
    {
        if (value < 0m || value > max)
        {
            throw new ArgumentOutOfRangeException(paramName, value, $"{paramName} must be between 0 and {max:0.####}; was {value}.");
        }

        return value;
    }
}
