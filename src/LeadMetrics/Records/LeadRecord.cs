using LeadMetrics.Encoding;
using NodaTime;

namespace LeadMetrics.Records;

/// <summary>
/// The encoded facts of one lead as known at a moment: the unit every calculator ingests. A value
/// type with dense ids instead of strings, so that ingesting it allocates nothing.
/// </summary>
/// <remarks>
/// <para>Instants are kept at tick resolution (100 ns), which is far finer than any lead system records.</para>
/// <para>Build records from <see cref="Lead"/> objects with <see cref="FromLead"/>, from events with
/// <see cref="LeadRecordAssembler"/>, or directly from your own storage with the constructor.
/// <see cref="Stages"/> may be a slice of a buffer you reuse: calculators read it during
/// <c>Add</c> and never keep it.</para>
/// <para><c>default(LeadRecord)</c> is not a record (lead key 0, created at the Unix epoch): every calculator's
/// <c>Add</c> and <see cref="LeadColumns.From"/> reject it with an <see cref="ArgumentException"/>, so an unused
/// slot of a pooled array passed by mistake fails loudly instead of counting as a lead.</para>
/// </remarks>
public readonly struct LeadRecord
{
    internal const long None = long.MinValue;

    /// <summary>
    /// The largest dimension id a record accepts: 2²⁴ − 1 = 16,777,215 distinct sources, campaigns, owners or segment
    /// values. Grouped calculators index a map by id (4 bytes per id up to the largest seen), so the bound also bounds
    /// that map at 64 MB.
    /// </summary>
    public const int MaxDimensionId = Preconditions.MaxDimensionId;

    internal readonly long CreatedTicks;
    internal readonly long ResponseTicks;
    internal readonly long ClosedTicks;
    private readonly Currency _currency;

    /// <summary>Creates a validated record.</summary>
    /// <param name="lead">The dense lead key (1 or more).</param>
    /// <param name="createdAt">When the lead was created.</param>
    /// <param name="source">The source id (0 = none; at most <see cref="MaxDimensionId"/>).</param>
    /// <param name="campaign">The campaign id (0 = none; at most <see cref="MaxDimensionId"/>).</param>
    /// <param name="owner">The owner id (0 = none; at most <see cref="MaxDimensionId"/>).</param>
    /// <param name="segment">The id of any other dimension to group by, such as an encoded attribute (0 = none; at most <see cref="MaxDimensionId"/>).</param>
    /// <param name="firstResponseAt">The first response, or null when unanswered.</param>
    /// <param name="outcome">Open, won or lost.</param>
    /// <param name="closedAt">When the lead was won or lost; required unless <paramref name="outcome"/> is open, where it must be null.</param>
    /// <param name="furthestPosition">The furthest funnel position reached (0 = first stage; skipped stages count as passed). Won leads are at the won position whatever is given here.</param>
    /// <param name="dealValue">The deal value, or null.</param>
    /// <param name="stages">The lead's stage visits in time order (may be empty).</param>
    /// <exception cref="ArgumentException">A fact is out of range or inconsistent; the message names the field and value.</exception>
    public LeadRecord(
        int lead,
        Instant createdAt,
        int source = 0,
        int campaign = 0,
        int owner = 0,
        int segment = 0,
        Instant? firstResponseAt = null,
        LeadOutcome outcome = LeadOutcome.Open,
        Instant? closedAt = null,
        int furthestPosition = 0,
        Money? dealValue = null,
        ReadOnlyMemory<StageVisit> stages = default)
    {
        if (lead <= 0)
        {
            throw new ArgumentOutOfRangeException(nameof(lead), lead, $"lead must be a dense lead key (1 or more); was {lead}.");
        }

        Lead = lead;
        Preconditions.CheckNotDefault(createdAt);
        CreatedTicks = createdAt.ToUnixTimeTicks();
        Source = Preconditions.CheckDimensionId(source);
        Campaign = Preconditions.CheckDimensionId(campaign);
        Owner = Preconditions.CheckDimensionId(owner);
        Segment = Preconditions.CheckDimensionId(segment);
        Outcome = Preconditions.CheckDefined(outcome);
        FurthestPosition = Preconditions.CheckNonNegative(furthestPosition);

        ResponseTicks = None;
        if (firstResponseAt is { } response)
        {
            CheckNotBefore(response, createdAt, nameof(firstResponseAt));
            ResponseTicks = response.ToUnixTimeTicks();
        }

        ClosedTicks = None;
        if (outcome == LeadOutcome.Open)
        {
            if (closedAt is not null)
            {
                throw new ArgumentException($"closedAt was {closedAt.Value} but outcome is Open; an open lead has no close instant.", nameof(closedAt));
            }
        }
        else
        {
            if (closedAt is not { } closed)
            {
                throw new ArgumentException($"closedAt is required when outcome is {outcome}.", nameof(closedAt));
            }

            CheckNotBefore(closed, createdAt, nameof(closedAt));
            ClosedTicks = closed.ToUnixTimeTicks();
        }

        (DealAmount, _currency) = RecordChecks.DealValue(dealValue);

        var previous = CreatedTicks;
        var span = stages.Span;
        for (var i = 0; i < span.Length; i++)
        {
            if (span[i].EnteredTicks < previous)
            {
                throw new ArgumentException(
                    $"stages[{i}].EnteredAt {span[i].EnteredAt} is before {(i == 0 ? "createdAt" : "the previous visit")} {Instant.FromUnixTimeTicks(previous)}; visits must be in time order, at or after creation.",
                    nameof(stages));
            }

            previous = span[i].EnteredTicks;
        }

        if (ClosedTicks != None && span.Length > 0 && ClosedTicks < previous)
        {
            throw new ArgumentException($"closedAt {closedAt} is before the last stage visit at {Instant.FromUnixTimeTicks(previous)}; a lead closes at or after its last stage change.", nameof(closedAt));
        }

        Stages = stages;
    }

    /// <summary>Rebuilds a record from already-validated columns (no checks).</summary>
    internal LeadRecord(
        int lead, long createdTicks, int source, int campaign, int owner, int segment, long responseTicks, LeadOutcome outcome, long closedTicks,
        int furthestPosition, decimal dealAmount, Currency dealCurrency, ReadOnlyMemory<StageVisit> stages)
    {
        Lead = lead;
        CreatedTicks = createdTicks;
        Source = source;
        Campaign = campaign;
        Owner = owner;
        Segment = segment;
        ResponseTicks = responseTicks;
        Outcome = outcome;
        ClosedTicks = closedTicks;
        FurthestPosition = furthestPosition;
        DealAmount = dealAmount;
        _currency = dealCurrency;
        Stages = stages;
    }

    /// <summary>The dense lead key.</summary>
    public int Lead { get; }

    /// <summary>When the lead was created.</summary>
    public Instant CreatedAt => Instant.FromUnixTimeTicks(CreatedTicks);

    /// <summary>The source id.</summary>
    public int Source { get; }

    /// <summary>The campaign id.</summary>
    public int Campaign { get; }

    /// <summary>The owner id.</summary>
    public int Owner { get; }

    /// <summary>The extra grouping dimension id.</summary>
    public int Segment { get; }

    /// <summary>The first response, or null when unanswered.</summary>
    public Instant? FirstResponseAt => ResponseTicks == None ? null : Instant.FromUnixTimeTicks(ResponseTicks);

    /// <summary>Open, won or lost.</summary>
    public LeadOutcome Outcome { get; }

    /// <summary>When the lead was won or lost, or null while open.</summary>
    public Instant? ClosedAt => ClosedTicks == None ? null : Instant.FromUnixTimeTicks(ClosedTicks);

    /// <summary>The furthest funnel position reached as given (won leads count as at the won position).</summary>
    public int FurthestPosition { get; }

    /// <summary>The deal value amount (zero when none), in <see cref="DealCurrency"/>.</summary>
    internal decimal DealAmount { get; }

    /// <summary>The deal value's currency; default when there is no deal value.</summary>
    internal Currency DealCurrency => _currency;

    /// <summary>The deal value, or null.</summary>
    public Money? DealValue => _currency.IsDefault ? null : new Money(DealAmount, _currency);

    /// <summary>The stage visits in time order.</summary>
    public ReadOnlyMemory<StageVisit> Stages { get; }

    /// <summary>True when the lead has been answered.</summary>
    internal bool IsAnswered => ResponseTicks != None;

    /// <summary>
    /// Encodes a <see cref="LeadMetrics.Lead"/> with the encoders of a data set. Allocates the stage visit array.
    /// </summary>
    /// <param name="lead">The lead.</param>
    /// <param name="encoding">The data set's encoders; the lead id, source, campaign and owner are encoded with them.</param>
    /// <param name="segmentAttribute">The attribute whose value becomes <see cref="Segment"/>, or null.</param>
    /// <returns>The record.</returns>
    public static LeadRecord FromLead(Lead lead, LeadEncoding encoding, string? segmentAttribute = null)
    {
        Preconditions.CheckNotNull(lead);
        Preconditions.CheckNotNull(encoding);
        var segment = 0;
        if (segmentAttribute is not null)
        {
            var value = lead.GetAttribute(segmentAttribute.Trim());
            segment = encoding.Attribute(segmentAttribute).Encode(SegmentLabel(value));
        }

        var visits = new StageVisit[lead.StageHistory.Length];
        for (var i = 0; i < visits.Length; i++)
        {
            visits[i] = new StageVisit(lead.StageHistory[i].To.Index, lead.StageHistory[i].At);
        }

        return new LeadRecord(
            encoding.Leads.Encode(lead.Id.Value),
            lead.CreatedAt,
            encoding.Sources.Encode(lead.Source),
            encoding.Campaigns.Encode(lead.Campaign),
            encoding.Owners.Encode(lead.Owner),
            segment,
            lead.FirstResponseAt,
            lead.Outcome,
            lead.ClosedAt,
            lead.FurthestFunnelPosition,
            lead.DealValue,
            visits);
    }

    /// <summary>The text an attribute value is encoded by: numbers and money without trailing zeros, so equal values share an id.</summary>
    private static string? SegmentLabel(AttributeValue value) => value.Kind switch
    {
        AttributeKind.Missing => null,
        AttributeKind.Number => value.Number.ToString("G29", System.Globalization.CultureInfo.InvariantCulture),
        AttributeKind.Money => value.Money.Amount.ToString("G29", System.Globalization.CultureInfo.InvariantCulture) + " " + value.Money.Currency.Code,
        _ => value.ToString(),
    };

    private static void CheckNotBefore(Instant value, Instant createdAt, string paramName)
    {
        if (value < createdAt)
        {
            throw new ArgumentException($"{paramName} {value} is before createdAt {createdAt}.", paramName);
        }
    }
}
