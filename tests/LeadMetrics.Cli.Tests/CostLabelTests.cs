using System.Text.Json;

namespace LeadMetrics.Cli.Tests;

/// <summary>Issue 16, item 5: groups without cost data, campaign-less costs, labels that match no lead, case folding.</summary>
public sealed class CostLabelTests
{
    // Leads: A and B from Facebook/camp1 (A won, value 1000), C from webinar/camp2 (won, value 2000), D from webinar without campaign.
    // Costs: 100 media for "FACEBOOK"/"CAMP1" (other case than the leads), 300 team time for webinar without a campaign.
    private const string Leads = "lead_id,created_at,source,campaign,won_at,value\n"
        + "A,2024-03-04,Facebook,camp1,2024-03-10,1000\nB,2024-03-04,Facebook,camp1,,\nC,2024-03-05,webinar,camp2,2024-03-12,2000\nD,2024-03-05,webinar,,,\n";

    private const string Costs = "date,source,campaign,amount,category\n2024-03-04,FACEBOOK,CAMP1,100,media\n2024-03-05,webinar,,300,team_time\n";

    [Fact]
    public void A_group_without_cost_rows_has_no_cost_data_and_unmatched_labels_are_warned()
    {
        using var dir = new TempDir();
        var leads = dir.Write("leads.csv", Leads);
        var costs = dir.Write("costs.csv", Costs);
        using var doc = Cli.Json("--leads", leads, "--costs", costs, "--by", "source");
        var groups = Sources(doc);

        // Facebook's leads got no cost row (it is spelled FACEBOOK): no cost data, not free.
        var facebook = groups["Facebook"];
        Assert.Equal(2, facebook.GetProperty("leads").GetInt32());
        Assert.Equal(0m, facebook.GetProperty("cost").GetDecimal());
        Assert.False(facebook.GetProperty("has_cost_data").GetBoolean());
        foreach (var kpi in new[] { "cost_per_lead", "customer_acquisition_cost", "roi", "roas" })
        {
            Assert.Equal(JsonValueKind.Null, facebook.GetProperty(kpi).ValueKind);
        }

        // FACEBOOK is a group of its own with 0 leads.
        Assert.Equal(0, groups["FACEBOOK"].GetProperty("leads").GetInt32());
        Assert.Equal(100m, groups["FACEBOOK"].GetProperty("cost").GetDecimal());

        // webinar: team time 300, no media: CPL = 0 / 2 = 0 (it has cost data), CAC = (0 + 300) / 1, ROI = (2000 − 300) / 300.
        var webinar = groups["webinar"];
        Assert.True(webinar.GetProperty("has_cost_data").GetBoolean());
        Assert.Equal(0m, webinar.GetProperty("cost_per_lead").GetDecimal());
        Assert.Equal(300m, webinar.GetProperty("customer_acquisition_cost").GetDecimal());
        Assert.Equal(1700m / 300m, webinar.GetProperty("roi").GetDecimal());
        Assert.Equal(JsonValueKind.Null, webinar.GetProperty("roas").ValueKind);
        Assert.True(doc.RootElement.GetProperty("total").GetProperty("has_cost_data").GetBoolean());

        // The warning, by field and label; the rows are accepted (rows read = accepted + rejected).
        var quality = doc.RootElement.GetProperty("data_quality");
        Assert.False(quality.GetProperty("fold_case").GetBoolean());
        Assert.Equal(1, quality.GetProperty("unmatched_cost_labels").GetProperty("source").GetProperty("FACEBOOK").GetInt32());
        Assert.Equal(1, quality.GetProperty("unmatched_cost_labels").GetProperty("campaign").GetProperty("CAMP1").GetInt32());
        Assert.Equal(2, quality.GetProperty("unmatched_cost_labels").EnumerateObject().Count());
        Assert.Equal(quality.GetProperty("rows_read").GetInt32(), quality.GetProperty("rows_accepted").GetInt32());

        var (exit, table, _) = Cli.Run("report", "--leads", leads, "--costs", costs, "--by", "source");
        Assert.Equal(0, exit);
        Assert.Contains("no cost data", table, StringComparison.Ordinal);
        Assert.Contains("Warning: cost rows whose source matches no lead's source (each makes a group with 0 leads; labels are case-sensitive, see --fold-case): 'FACEBOOK' 1 rows.", table, StringComparison.Ordinal);
        var (htmlExit, html, _) = Cli.Run("report", "--leads", leads, "--costs", costs, "--by", "source", "--format", "html");
        Assert.Equal(0, htmlExit);
        Assert.Contains("no cost data", html, StringComparison.Ordinal);
        Assert.Contains("class=\"note unmatched-labels\"", html, StringComparison.Ordinal);
        Assert.Contains("No cost data (drawn at 0, not free): Facebook.", html, StringComparison.Ordinal); // under the value chart
    }

    [Fact]
    public void Fold_case_joins_labels_that_differ_only_in_case()
    {
        using var dir = new TempDir();
        var leads = dir.Write("leads.csv", Leads);
        var costs = dir.Write("costs.csv", Costs);
        using var doc = Cli.Json("--leads", leads, "--costs", costs, "--by", "source", "--fold-case");
        var groups = Sources(doc);
        Assert.Equal(["Facebook", "webinar"], groups.Keys.Order(StringComparer.Ordinal));

        // Facebook: media 100 over 2 leads and 1 customer; ROI (1000 − 100) / 100.
        var facebook = groups["Facebook"];
        Assert.True(facebook.GetProperty("has_cost_data").GetBoolean());
        Assert.Equal(50m, facebook.GetProperty("cost_per_lead").GetDecimal());
        Assert.Equal(100m, facebook.GetProperty("customer_acquisition_cost").GetDecimal());
        Assert.Equal(9m, facebook.GetProperty("roi").GetDecimal());
        Assert.Equal(10m, facebook.GetProperty("roas").GetDecimal());
        var quality = doc.RootElement.GetProperty("data_quality");
        Assert.True(quality.GetProperty("fold_case").GetBoolean());
        Assert.Empty(quality.GetProperty("unmatched_cost_labels").EnumerateObject());
    }

    [Fact]
    public void By_campaign_the_report_says_where_costs_without_a_campaign_land()
    {
        using var dir = new TempDir();
        var leads = dir.Write("leads.csv", Leads);
        var costs = dir.Write("costs.csv", Costs);
        using var doc = Cli.Json("--leads", leads, "--costs", costs, "--by", "campaign", "--fold-case");
        var groups = doc.RootElement.GetProperty("groups").EnumerateArray().ToDictionary(g => g.GetProperty("key").GetProperty("campaign").GetString()!);

        // camp1: media 100, 2 leads, 1 customer. camp2: C only, no cost row. (none): D and the 300 of team time.
        Assert.Equal(50m, groups["camp1"].GetProperty("cost_per_lead").GetDecimal());
        Assert.Equal(100m, groups["camp1"].GetProperty("customer_acquisition_cost").GetDecimal());
        Assert.False(groups["camp2"].GetProperty("has_cost_data").GetBoolean());
        Assert.Equal(JsonValueKind.Null, groups["camp2"].GetProperty("customer_acquisition_cost").ValueKind);
        Assert.Equal(300m, groups["(none)"].GetProperty("cost").GetDecimal());
        Assert.Equal(0m, groups["(none)"].GetProperty("cost_per_lead").GetDecimal());
        Assert.Equal(JsonValueKind.Null, groups["(none)"].GetProperty("customer_acquisition_cost").ValueKind); // no customer

        const string Note = "By campaign: 1 cost rows (300.00 USD) have no campaign (team time, tools, spend not tied to one campaign); they are in the (none) campaign group, whose cost, cost per lead and acquisition cost include them, while each campaign shows only its own spend.";
        Assert.Equal([Note], doc.RootElement.GetProperty("notes").EnumerateArray().Select(n => n.GetString()));
        var (exit, table, _) = Cli.Run("report", "--leads", leads, "--costs", costs, "--by", "campaign");
        Assert.Equal(0, exit);
        Assert.Contains("Note: " + Note, table.ReplaceLineEndings(" ").Replace("  ", " ", StringComparison.Ordinal), StringComparison.Ordinal);
        var (htmlExit, html, _) = Cli.Run("report", "--leads", leads, "--costs", costs, "--by", "campaign", "--format", "html");
        Assert.Equal(0, htmlExit);
        Assert.Contains("<p class=\"report-note\"><b>Note:</b> By campaign: 1 cost rows", html, StringComparison.Ordinal);

        // No note by source.
        using var bySource = Cli.Json("--leads", leads, "--costs", costs, "--by", "source");
        Assert.Empty(bySource.RootElement.GetProperty("notes").EnumerateArray());
    }

    private static Dictionary<string, JsonElement> Sources(JsonDocument doc) =>
        doc.RootElement.GetProperty("groups").EnumerateArray().ToDictionary(g => g.GetProperty("key").GetProperty("source").GetString()!);
}
