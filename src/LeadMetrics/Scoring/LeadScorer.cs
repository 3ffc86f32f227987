using NodaTime;

namespace LeadMetrics.Scoring;

/// <summary>
/// Scores leads with a <see cref="ScoringModel"/>: fit from the lead's attributes, engagement from its
/// touchpoints up to an instant (the clock's now by default), the total, grade, grid cell and routing,
/// and on request the explanation. Thread-safe (the model is immutable); explanation buffers are not.
/// </summary>
/// <remarks>
/// Scoring allocates nothing when the caller passes a reused <see cref="ScoreExplanationBuffer"/> (or
/// none) and the model's predicate rules do not allocate. <see cref="Explain(Lead, ReadOnlySpan{Touchpoint}, Instant)"/>
/// allocates the explanation it returns.
/// </remarks>
public sealed class LeadScorer
{
    /// <summary>Creates a scorer that measures engagement up to the instant given by <paramref name="clock"/>.</summary>
    /// <param name="model">The model.</param>
    /// <param name="clock">The clock of "now" (use a fake clock in tests).</param>
    public LeadScorer(ScoringModel model, IClock clock)
    {
        Model = Preconditions.CheckNotNull(model);
        Clock = Preconditions.CheckNotNull(clock);
    }

    /// <summary>The model.</summary>
    public ScoringModel Model { get; }

    /// <summary>The clock used when no instant of scoring is given.</summary>
    public IClock Clock { get; }

    /// <summary>Creates a buffer large enough for any explanation of <see cref="Model"/>.</summary>
    /// <returns>The buffer.</returns>
    public ScoreExplanationBuffer CreateExplanationBuffer() => new(Model.MaxExplanationLines);

    /// <summary>Scores a lead with its touchpoints (none: on fit alone), now.</summary>
    /// <param name="lead">The lead.</param>
    /// <param name="touchpoints">The lead's touchpoints, in any order; none by default.</param>
    /// <returns>The score.</returns>
    public LeadScore Score(Lead lead, ReadOnlySpan<Touchpoint> touchpoints = default) => Score(lead, touchpoints, Clock.GetCurrentInstant(), null);

    /// <summary>Scores a lead with its touchpoints as of an instant, optionally filling an explanation buffer.</summary>
    /// <param name="lead">The lead.</param>
    /// <param name="touchpoints">The lead's touchpoints, in any order; touchpoints after <paramref name="asOf"/> are ignored.</param>
    /// <param name="asOf">The instant of scoring: the age of a touchpoint is measured to it.</param>
    /// <param name="explanation">A buffer to clear and fill with the explanation, or null (the default) for none.</param>
    /// <returns>The score.</returns>
    /// <exception cref="ArgumentException">A touchpoint is null or belongs to another lead; the message names its index.</exception>
    public LeadScore Score(Lead lead, ReadOnlySpan<Touchpoint> touchpoints, Instant asOf, ScoreExplanationBuffer? explanation = null)
    {
        Preconditions.CheckNotNull(lead);
        for (var i = 0; i < touchpoints.Length; i++)
        {
            var touchpoint = touchpoints[i];
            if (touchpoint is null)
            {
                throw new ArgumentException($"touchpoints[{i}] must not be null.", nameof(touchpoints));
            }

            if (touchpoint.Lead != lead.Id)
            {
                throw new ArgumentException($"touchpoints[{i}] belongs to lead '{touchpoint.Lead}', not to the scored lead '{lead.Id}'.", nameof(touchpoints));
            }
        }

        var scored = new ObjectLead(lead, touchpoints);
        return ScoringCore.Score(Model, ref scored, asOf, explanation);
    }

    /// <summary>Scores a lead as of an instant and returns the score with its explanation (allocates the result).</summary>
    /// <param name="lead">The lead.</param>
    /// <param name="touchpoints">The lead's touchpoints.</param>
    /// <param name="asOf">The instant of scoring.</param>
    /// <returns>The explained score.</returns>
    public ScoreExplanation Explain(Lead lead, ReadOnlySpan<Touchpoint> touchpoints, Instant asOf)
    {
        var buffer = CreateExplanationBuffer();
        var score = Score(lead, touchpoints, asOf, buffer);
        return new ScoreExplanation(lead.Id, asOf, score, buffer.ToImmutableArray());
    }

    /// <summary>Scores a lead now and returns the score with its explanation.</summary>
    /// <param name="lead">The lead.</param>
    /// <param name="touchpoints">The lead's touchpoints.</param>
    /// <returns>The explained score.</returns>
    public ScoreExplanation Explain(Lead lead, ReadOnlySpan<Touchpoint> touchpoints) => Explain(lead, touchpoints, Clock.GetCurrentInstant());
}
