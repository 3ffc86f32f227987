using System.Collections.Immutable;

namespace LeadMetrics.Scoring;

/// <summary>
/// Grades a total score by thresholds: the highest grade whose minimum the score reaches. The
/// default is Hot (70 and more, sent to sales), Warm (40 and more, nurtured) and Cold (nurtured).
/// </summary>
/// <remarks>Grades are monotone in the score: a higher score never gets a lower grade.</remarks>
public sealed class GradeScale
{
    /// <summary>Creates a scale.</summary>
    /// <param name="thresholds">The grades in any order: names unique (case-insensitive), minimums distinct,
    /// and exactly one without a minimum (the lowest grade).</param>
    /// <exception cref="ArgumentException">The thresholds break a rule above; the message names the grade.</exception>
    public GradeScale(IEnumerable<GradeThreshold> thresholds)
    {
        var items = Preconditions.CheckNotNull(thresholds).ToArray();
        for (var i = 0; i < items.Length; i++)
        {
            if (items[i].Name.Length == 0)
            {
                throw new ArgumentException($"thresholds[{i}] is default(GradeThreshold); give every grade a name.", nameof(thresholds));
            }
        }

        var order = ThresholdOrder.Order([.. items.Select(t => (t.Name, t.MinimumScore))], nameof(thresholds), "grade");
        var grades = ImmutableArray.CreateBuilder<Grade>(items.Length);
        for (var rank = 0; rank < order.Length; rank++)
        {
            grades.Add(new Grade(this, items[order[rank]], rank));
        }

        Grades = grades.MoveToImmutable();
    }

    /// <summary>Hot (total 70 and more: send to sales), Warm (40 and more: nurture), Cold (below 40: nurture).</summary>
    public static GradeScale Default { get; } = new(
    [
        new GradeThreshold("Hot", 70m, LeadRouting.SendToSales),
        new GradeThreshold("Warm", 40m, LeadRouting.Nurture),
        new GradeThreshold("Cold", null, LeadRouting.Nurture),
    ]);

    /// <summary>The grades, highest first (index = <see cref="Grade.Rank"/>).</summary>
    public ImmutableArray<Grade> Grades { get; }

    /// <summary>The definitions of the grades, highest first.</summary>
    public ImmutableArray<GradeThreshold> Thresholds => [.. Grades.Select(g => new GradeThreshold(g.Name, g.MinimumScore, g.Routing))];

    /// <summary>Returns the grade of a total score: the highest grade whose minimum the score reaches.</summary>
    /// <param name="score">The total score.</param>
    /// <returns>The grade.</returns>
    public Grade Classify(decimal score)
    {
        var grades = Grades.AsSpan();
        foreach (var grade in grades)
        {
            if (grade.MinimumScore is not { } min || score >= min)
            {
                return grade;
            }
        }

        return grades[^1];
    }

    /// <summary>Finds a grade by name.</summary>
    /// <param name="name">The name (case-insensitive).</param>
    /// <param name="grade">The grade, or null.</param>
    /// <returns>True when found.</returns>
    public bool TryGetGrade(string name, [System.Diagnostics.CodeAnalysis.NotNullWhen(true)] out Grade? grade)
    {
        Preconditions.CheckNotNull(name);
        grade = Grades.FirstOrDefault(g => string.Equals(g.Name, name.Trim(), StringComparison.OrdinalIgnoreCase));
        return grade is not null;
    }

    /// <summary>The grades, such as <c>Hot (&gt;= 70, SendToSales) / Warm ... / Cold ...</c>.</summary>
    public override string ToString() => string.Join(" / ", Grades.Select(g => g.Describe()));
}
