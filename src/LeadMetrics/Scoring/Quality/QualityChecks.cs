namespace LeadMetrics.Scoring.Quality;

/// <summary>Argument checks shared by the quality accumulators.</summary>
internal static class QualityChecks
{
    internal static Grade Grade(in LeadScore score, GradeScale scale, string paramName)
    {
        var grade = score.Grade ?? throw new ArgumentException($"{paramName} is default(LeadScore); pass a score from a LeadScorer.", paramName);
        if (!ReferenceEquals(grade.Scale, scale) && !SameScale(grade.Scale, scale))
        {
            throw new ArgumentException(
                $"{paramName} was graded on the scale {grade.Scale}, not on this accumulator's scale {scale}.", paramName);
        }

        return grade;
    }

    internal static bool SameScale(GradeScale a, GradeScale b)
    {
        if (ReferenceEquals(a, b))
        {
            return true;
        }

        if (a.Grades.Length != b.Grades.Length)
        {
            return false;
        }

        for (var i = 0; i < a.Grades.Length; i++)
        {
            var x = a.Grades[i];
            var y = b.Grades[i];
            if (!string.Equals(x.Name, y.Name, StringComparison.Ordinal) || x.MinimumScore != y.MinimumScore || x.Routing != y.Routing)
            {
                return false;
            }
        }

        return true;
    }

    internal static LeadOutcome Outcome(LeadOutcome outcome, string paramName) => Preconditions.CheckDefined(outcome, paramName);

    internal static void SameBands(ScoreBands mine, ScoreBands theirs, string paramName)
    {
        if (!mine.Equals(theirs))
        {
            throw new ArgumentException($"{paramName} uses the score bands {theirs}, not {mine}; only partials of the same configuration merge.", paramName);
        }
    }

    internal static decimal? Ratio(long numerator, long denominator) => denominator == 0 ? null : (decimal)numerator / denominator;
}
