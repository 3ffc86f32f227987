using System.Collections.Immutable;
using System.Globalization;
using LeadMetrics.Statistics;

namespace LeadMetrics.Calculators;

/// <summary>Response time: from lead creation to the first response. Immutable, with value equality.</summary>
public sealed class ResponseTimeResult
{
    internal ResponseTimeResult(long leads, long answered, long unanswered, DurationDistribution distribution, ImmutableArray<TargetShare> withinTarget, bool businessHours)
    {
        Leads = leads;
        Answered = answered;
        Unanswered = unanswered;
        Distribution = distribution;
        WithinTarget = withinTarget;
        BusinessHours = businessHours;
    }

    /// <summary>All leads, answered or not.</summary>
    public long Leads { get; }

    /// <summary>Leads with a first response.</summary>
    public long Answered { get; }

    /// <summary>Leads never answered (so far).</summary>
    public long Unanswered { get; }

    /// <summary>The distribution of response times of answered leads.</summary>
    public DurationDistribution Distribution { get; }

    /// <summary>For each target, the leads answered within it; the denominator includes unanswered leads.</summary>
    public ImmutableArray<TargetShare> WithinTarget { get; }

    /// <summary>True when measured in working time of a calendar rather than elapsed time.</summary>
    public bool BusinessHours { get; }

    /// <summary>True when every value of the two results is equal (collections element by element).</summary>
    /// <param name="other">The other result.</param>
    /// <returns>True when equal.</returns>
    private bool Equals(ResponseTimeResult? other) =>
        other is not null && (ReferenceEquals(this, other) ||
            (Leads == other.Leads &&
             Answered == other.Answered &&
             Unanswered == other.Unanswered &&
             object.Equals(Distribution, other.Distribution) &&
             ValueEquality.Sequence(WithinTarget, other.WithinTarget) &&
             BusinessHours == other.BusinessHours));

    /// <inheritdoc />
    public override bool Equals(object? obj) => Equals(obj as ResponseTimeResult);

    /// <inheritdoc />
    public override int GetHashCode()
    {
        var hash = default(HashCode);
        hash.Add(Leads);
        hash.Add(Answered);
        hash.Add(Unanswered);
        hash.Add(Distribution);
        ValueEquality.Add(ref hash, WithinTarget);
        hash.Add(BusinessHours);
        return hash.ToHashCode();
    }

    /// <summary>Counts, the distribution and the shares within target (durations as days and time).</summary>
    /// <returns>The text.</returns>
    public override string ToString() =>
        string.Create(CultureInfo.InvariantCulture, $"leads {Leads}, answered {Answered}, unanswered {Unanswered}{(BusinessHours ? " (business hours)" : string.Empty)}, response time {Distribution}") + string.Concat(WithinTarget.Select(t => "; " + t));
}
