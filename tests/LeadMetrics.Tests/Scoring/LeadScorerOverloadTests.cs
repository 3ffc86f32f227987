using LeadMetrics.Scoring;
using NodaTime.Testing;

namespace LeadMetrics.Tests.Scoring;

public sealed class LeadScorerOverloadTests
{
    [Fact]
    public void Scoring_as_of_an_instant_needs_no_explanation_buffer()
    {
        // What a newcomer writes from the docs: scorer.Score(lead, touchpoints, asOf), no fourth argument.
        var scorer = new LeadScorer(WorkedExample.Model, new FakeClock(WorkedExample.AsOf));
        var score = scorer.Score(WorkedExample.Acme, WorkedExample.AcmeTouchpoints, WorkedExample.AsOf);
        Assert.Equal(scorer.Score(WorkedExample.Acme, WorkedExample.AcmeTouchpoints, WorkedExample.AsOf, null).Total, score.Total);
        Assert.Equal(67.5m, score.Total);
    }
}
