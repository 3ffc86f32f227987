using LeadMetrics.Scoring;
using LeadMetrics.Tests.Performance;
using NodaTime.Testing;

namespace LeadMetrics.Tests.Scoring;

public class ScoringAllocationTests
{
    [Fact]
    public void Scoring_many_leads_into_a_reused_buffer_allocates_nothing()
    {
        var scorer = new LeadScorer(WorkedExample.Model, new FakeClock(WorkedExample.AsOf));
        var buffer = scorer.CreateExplanationBuffer();
        var cases = WorkedExample.All;
        var checksum = 0m;
        foreach (var (lead, touchpoints) in cases)
        {
            checksum += scorer.Score(lead, touchpoints, WorkedExample.AsOf, buffer).Total; // warm up (JIT, static caches)
        }

        const int Iterations = 20_000;
        var before = ThreadAllocations.Start();
        for (var i = 0; i < Iterations; i++)
        {
            var (lead, touchpoints) = cases[i % cases.Length];
            var score = scorer.Score(lead, touchpoints, WorkedExample.AsOf, buffer);
            checksum += score.Total + buffer.Count;
        }

        var allocated = GC.GetAllocatedBytesForCurrentThread() - before;

        Assert.True(checksum > 0m);
        Assert.True(allocated <= 256, $"scoring {Iterations} leads allocated {allocated} bytes");
    }
}
