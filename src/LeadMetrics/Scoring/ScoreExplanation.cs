using System.Collections.Immutable;
using System.Globalization;
using System.Text;
using NodaTime;

namespace LeadMetrics.Scoring;

/// <summary>
/// The score of one lead with its explanation: every rule that fired and its points, and every cap
/// that cut a sum. Immutable. The points of <see cref="Lines"/> sum to <see cref="LeadScore.Total"/>.
/// </summary>
public sealed class ScoreExplanation
{
    internal ScoreExplanation(LeadId lead, Instant asOf, LeadScore score, ImmutableArray<ScoreLine> lines)
    {
        Lead = lead;
        AsOf = asOf;
        Score = score;
        Lines = lines;
    }

    /// <summary>The lead.</summary>
    public LeadId Lead { get; }

    /// <summary>The instant of scoring (engagement is measured up to it).</summary>
    public Instant AsOf { get; }

    /// <summary>The score.</summary>
    public LeadScore Score { get; }

    /// <summary>The lines, in model order: each group's rules and cap, then the fit, engagement and total caps.</summary>
    public ImmutableArray<ScoreLine> Lines { get; }

    /// <summary>A readable report: the lead, the score, then one indented line per explanation line.</summary>
    public override string ToString()
    {
        var text = new StringBuilder();
        text.Append(CultureInfo.InvariantCulture, $"{Lead}: {Score}").AppendLine();
        foreach (var line in Lines)
        {
            text.Append("  ").Append(line.ToString()).AppendLine();
        }

        return text.ToString();
    }
}
