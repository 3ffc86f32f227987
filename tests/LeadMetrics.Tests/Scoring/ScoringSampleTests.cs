using LeadMetrics.Samples.Scoring;
using LeadMetrics.Scoring;
using NodaTime.Testing;

namespace LeadMetrics.Tests.Scoring;

public class ScoringSampleTests
{
    [Fact]
    public void The_sample_scores_the_worked_example_and_prints_explanations_and_quality()
    {
        using var output = new StringWriter();

        ScoringSample.Run(output, Path.Combine(AppContext.BaseDirectory, "icp-model.json"));

        var text = output.ToString();
        Assert.Contains("L-1: 67.5 (fit 40, engagement 27.5): Hot A1, SendToSales", text, StringComparison.Ordinal);
        Assert.Contains("  fit / firmographics: group bounds (-inf, 40]: -5", text, StringComparison.Ordinal);
        Assert.Contains("L-4: 0 (fit -5, engagement 0): Cold C3, Disqualify", text, StringComparison.Ordinal);
        Assert.Contains("ROC AUC of the ICP score: 0.", text, StringComparison.Ordinal);
        Assert.Contains("company_size in [201, +inf): won", text, StringComparison.Ordinal);
        Assert.Contains("In-sample calibration: expected", text, StringComparison.Ordinal);
    }

    [Fact]
    public void The_sample_leads_are_the_worked_example_leads()
    {
        var scorer = new LeadScorer(WorkedExample.Model, new FakeClock(ScoringSample.AsOf));
        var sample = ScoringSample.Leads();

        Assert.Equal(
            WorkedExample.All.Select(c => scorer.Explain(c.Lead, c.Touchpoints, WorkedExample.AsOf).ToString()),
            sample.Select(c => scorer.Explain(c.Lead, c.Touchpoints, ScoringSample.AsOf).ToString()));
    }
}
