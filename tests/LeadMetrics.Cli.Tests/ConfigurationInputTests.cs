namespace LeadMetrics.Cli.Tests;

/// <summary>Configuration files and options with mistakes give a usage error naming the mistake, never a stack trace.</summary>
public sealed class ConfigurationInputTests
{
    [Theory]
    [InlineData("{\"conversion_rate\": {\"min\": 0.5, \"max\": 0.1}}", "has min 0.5 above max 0.1")]
    [InlineData("{\"conversion_rate\": {\"min\": 0.1}, \"conversion_rate\": {\"max\": 0.9}}", "'conversion_rate' is given twice")]
    [InlineData("{\"conversion_rate\": {\"min\": 0.1, \"min\": 0.2}}", "has 'min' twice")]
    [InlineData("{\"conversion_rate\\ud800\": {\"min\": 0.1}}", "not valid Unicode")]
    [InlineData("{\"conversion_rates\": {\"min\": 0.1}}", "is not a KPI path")]
    public void A_bad_targets_file_is_a_usage_error_naming_the_mistake(string json, string expected)
    {
        using var dir = new TempDir();
        var (exit, _, error) = Cli.Run("report", "--sample", "--targets", dir.Write("targets.json", json));
        Assert.Equal(CliApp.UsageError, exit);
        Assert.Contains(expected, error, StringComparison.Ordinal);
        Assert.DoesNotContain("   at ", error, StringComparison.Ordinal);
    }

    [Fact]
    public void A_lone_surrogate_in_the_scoring_model_is_a_usage_error()
    {
        using var dir = new TempDir();
        var model = File.ReadAllText(Repo.Path("samples", "scoring-model.json")).Replace("\"sample-icp\"", "\"sample\\ud800icp\"", StringComparison.Ordinal);
        var (exit, _, error) = Cli.Run("report", "--sample", "--scoring", dir.Write("model.json", model));
        Assert.Equal(CliApp.UsageError, exit);
        Assert.Contains("not valid Unicode", error, StringComparison.Ordinal);
        Assert.DoesNotContain("   at ", error, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("utc", "UTC")]
    [InlineData("europe/london", "Europe/London")]
    [InlineData("America/New_York", "America/New_York")]
    public void Zones_are_found_whatever_their_case(string given, string zone) =>
        Assert.Equal(zone, CliApp.FindZone(given)?.Id);

    [Theory]
    [InlineData("utc", "UTC")]
    [InlineData("Utc", "UTC")]
    [InlineData("europe/LONDON", "Europe/London")]
    public void The_report_accepts_a_zone_id_in_any_case(string given, string zone)
    {
        using var doc = Cli.Json("--sample", "--zone", given);
        Assert.Equal(zone, doc.RootElement.GetProperty("zone").GetString());
    }

    [Fact]
    public void An_unknown_zone_is_still_refused()
    {
        Assert.Null(CliApp.FindZone("Mars/Olympus"));
        var (exit, _, error) = Cli.Run("report", "--sample", "--zone", "Mars/Olympus");
        Assert.Equal(CliApp.UsageError, exit);
        Assert.Contains("not an IANA time zone id", error, StringComparison.Ordinal);
    }
}
