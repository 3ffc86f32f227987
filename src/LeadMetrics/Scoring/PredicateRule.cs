using LeadMetrics.Scoring.Json;

namespace LeadMetrics.Scoring;

/// <summary>
/// Gives points when a predicate written in code holds for the lead: the extension point for logic
/// the other rule types cannot express (a domain check against a list, a combination of attributes).
/// </summary>
/// <remarks>
/// <para>The predicate must be pure and thread-safe: the same lead must always give the same answer,
/// and scoring may run on many threads. It should not allocate if scoring is to stay allocation-free.</para>
/// <para>In JSON the rule is written as its <see cref="PredicateKey"/>; reading the model back needs a
/// predicate registered under that key (see <see cref="ScoringModelJson"/>).</para>
/// </remarks>
internal sealed class PredicateRule : FitRule
{
    private readonly Func<Lead, bool> _predicate;

    /// <summary>Creates the rule.</summary>
    /// <param name="name">The rule's name.</param>
    /// <param name="predicate">The predicate.</param>
    /// <param name="points">The points given when the predicate holds.</param>
    /// <param name="predicateKey">The key under which the predicate is registered for JSON models; <paramref name="name"/> when null.</param>
    public PredicateRule(string name, Func<Lead, bool> predicate, decimal points, string? predicateKey = null)
        : base(name)
    {
        _predicate = Preconditions.CheckNotNull(predicate);
        Points = Preconditions.CheckPoints(points);
        PredicateKey = predicateKey is null ? Name : Preconditions.CheckNotNullOrWhiteSpace(predicateKey).Trim();
    }

    /// <summary>The points given when the predicate holds.</summary>
    public decimal Points { get; }

    /// <summary>The key of the predicate in a JSON model.</summary>
    public string PredicateKey { get; }

    /// <summary>The predicate.</summary>
    public Func<Lead, bool> Predicate => _predicate;

    internal override bool Evaluate(Lead lead, out decimal points, out AttributeValue value)
    {
        value = AttributeValue.Missing;
        if (_predicate(lead))
        {
            points = Points;
            return true;
        }

        points = 0m;
        return false;
    }
}
