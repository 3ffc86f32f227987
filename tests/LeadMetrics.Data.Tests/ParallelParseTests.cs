using System.Globalization;
using System.Text;
using NodaTime;

namespace LeadMetrics.Data.Tests;

/// <summary>
/// Reading on both cores (LeadDataSet.Read with threads: 2: stages.csv read while leads.csv is, and stages.csv and
/// touchpoints.csv read at the same time): the same batches, KPIs, data-quality counts and examples, and the same first
/// bad row as one thread, on files large enough for many batches, with bad rows spread through them. In the collection
/// of LeadDataSetTests, whose memory-per-lead measurement must not run beside these allocations.
/// </summary>
[Collection("Memory-sensitive reads")]
public sealed class ParallelParseTests : DataFileTests
{
    public ParallelParseTests()
        : base("parallel")
    {
    }

    private LeadDataSetOptions Messy(int n, BadRowPolicy policy)
    {
        var random = new Random(7);
        var t0 = Instant.FromUtc(2024, 1, 1, 0, 0);
        var leads = new StringBuilder("lead_id,created_at,source,owner,first_response_at,won_at,lost_at,value\n");
        var stages = new StringBuilder("lead_id,stage,at\n");
        var touchpoints = new StringBuilder("lead_id,at,channel,kind,direction\n");
        string[] sources = ["web", "Web", "ads", "partner", string.Empty];
        string[] stageNames = ["New", "Working", "Qualified", "ClosedWon", "ClosedLost", "Bogus"];
        string[] kinds = ["call", "email", "meeting", "fax"];
        for (var i = 0; i < n; i++)
        {
            var created = t0 + Duration.FromMinutes(i);
            var id = "L" + (random.Next(200) == 0 ? random.Next(i + 1) : i).ToString(CultureInfo.InvariantCulture);   // some duplicates
            var createdText = random.Next(300) == 0 ? "never" : created.ToString();
            var outcome = random.Next(4);
            leads.Append(CultureInfo.InvariantCulture,
                $"{id},{createdText},{sources[random.Next(sources.Length)]},rep{random.Next(5)},{(random.Next(3) == 0 ? (created - Duration.FromMinutes(random.Next(-60, 5))).ToString() : string.Empty)},{(outcome == 1 ? (created + Duration.FromDays(random.Next(-1, 20))).ToString() : string.Empty)},{(outcome == 2 ? (created + Duration.FromDays(3)).ToString() : string.Empty)},{(random.Next(250) == 0 ? "-1" : random.Next(4) == 0 ? "99.5" : string.Empty)}\n");
            for (var k = random.Next(4); k > 0; k--)
            {
                stages.Append(CultureInfo.InvariantCulture, $"L{random.Next(n + 10)},{stageNames[random.Next(stageNames.Length)]},{created + Duration.FromHours(random.Next(-2, 300))}\n");
            }

            for (var k = random.Next(3); k > 0; k--)
            {
                touchpoints.Append(CultureInfo.InvariantCulture, $"L{random.Next(n + 10)},{created + Duration.FromMinutes(random.Next(-10, 3000))},phone,{kinds[random.Next(kinds.Length)]},{(random.Next(2) == 0 ? "outbound" : "inbound")}\n");
            }
        }

        return new LeadDataSetOptions
        {
            LeadsPath = Write("leads.csv", leads.ToString()),
            StagesPath = Write("stages.csv", stages.ToString()),
            TouchpointsPath = Write("touchpoints.csv", touchpoints.ToString()),
            OnBadRow = policy,
            FoldCase = true,
            BlockSize = 997,
        };
    }

    [Theory]
    [InlineData(BadRowPolicy.Skip)]
    [InlineData(BadRowPolicy.Fail)]
    public void Two_threads_parse_to_the_results_counts_and_examples_of_one(BadRowPolicy policy)
    {
        var options = Messy(40_000, policy);
        var one = ReadToText(options, 1);
        var two = ReadToText(options, 2);
        Assert.Equal(one, two);
        if (policy == BadRowPolicy.Skip)
        {
            Assert.Contains("duplicate_lead_id", one, StringComparison.Ordinal);
            Assert.Contains("unknown_stage", one, StringComparison.Ordinal);
            Assert.Contains("unknown_kind", one, StringComparison.Ordinal);
        }
        else
        {
            Assert.StartsWith("fail: ", one, StringComparison.Ordinal);
        }
    }

    [Theory]
    [InlineData(true, "stages.csv, line 30002,")]
    [InlineData(false, "touchpoints.csv, line 2,")]
    public void Stages_and_touchpoints_read_at_once_fail_as_one_thread_does(bool badStage, string expected)
    {
        // Two threads read stages.csv and touchpoints.csv at the same time; with --on-bad-row fail the error thrown is
        // the one a single thread meets first: the stages file's (it is read first), even when touchpoints fails sooner.
        var leads = new StringBuilder("lead_id,created_at\n");
        var stages = new StringBuilder("lead_id,stage,at\n");
        var touchpoints = new StringBuilder("lead_id,at,channel,kind\n");
        touchpoints.Append("L0,2024-01-02T00:00:00Z,phone,fax\n");
        for (var i = 0; i < 30_000; i++)
        {
            leads.Append(CultureInfo.InvariantCulture, $"L{i},2024-01-01T00:00:00Z\n");
            stages.Append(CultureInfo.InvariantCulture, $"L{i},Working,2024-01-02T00:00:00Z\n");
            touchpoints.Append(CultureInfo.InvariantCulture, $"L{i},2024-01-02T00:00:00Z,phone,call\n");
        }

        if (badStage)
        {
            stages.Append("L1,Bogus,2024-01-03T00:00:00Z\n");
        }

        var options = new LeadDataSetOptions
        {
            LeadsPath = Write("leads.csv", leads.ToString()),
            StagesPath = Write("stages.csv", stages.ToString()),
            TouchpointsPath = Write("touchpoints.csv", touchpoints.ToString()),
        };
        foreach (var threads in new[] { 1, 2 })
        {
            var e = Assert.Throws<BadRowException>(() => LeadDataSet.Open(options).Read(_ => { }, threads));
            Assert.Contains(expected, e.Row.Describe(), StringComparison.Ordinal);
        }
    }
}
