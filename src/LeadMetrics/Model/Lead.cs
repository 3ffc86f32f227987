using System.Collections.Immutable;
using NodaTime;

namespace LeadMetrics;

/// <summary>
/// A lead and the facts known about it: when it was created, where it came from, who owns it, its
/// ICP attributes, and its outcome so far (first response, stage history, won or lost, deal value).
/// Immutable; every fact is validated on construction.
/// </summary>
/// <remarks>
/// <para>Consistency rules checked by the constructor: the first response, every stage transition
/// and the won or lost instant are at or after <see cref="CreatedAt"/>; a lead is not both won and
/// lost; stage transitions belong to this lead and to <see cref="Pipeline"/>, come in time order and
/// stop at the first terminal stage; a deal value is not negative.</para>
/// <para>When the stage history ends in the won (lost) stage and no won (lost) instant is given, the
/// instant of that transition is used. Empty source, campaign and owner become null (the "(none)" group).</para>
/// </remarks>
public sealed class Lead
{
    /// <summary>Creates a validated lead.</summary>
    /// <param name="id">The lead's id.</param>
    /// <param name="createdAt">When the lead left its details (the start of every duration).</param>
    /// <param name="source">The source (channel) the lead came from, or null.</param>
    /// <param name="campaign">The campaign, or null.</param>
    /// <param name="owner">The rep who owns the lead, or null.</param>
    /// <param name="attributes">ICP attributes by name (case-insensitive), or null for none.</param>
    /// <param name="firstResponseAt">When the business first responded, or null when not yet answered.</param>
    /// <param name="stageHistory">The lead's stage transitions in time order, or null for none.</param>
    /// <param name="wonAt">When the lead was won, or null.</param>
    /// <param name="lostAt">When the lead was lost, or null.</param>
    /// <param name="dealValue">The value of the deal (usually set for won leads), or null.</param>
    /// <param name="pipeline">The pipeline of <paramref name="stageHistory"/>; <see cref="Pipeline.Default"/> when null.</param>
    /// <exception cref="ArgumentException">A fact is invalid or inconsistent; the message names the argument and the value.</exception>
    public Lead(
        LeadId id,
        Instant createdAt,
        string? source = null,
        string? campaign = null,
        string? owner = null,
        IEnumerable<KeyValuePair<string, AttributeValue>>? attributes = null,
        Instant? firstResponseAt = null,
        IEnumerable<StageTransition>? stageHistory = null,
        Instant? wonAt = null,
        Instant? lostAt = null,
        Money? dealValue = null,
        Pipeline? pipeline = null)
    {
        Id = LeadId.CheckValid(id, nameof(id));
        CreatedAt = Preconditions.CheckNotDefault(createdAt);
        Source = Normalize(source);
        Campaign = Normalize(campaign);
        Owner = Normalize(owner);
        Pipeline = pipeline ?? Pipeline.Default;
        Attributes = BuildAttributes(attributes);

        if (firstResponseAt is { } response)
        {
            CheckNotBeforeCreation(response, nameof(firstResponseAt));
        }

        FirstResponseAt = firstResponseAt;
        StageHistory = BuildHistory(stageHistory);

        if (wonAt is not null && lostAt is not null)
        {
            throw new ArgumentException(
                $"A lead cannot be both won and lost: wonAt was {wonAt.Value} and lostAt was {lostAt.Value}.", nameof(lostAt));
        }

        var last = StageHistory.IsEmpty ? null : StageHistory[^1];
        if (last is not null && last.To.Kind == StageKind.Won)
        {
            if (lostAt is not null)
            {
                throw new ArgumentException($"lostAt was {lostAt.Value} but the stage history ends in the won stage '{last.To.Name}'.", nameof(lostAt));
            }

            wonAt ??= last.At;
        }
        else if (last is not null && last.To.Kind == StageKind.Lost)
        {
            if (wonAt is not null)
            {
                throw new ArgumentException($"wonAt was {wonAt.Value} but the stage history ends in the lost stage '{last.To.Name}'.", nameof(wonAt));
            }

            lostAt ??= last.At;
        }

        if (wonAt is { } won)
        {
            CheckNotBeforeCreation(won, nameof(wonAt));
        }

        if (lostAt is { } lost)
        {
            CheckNotBeforeCreation(lost, nameof(lostAt));
        }

        if ((wonAt ?? lostAt) is { } closed && last is not null && closed < last.At)
        {
            var name = wonAt is not null ? nameof(wonAt) : nameof(lostAt);
            throw new ArgumentException($"{name} {closed} is before the last stage transition at {last.At}; a lead closes at or after its last stage change.", name);
        }

        WonAt = wonAt;
        LostAt = lostAt;

        if (dealValue is { } value)
        {
            if (value.Currency.IsDefault)
            {
                throw new ArgumentException("dealValue must carry a currency; default(Money) has none.", nameof(dealValue));
            }

            Preconditions.CheckNonNegative(value.Amount, nameof(dealValue));
            Preconditions.CheckAmount(value.Amount, nameof(dealValue));
        }

        DealValue = dealValue;
    }

    /// <summary>The lead's id.</summary>
    public LeadId Id { get; }

    /// <summary>When the lead left its details.</summary>
    public Instant CreatedAt { get; }

    /// <summary>The source (channel), or null when unknown.</summary>
    public string? Source { get; }

    /// <summary>The campaign, or null.</summary>
    public string? Campaign { get; }

    /// <summary>The owning rep, or null.</summary>
    public string? Owner { get; }

    /// <summary>ICP attributes by name, compared case-insensitively.</summary>
    public ImmutableDictionary<string, AttributeValue> Attributes { get; }

    /// <summary>When the business first responded, or null.</summary>
    public Instant? FirstResponseAt { get; }

    /// <summary>The stage transitions in time order.</summary>
    public ImmutableArray<StageTransition> StageHistory { get; }

    /// <summary>The pipeline the stage history refers to.</summary>
    public Pipeline Pipeline { get; }

    /// <summary>When the lead was won, or null.</summary>
    public Instant? WonAt { get; }

    /// <summary>When the lead was lost, or null.</summary>
    public Instant? LostAt { get; }

    /// <summary>The deal value, or null.</summary>
    public Money? DealValue { get; }

    /// <summary>Open, won or lost.</summary>
    public LeadOutcome Outcome => WonAt is not null ? LeadOutcome.Won : LostAt is not null ? LeadOutcome.Lost : LeadOutcome.Open;

    /// <summary>When the lead was closed (won or lost), or null while open.</summary>
    public Instant? ClosedAt => WonAt ?? LostAt;

    /// <summary>
    /// The furthest funnel position the lead reached (0 = the first stage). A won lead reached the won
    /// stage (<see cref="Pipeline.OpenStageCount"/>). A lead that skipped stages is counted as having
    /// passed them. A lead with no history is at the first stage.
    /// </summary>
    internal int FurthestFunnelPosition
    {
        get
        {
            if (WonAt is not null)
            {
                return Pipeline.OpenStageCount;
            }

            var furthest = 0;
            foreach (var transition in StageHistory)
            {
                if (transition.To.Kind == StageKind.Open && transition.To.Index > furthest)
                {
                    furthest = transition.To.Index;
                }
            }

            return furthest;
        }
    }

    /// <summary>Returns an attribute value, or <see cref="AttributeValue.Missing"/> when the lead does not have it.</summary>
    /// <param name="name">The attribute name (case-insensitive).</param>
    /// <returns>The value.</returns>
    public AttributeValue GetAttribute(string name) =>
        Attributes.TryGetValue(Preconditions.CheckNotNull(name), out var value) ? value : AttributeValue.Missing;

    /// <summary>The id.</summary>
    public override string ToString() => Id.Value;

    private static string? Normalize(string? value) => string.IsNullOrWhiteSpace(value) ? null : value.Trim();

    private static ImmutableDictionary<string, AttributeValue> BuildAttributes(IEnumerable<KeyValuePair<string, AttributeValue>>? attributes)
    {
        var builder = ImmutableDictionary.CreateBuilder<string, AttributeValue>(StringComparer.OrdinalIgnoreCase);
        if (attributes is null)
        {
            return builder.ToImmutable();
        }

        foreach (var (name, value) in attributes)
        {
            if (string.IsNullOrWhiteSpace(name))
            {
                throw new ArgumentException($"attributes must not contain an empty name; was '{name}'.", nameof(attributes));
            }

            if (!builder.TryAdd(name.Trim(), value))
            {
                throw new ArgumentException($"attributes contains the name '{name}' more than once (names are case-insensitive).", nameof(attributes));
            }
        }

        return builder.ToImmutable();
    }

    private ImmutableArray<StageTransition> BuildHistory(IEnumerable<StageTransition>? stageHistory)
    {
        if (stageHistory is null)
        {
            return [];
        }

        var builder = ImmutableArray.CreateBuilder<StageTransition>();
        StageTransition? previous = null;
        foreach (var transition in stageHistory)
        {
            var index = builder.Count;
            if (transition is null)
            {
                throw new ArgumentException($"stageHistory[{index}] must not be null.", nameof(stageHistory));
            }

            if (transition.Lead != Id)
            {
                throw new ArgumentException(
                    $"stageHistory[{index}] belongs to lead '{transition.Lead}', not to lead '{Id}'.", nameof(stageHistory));
            }

            if (!Pipeline.Contains(transition.To))
            {
                throw new ArgumentException(
                    $"stageHistory[{index}] enters stage '{transition.To.Name}', which is not a stage of the lead's pipeline ({Pipeline}).", nameof(stageHistory));
            }

            CheckNotBeforeCreation(transition.At, $"stageHistory[{index}].At");
            if (previous is not null)
            {
                if (transition.At < previous.At)
                {
                    throw new ArgumentException(
                        $"stageHistory[{index}].At {transition.At} is before the previous transition at {previous.At}; transitions must be in time order.", nameof(stageHistory));
                }

                if (previous.To.IsTerminal)
                {
                    throw new ArgumentException(
                        $"stageHistory[{index}] enters '{transition.To.Name}' after the terminal stage '{previous.To.Name}'; a closed lead does not move again.", nameof(stageHistory));
                }
            }

            builder.Add(transition);
            previous = transition;
        }

        return builder.ToImmutable();
    }

    private void CheckNotBeforeCreation(Instant value, string paramName)
    {
        if (value < CreatedAt)
        {
            throw new ArgumentException($"{paramName} {value} is before the lead's createdAt {CreatedAt}.", paramName);
        }
    }
}
