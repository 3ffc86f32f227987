using System.Globalization;
using System.Text;
using NodaTime;

namespace LeadMetrics.Data.Tests;

/// <summary>
/// With two threads the stages file is read while the leads file is (issue 14): each stage row is checked without its
/// lead on the second thread, then joined to its lead in file order, and a row that fails a check is parsed again as
/// one thread parses it. Pinned here: the same batches, KPIs, data-quality counts and examples, the same first bad row
/// and the same file errors as one thread, on leads + stages without touchpoints (the case that reads both at once).
/// </summary>
[Collection("Memory-sensitive reads")]
public sealed class StagesWhileLeadsTests : DataFileTests
{
    public StagesWhileLeadsTests()
        : base("stages")
    {
    }

    /// <summary>
    /// Leads with duplicates and bad rows; stage rows mostly grouped by lead in the leads' order (as exported), some
    /// out of order, and bad in every way a stage row can be: unknown or rejected lead, missing id, unknown or missing
    /// stage, missing or unparseable instant, an instant before the lead's creation, a short row, blank lines; the lead
    /// id in either of two columns (a --map fallback), so that the column named in a rejection varies by row.
    /// </summary>
    private LeadDataSetOptions Messy(int n, int seed, BadRowPolicy policy, string tail = "")
    {
        var random = new Random(seed);
        var t0 = Instant.FromUtc(2024, 1, 1, 0, 0);
        var leads = new StringBuilder("lead_id,created_at,source,owner,won_at,lost_at,value\n");
        var stages = new StringBuilder("lead,id,stage,at\n");
        string[] stageNames = ["New", "Working", "Qualified", "ClosedWon", "ClosedLost", "Bogus", string.Empty];
        for (var i = 0; i < n; i++)
        {
            var created = t0 + Duration.FromMinutes(i);
            var id = "L" + (random.Next(150) == 0 ? random.Next(i + 1) : i).ToString(CultureInfo.InvariantCulture);
            var outcome = random.Next(4);
            leads.Append(CultureInfo.InvariantCulture,
                $"{id},{(random.Next(200) == 0 ? "never" : created.ToString())},{(random.Next(2) == 0 ? "web" : "ads")},rep{random.Next(3)},{(outcome == 1 ? (created + Duration.FromDays(random.Next(0, 20))).ToString() : string.Empty)},{(outcome == 2 ? (created + Duration.FromDays(3)).ToString() : string.Empty)},{(random.Next(3) == 0 ? "10.5" : string.Empty)}\n");
            for (var k = random.Next(5); k > 0; k--)
            {
                var lead = random.Next(40) == 0 ? "L" + random.Next(n + 20).ToString(CultureInfo.InvariantCulture) : "L" + i.ToString(CultureInfo.InvariantCulture);
                var at = random.Next(60) switch
                {
                    0 => string.Empty,
                    1 => "soon",
                    2 => (created - Duration.FromHours(1)).ToString(),
                    _ => (created + Duration.FromHours(random.Next(0, 300))).ToString(),
                };
                var (first, second) = random.Next(10) switch { 0 => (string.Empty, lead), 1 => (string.Empty, string.Empty), _ => (lead, string.Empty) };
                stages.Append(random.Next(300) == 0 ? first + "\n" : $"{first},{second},{stageNames[random.Next(stageNames.Length)]},{at}\n");
                if (random.Next(200) == 0)
                {
                    stages.Append('\n');
                }
            }
        }

        return new LeadDataSetOptions
        {
            LeadsPath = Write("leads.csv", leads.ToString()),
            StagesPath = Write("stages.csv", stages.Append(tail).ToString()),
            Map = ColumnMap.Parse(["stages.lead_id=lead|id"]),
            OnBadRow = policy,
            BlockSize = 613,
        };
    }

    [Theory]
    [InlineData(BadRowPolicy.Skip, 1)]
    [InlineData(BadRowPolicy.Skip, 2)]
    [InlineData(BadRowPolicy.Fail, 3)]
    public void Two_threads_give_the_batches_counts_and_examples_of_one(BadRowPolicy policy, int seed)
    {
        var options = Messy(20_000, seed, policy);
        var one = ReadToText(options, 1);
        Assert.Equal(one, ReadToText(options, 2));
        if (policy == BadRowPolicy.Skip)
        {
            foreach (var reason in new[] { "unknown_lead", "lead_rejected", "missing_lead_id", "unknown_stage", "missing_stage", "missing_date", "unparseable_date", "stage_before_created" })
            {
                Assert.Contains(reason, one, StringComparison.Ordinal);
            }
        }
        else
        {
            Assert.StartsWith("fail: ", one, StringComparison.Ordinal);
        }
    }

    [Fact]
    public void Stage_rows_grouped_in_the_leads_order_join_as_with_one_thread()
    {
        var leads = new StringBuilder("lead_id,created_at,won_at\n");
        var stages = new StringBuilder("lead_id,stage,at\n");
        for (var i = 0; i < 50_000; i++)
        {
            leads.Append(CultureInfo.InvariantCulture, $"L{i},2024-01-01T00:00:00Z,{(i % 3 == 0 ? "2024-01-09T00:00:00Z" : string.Empty)}\n");
            stages.Append(CultureInfo.InvariantCulture, $"L{i},New,2024-01-01T00:00:00Z\nL{i},Working,2024-01-02T00:00:00Z\n");
        }

        var options = new LeadDataSetOptions { LeadsPath = Write("leads.csv", leads.ToString()), StagesPath = Write("stages.csv", stages.ToString()) };
        var one = ReadToText(options, 1);
        Assert.Equal(one, ReadToText(options, 2));
        Assert.Contains("stages.csv read 100000 accepted 100000", one, StringComparison.Ordinal);
    }

    [Fact]
    public void A_malformed_stages_file_fails_after_its_earlier_rows_as_with_one_thread()
    {
        // A quote left open at the end: one thread counts the rows before it, then stops with the file's error.
        var options = Messy(3_000, 4, BadRowPolicy.Skip, "L1,New,\"2024-01-02\n");
        var one = ReadToText(options, 1);
        Assert.StartsWith("error: ", one, StringComparison.Ordinal);
        Assert.Equal(one, ReadToText(options, 2));

        // With fail, the first bad row comes first.
        var failing = options with { OnBadRow = BadRowPolicy.Fail };
        Assert.Equal(ReadToText(failing, 1), ReadToText(failing, 2));
    }

    [Fact]
    public void File_errors_of_either_file_are_those_of_one_thread()
    {
        var leads = Write("leads.csv", "lead_id,created_at\nL1,2024-01-01T00:00:00Z\nL2,x\n");
        var noStage = Write("nostage.csv", "lead_id,at\nL1,2024-01-02T00:00:00Z\n");
        var good = Write("stages.csv", "lead_id,stage,at\nL1,New,2024-01-02T00:00:00Z\n");
        var cases = new[]
        {
            new LeadDataSetOptions { LeadsPath = leads, StagesPath = noStage },
            new LeadDataSetOptions { LeadsPath = leads, StagesPath = Path.Combine(Folder, "missing.csv") },
            new LeadDataSetOptions { LeadsPath = leads, StagesPath = noStage, OnBadRow = BadRowPolicy.Fail },
            new LeadDataSetOptions { LeadsPath = leads, StagesPath = good, OnBadRow = BadRowPolicy.Fail },
        };
        foreach (var options in cases)
        {
            var one = ReadToText(options, 1);
            Assert.Equal(one, ReadToText(options, 2));
            Assert.True(one.StartsWith("error: ", StringComparison.Ordinal) || one.StartsWith("fail: ", StringComparison.Ordinal), one);
        }
    }
}
