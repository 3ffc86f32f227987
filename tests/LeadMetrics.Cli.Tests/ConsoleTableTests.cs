using System.Text.RegularExpressions;

namespace LeadMetrics.Cli.Tests;

/// <summary>The console tables a new user reads: narrow enough for a terminal, sorted, one number format per kind.</summary>
public sealed partial class ConsoleTableTests
{
    [Fact]
    public void Every_table_line_fits_100_columns_and_numbers_keep_one_format()
    {
        var (exit, output, error) = Cli.Run("report", "--sample", "--by", "source,owner");
        Assert.True(exit == 0, error);
        var lines = output.Split('\n');

        // Groups come as two tables (counts and rates, then money), each narrower than a 100-column terminal.
        Assert.Contains(lines, l => l.Contains("By source: money (USD)", StringComparison.Ordinal));
        Assert.All(lines.Where(l => l.StartsWith('│') || l.StartsWith('╭')), l => Assert.True(l.TrimEnd().Length <= 100, $"{l.TrimEnd().Length} columns: {l}"));

        // A ratio above 1,000% has a thousands separator; scores, indexes and expected counts have two decimals.
        Assert.Matches(@"│\s+2,945\.7% │", output);
        Assert.Matches(@"│\s+91\.00 │", output);
        Assert.DoesNotContain("mean ICP score", output, StringComparison.Ordinal); // no --scoring, no score row
    }

    [Fact]
    public void Reps_are_listed_by_leads_and_redirected_output_has_no_wide_rule()
    {
        var (exit, output, error) = Cli.Run("report", "--sample");
        Assert.True(exit == 0, error);
        var reps = output[output.IndexOf("Reps, fairly", StringComparison.Ordinal)..];
        var leads = RepRow().Matches(reps).Select(m => long.Parse(m.Groups[1].Value.Replace(",", string.Empty, StringComparison.Ordinal), System.Globalization.CultureInfo.InvariantCulture)).ToList();
        Assert.True(leads.Count >= 5, reps);
        Assert.Equal(leads.OrderDescending(), leads);
        Assert.StartsWith("LeadMetrics report", output, StringComparison.Ordinal);
        Assert.DoesNotContain(new string('─', 120), output, StringComparison.Ordinal);
    }

    [GeneratedRegex(@"^│ [a-z()]+\s+│\s+([\d,]+) │", RegexOptions.Multiline)]
    private static partial Regex RepRow();
}
