using System.Collections.Immutable;
using NodaTime;

namespace LeadMetrics.Scoring;

/// <summary>
/// Gives points for what the lead did: for every matching touchpoint (by kind and direction) up to
/// the instant of scoring, <see cref="PointsPerTouchpoint"/> weighed by the touchpoint's age
/// (<see cref="Decay"/>). The rule fires when at least one touchpoint counts.
/// </summary>
/// <remarks>Touchpoints after the instant of scoring are ignored (they have not happened yet).
/// Limit how much one kind of activity can add with the cap of the rule's group.</remarks>
internal sealed class EngagementRule : ScoringRule
{
    private readonly int _kindMask;

    /// <summary>Creates the rule.</summary>
    /// <param name="name">The rule's name.</param>
    /// <param name="pointsPerTouchpoint">The full points of one matching touchpoint (may be negative).</param>
    /// <param name="kinds">The touchpoint kinds that match; null or empty for every kind.</param>
    /// <param name="direction">The direction that matches, or null for both. Engagement is usually what the lead did: <see cref="TouchpointDirection.Inbound"/>.</param>
    /// <param name="decay">How age weighs a touchpoint; <see cref="EngagementDecay.None"/> for no decay.</param>
    /// <exception cref="ArgumentException">A kind or direction is undefined; the message names it.</exception>
    public EngagementRule(
        string name,
        decimal pointsPerTouchpoint,
        IEnumerable<TouchpointKind>? kinds = null,
        TouchpointDirection? direction = TouchpointDirection.Inbound,
        EngagementDecay decay = default)
        : base(name)
    {
        PointsPerTouchpoint = Preconditions.CheckPoints(pointsPerTouchpoint);
        var mask = 0;
        var list = ImmutableArray.CreateBuilder<TouchpointKind>();
        if (kinds is not null)
        {
            foreach (var kind in kinds)
            {
                Preconditions.CheckDefined(kind, nameof(kinds));
                var bit = 1 << (int)kind;
                if ((mask & bit) == 0)
                {
                    mask |= bit;
                    list.Add(kind);
                }
            }
        }

        list.Sort();
        Kinds = list.ToImmutable();
        _kindMask = mask == 0 ? ~0 : mask;
        if (direction is { } d)
        {
            Preconditions.CheckDefined(d, nameof(direction));
        }

        Direction = direction;
        Decay = decay;
    }

    /// <summary>Always <see cref="ScoreDimension.Engagement"/>.</summary>
    public override ScoreDimension Dimension => ScoreDimension.Engagement;

    /// <summary>The full points of one matching touchpoint.</summary>
    public decimal PointsPerTouchpoint { get; }

    /// <summary>The kinds that match, sorted; empty for every kind.</summary>
    public ImmutableArray<TouchpointKind> Kinds { get; }

    /// <summary>The direction that matches, or null for both.</summary>
    public TouchpointDirection? Direction { get; }

    /// <summary>How age weighs a touchpoint.</summary>
    public EngagementDecay Decay { get; }

    /// <summary>True when the touchpoint's kind and direction match (its time is not considered).</summary>
    /// <param name="touchpoint">The touchpoint.</param>
    /// <returns>Whether it matches.</returns>
    internal bool Matches(Touchpoint touchpoint)
    {
        Preconditions.CheckNotNull(touchpoint);
        return MatchesKindAndDirection(touchpoint);
    }

    /// <summary>Evaluates the rule over one lead's touchpoints.</summary>
    /// <param name="touchpoints">The lead's touchpoints, in any order.</param>
    /// <param name="asOf">The instant of scoring.</param>
    /// <param name="points">The sum of the decayed points of the touchpoints that count.</param>
    /// <param name="count">How many touchpoints count.</param>
    /// <returns>True when at least one touchpoint counts.</returns>
    internal bool TryEvaluate(ReadOnlySpan<Touchpoint> touchpoints, Instant asOf, out decimal points, out int count)
    {
        points = 0m;
        count = 0;
        for (var i = 0; i < touchpoints.Length; i++)
        {
            var touchpoint = touchpoints[i] ?? throw new ArgumentException($"touchpoints[{i}] must not be null.", nameof(touchpoints));
            if (touchpoint.At > asOf || !MatchesKindAndDirection(touchpoint))
            {
                continue;
            }

            if (Decay.TryApply(PointsPerTouchpoint, asOf - touchpoint.At, out var decayed))
            {
                points += decayed;
                count++;
            }
        }

        return count > 0;
    }

    /// <summary>Evaluates the rule over one lead's touchpoints given as cells, as over the <see cref="Touchpoint"/>s of those kinds, directions and instants.</summary>
    internal bool TryEvaluate(ReadOnlySpan<TouchpointCell> touchpoints, Instant asOf, out decimal points, out int count)
    {
        points = 0m;
        count = 0;
        foreach (var touchpoint in touchpoints)
        {
            if (touchpoint.At > asOf || !Matches(touchpoint.Kind, touchpoint.Direction))
            {
                continue;
            }

            if (Decay.TryApply(PointsPerTouchpoint, asOf - touchpoint.At, out var decayed))
            {
                points += decayed;
                count++;
            }
        }

        return count > 0;
    }

    private bool MatchesKindAndDirection(Touchpoint touchpoint) => Matches(touchpoint.Kind, touchpoint.Direction);

    private bool Matches(TouchpointKind kind, TouchpointDirection direction) =>
        (_kindMask & (1 << (int)kind)) != 0 && (Direction is not { } d || direction == d);
}
