using System.Text;
using LeadMetrics.Data;

namespace LeadMetrics.Data.Tests;

/// <summary>
/// The reader's share of issue 15, item 9: blank lines, short rows, NUL bytes and invalid UTF-8, a literal (none) label,
/// duplicate header names and a row longer than the parser's buffer. Each test failed before its fix.
/// </summary>
public sealed class BadInputTests : DataFileTests
{
    public BadInputTests()
        : base("badinput")
    {
    }

    private static LeadDataSet Read(string leads, BadRowPolicy policy = BadRowPolicy.Skip, string? stages = null, string? costs = null, int threads = 1)
    {
        var data = LeadDataSet.Open(new LeadDataSetOptions { LeadsPath = leads, StagesPath = stages, CostsPath = costs, OnBadRow = policy });
        data.Read(_ => { }, threads);
        return data;
    }

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    public void Blank_lines_are_not_rows_and_later_lines_keep_their_numbers(int threads)
    {
        var leads = Write("leads.csv", "lead_id,created_at,source\nA,2024-01-01T00:00:00Z,web\n\n   \nB,2024-01-02T00:00:00Z,ads\r\n\r\nC,never,web\n\n");
        var stages = Write("stages.csv", "lead_id,stage,at\n\nA,New,2024-01-01T00:00:00Z\n\nB,Nope,2024-01-02T00:00:00Z\n");
        var data = Read(leads, stages: stages, threads: threads);
        var (l, s) = (data.Quality.Files[0], data.Quality.Files[1]);
        Assert.Equal(3, l.RowsRead);
        Assert.Equal(new Dictionary<string, long> { ["unparseable_date"] = 1 }, l.Rejected);
        Assert.Equal(7, Assert.Single(l.Examples["unparseable_date"]).Line);
        Assert.Equal(2, s.RowsRead);
        Assert.Equal(5, Assert.Single(s.Examples["unknown_stage"]).Line);
        Assert.Equal(2, data.LeadCount);
    }

    [Fact]
    public void A_short_row_is_rejected_naming_the_first_missing_column_not_padded()
    {
        var leads = Write("leads.csv", "lead_id,created_at,source,owner\nA,2024-01-01T00:00:00Z,web,ann\nB,2024-01-02T00:00:00Z\nC,2024-01-02T00:00:00Z,ads,\n");
        var data = Read(leads);
        var q = data.Quality.Files[0];
        Assert.Equal(3, q.RowsRead);
        Assert.Equal(new Dictionary<string, long> { ["malformed_row"] = 1 }, q.Rejected);
        var bad = Assert.Single(q.Examples["malformed_row"]);
        Assert.Equal((3L, "source"), (bad.Line, bad.Column));
        Assert.Contains("2 of the header's 4 fields", bad.Message, StringComparison.Ordinal);
        Assert.Equal(2, data.LeadCount);

        var e = Assert.Throws<BadRowException>(() => Read(leads, BadRowPolicy.Fail));
        Assert.Equal(("malformed_row", 3L), (e.Row.Reason, e.Row.Line));
    }

    [Fact]
    public void Ids_that_are_not_utf8_or_hold_a_nul_are_rejected_never_merged_after_the_replacement_character()
    {
        // L1 followed by the invalid bytes FF and FE: both decode to "L1\uFFFD", and the second was a duplicate of the first.
        var bytes = new List<byte>(System.Text.Encoding.ASCII.GetBytes("lead_id,created_at,source\n"));
        bytes.AddRange([(byte)'L', (byte)'1', 0xFF]);
        bytes.AddRange(System.Text.Encoding.ASCII.GetBytes(",2024-01-01T00:00:00Z,web\n"));
        bytes.AddRange([(byte)'L', (byte)'1', 0xFE]);
        bytes.AddRange(System.Text.Encoding.ASCII.GetBytes(",2024-01-02T00:00:00Z,web\n"));
        bytes.AddRange(System.Text.Encoding.ASCII.GetBytes("L3\0,2024-01-02T00:00:00Z,ads\nL4,2024-01-02T00:00:00Z,w\0b\nL5,2024-01-02T00:00:00Z,web\n"));
        var leads = WriteBytes("leads.csv", [.. bytes]);
        var data = Read(leads);
        var q = data.Quality.Files[0];
        Assert.Equal(new Dictionary<string, long> { ["malformed_row"] = 4 }, q.Rejected);
        Assert.Equal(["lead_id", "lead_id", "lead_id", "source"], q.Examples["malformed_row"].Select(b => b.Column));
        Assert.Equal([2L, 3L, 4L, 5L], q.Examples["malformed_row"].Select(b => b.Line));
        Assert.Contains("not UTF-8", q.Examples["malformed_row"][0].Message, StringComparison.Ordinal);
        Assert.Equal(1, data.LeadCount);
    }

    [Fact]
    public void A_literal_none_label_is_the_empty_label_so_one_group_not_two_with_the_same_key()
    {
        var leads = Write("leads.csv", "lead_id,created_at,source,campaign\nA,2024-01-01T00:00:00Z,(none),x\nB,2024-01-02T00:00:00Z,,(None)\nC,2024-01-02T00:00:00Z,web,x\n");
        var costs = Write("costs.csv", "date,source,campaign,amount\n2024-01-01,web,(none),10\n2024-01-01,(none),,5\n");
        var data = LeadDataSet.Open(new LeadDataSetOptions { LeadsPath = leads, CostsPath = costs, OnBadRow = BadRowPolicy.Skip });
        var sources = new List<int>();
        var campaigns = new List<int>();
        data.Read(batch =>
        {
            for (var i = 0; i < batch.Count; i++)
            {
                sources.Add(batch[i].Source);
                campaigns.Add(batch[i].Campaign);
            }
        });
        Assert.Equal(sources[0], sources[1]);
        Assert.NotEqual(sources[0], sources[2]);
        Assert.Equal(0, campaigns[1]);
        Assert.DoesNotContain(Enumerable.Range(1, data.Encoding.Sources.Count - 1).Select(data.Encoding.Sources.Decode), l => l.Equals("(none)", StringComparison.OrdinalIgnoreCase));
        var cost = Assert.Single(data.Costs);
        Assert.Equal(0, cost.Campaign);
        var rejected = Assert.Single(data.Quality.Files[1].Examples["missing_source"]);
        Assert.Equal(3, rejected.Line);
    }

    [Theory]
    [InlineData("lead_id,created_at,source,source\n", "the column 'source' twice in its header (columns 3 and 4)")]
    [InlineData("lead_id,created_at,Source, source \n", "the column 'source' twice in its header (columns 3 and 4)")]
    [InlineData("lead_id,created_at,\"a,b\",x,,\n", "two columns without a name in its header (columns 5 and 6)")]
    public void A_header_naming_a_column_twice_is_a_usage_error_naming_it(string header, string expected)
    {
        var leads = Write("leads.csv", header + "A,2024-01-01T00:00:00Z,web,ads,,\n");
        var e = Assert.Throws<DataSetException>(() => LeadDataSet.Open(new LeadDataSetOptions { LeadsPath = leads }));
        Assert.Contains(expected, e.Message, StringComparison.Ordinal);
        Assert.Contains("leads.csv", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_row_longer_than_the_parser_holds_names_the_file_and_the_line_it_starts_on()
    {
        var text = new StringBuilder("lead_id,created_at,note\nA,2024-01-01T00:00:00Z,x\n\nB,2024-01-01T00:00:00Z,\"");
        text.Append('a', (1 << 24) + 16).Append("\"\nC,2024-01-01T00:00:00Z,x\n");
        var leads = Write("huge.csv", text.ToString());
        var e = Assert.Throws<DataSetException>(() => Read(leads));
        Assert.Contains("huge.csv, line 4: the row starting here is longer than 16,777,216 characters", e.Message, StringComparison.Ordinal);
    }
}
