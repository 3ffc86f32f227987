using System.Text;

namespace LeadMetrics.Cli.Tests;

/// <summary>
/// Issue 15, item 5: --by on a column unique per lead (company) no longer makes a group per lead. An attribute column
/// keeps its --max-groups largest labels (default 1,000) and folds the rest into "(other: N values)"; a source, campaign
/// or owner column with more labels is a usage error naming the count and the option.
/// </summary>
public sealed class GroupCapTests
{
    private static string Leads(TempDir dir, int n)
    {
        var sb = new StringBuilder("lead_id,created_at,source,owner,company,won_at\n");
        for (var i = 1; i <= n; i++)
        {
            // Companies: "big" holds 10 leads, "mid" 5, every other lead its own company.
            var company = i <= 10 ? "big" : i <= 15 ? "mid" : "co" + i.ToString("D5", System.Globalization.CultureInfo.InvariantCulture);
            sb.Append('L').Append(i).Append(",2024-03-04T09:00:00Z,src").Append(i).Append(",rep").Append(i % 3).Append(',').Append(company)
              .Append(i % 4 == 0 ? ",2024-03-06T09:00:00Z" : ",").Append('\n');
        }

        return dir.Write("leads.csv", sb.ToString());
    }

    [Fact]
    public void A_column_unique_per_lead_folds_into_other_beyond_the_cap()
    {
        using var dir = new TempDir();
        var leads = Leads(dir, 2000);
        using var doc = Cli.Json("--leads", leads, "--by", "company", "--max-groups", "3");
        var groups = doc.RootElement.GetProperty("groups").EnumerateArray().ToList();
        Assert.Equal(4, groups.Count);
        var labels = groups.Select(g => g.GetProperty("key").GetProperty("company").GetString()!).ToList();

        // 1,987 companies: the two largest, then the first of the single-lead ones by label, and the rest folded.
        Assert.Equal(["(other: 1,984 values)", "big", "co00016", "mid"], labels);
        var byLabel = groups.ToDictionary(g => g.GetProperty("key").GetProperty("company").GetString()!, g => g.GetProperty("leads").GetInt32());
        Assert.Equal(10, byLabel["big"]);
        Assert.Equal(5, byLabel["mid"]);
        Assert.Equal(2000 - 16, byLabel["(other: 1,984 values)"]);
        Assert.Equal(2000, groups.Sum(g => g.GetProperty("leads").GetInt32()));
        Assert.Equal(500, groups.Sum(g => g.GetProperty("won").GetInt32()));
    }

    [Fact]
    public void The_default_cap_is_a_thousand_labels()
    {
        using var dir = new TempDir();
        var leads = Leads(dir, 1100);
        using var doc = Cli.Json("--leads", leads, "--by", "company", "--period", "month");
        var groups = doc.RootElement.GetProperty("groups");
        Assert.Equal(1001, groups.GetArrayLength());
        Assert.Contains(groups.EnumerateArray(), g => g.GetProperty("key").GetProperty("company").GetString() == "(other: 87 values)");

        // Under the cap nothing folds.
        using var raised = Cli.Json("--leads", leads, "--by", "company", "--max-groups", "5000");
        Assert.Equal(1087, raised.RootElement.GetProperty("groups").GetArrayLength());
    }

    [Theory]
    [InlineData("source", "2,000 distinct values")]
    [InlineData("owner", null)]
    public void Source_campaign_or_owner_past_the_cap_is_a_usage_error(string by, string? expected)
    {
        using var dir = new TempDir();
        var leads = Leads(dir, 2000);
        var (exit, output, error) = Cli.Run("report", "--leads", leads, "--by", by, "--format", "json");
        if (expected is null)
        {
            // Three owners: under the cap.
            Assert.True(exit == 0, error);
            return;
        }

        Assert.Equal(CliApp.UsageError, exit);
        Assert.Contains($"--by {by}: {expected}, more than --max-groups 1,000", error, StringComparison.Ordinal);
        Assert.Equal(string.Empty, output);

        var (raisedExit, _, raisedError) = Cli.Run("report", "--leads", leads, "--by", by, "--format", "json", "--max-groups", "2000");
        Assert.True(raisedExit == 0, raisedError);
    }

    [Theory]
    [InlineData("0")]
    [InlineData("1000001")]
    public void The_cap_must_be_in_range(string value)
    {
        using var dir = new TempDir();
        var (exit, _, error) = Cli.Run("report", "--leads", Leads(dir, 3), "--max-groups", value);
        Assert.Equal(CliApp.UsageError, exit);
        Assert.Contains("--max-groups must be 1 to 1000000", error, StringComparison.Ordinal);
    }
}
