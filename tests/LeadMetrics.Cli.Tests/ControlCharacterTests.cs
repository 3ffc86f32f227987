namespace LeadMetrics.Cli.Tests;

/// <summary>Terminal control bytes in the data never reach the terminal: tables and error messages show them escaped.</summary>
public sealed class ControlCharacterTests
{
    private const string Hostile = "web\u001b]0;owned\u0007\u001b[2J";

    [Fact]
    public void A_label_with_escape_sequences_is_printed_escaped_in_the_tables()
    {
        using var dir = new TempDir();
        var leads = dir.Write("leads.csv", "lead_id,created_at,source\nL1,2024-03-04T09:00:00Z,\"" + Hostile + "\"\nL2,2024-03-04T10:00:00Z,email\n");
        var (exit, output, error) = Cli.Run("report", "--leads", leads, "--by", "source");
        Assert.True(exit == 0, error);
        Assert.DoesNotContain('\u001b', output);
        Assert.DoesNotContain('\u0007', output);
        Assert.Contains("web\\u001B]0;owned\\u0007\\u001B[2J", output, StringComparison.Ordinal);
    }

    [Fact]
    public void A_bad_value_with_escape_sequences_is_printed_escaped_in_the_error()
    {
        using var dir = new TempDir();
        var leads = dir.Write("leads.csv", "lead_id,created_at,source\nL1,\"2024\u001b[2J\",web\n");
        var (exit, _, error) = Cli.Run("report", "--leads", leads, "--on-bad-row", "fail");
        Assert.NotEqual(0, exit);
        Assert.DoesNotContain('\u001b', error);
        Assert.Contains("\\u001B[2J", error, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("plain", "plain")]
    [InlineData("tab\there", "tab\\u0009here")]
    [InlineData("del\u007f c1\u009b", "del\\u007F c1\\u009B")]
    [InlineData("emoji \ud83d\ude00 kept", "emoji \ud83d\ude00 kept")]
    public void Printable_escapes_only_control_characters_and_lone_surrogates(string text, string expected) =>
        Assert.Equal(expected, LeadMetrics.Data.Reports.Format.Printable(text));

    [Fact]
    public void Printable_escapes_a_lone_surrogate()
    {
        // Built in code: an attribute argument cannot hold a lone surrogate (metadata stores it as U+FFFD).
        var lone = "lone " + (char)0xD800 + " surrogate";
        Assert.Equal("lone \\uD800 surrogate", LeadMetrics.Data.Reports.Format.Printable(lone));
    }
}
