using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;

namespace LeadMetrics.Cli.Tests;

/// <summary>
/// Runs the --map command lines of docs/cli.md exactly as written, with ../shared/datasets/ pointing at the copies
/// in tests/LeadMetrics.Cli.Tests/data (a clean clone has no shared folder).
/// </summary>
public sealed partial class RealDataSetTests
{
    private const string SharedPrefix = "../shared/datasets/";

    [Fact]
    public void Olist_command_from_the_docs()
    {
        using var doc = RunDocumented("olist");
        var total = doc.RootElement.GetProperty("total");
        Assert.Equal(8000, total.GetProperty("leads").GetInt32());
        Assert.Equal(841, total.GetProperty("won").GetInt32());
        Assert.Equal(0, total.GetProperty("response_time_seconds").GetProperty("count").GetInt32());
        Assert.Equal("BRL", doc.RootElement.GetProperty("currency").GetString());
        var none = doc.RootElement.GetProperty("groups").EnumerateArray().Single(g => g.GetProperty("key").GetProperty("source").GetString() == "(none)");
        Assert.Equal(60, none.GetProperty("leads").GetInt32());
        var q = doc.RootElement.GetProperty("data_quality");
        Assert.Equal(8842, q.GetProperty("rows_read").GetInt32());
        Assert.Equal(1, q.GetProperty("rejected").GetProperty("stage_before_created").GetInt32());
        var example = q.GetProperty("files")[1].GetProperty("examples").GetProperty("stage_before_created")[0];
        Assert.Equal(669, example.GetProperty("line").GetInt32());
    }

    [Fact]
    public void Olist_semicolon_export_gives_the_same_numbers()
    {
        using var comma = RunDocumented("olist");
        using var semicolon = RunDocumented("olist_semicolon");
        foreach (var key in new[] { "leads", "won", "open" })
        {
            Assert.Equal(comma.RootElement.GetProperty("total").GetProperty(key).GetInt32(), semicolon.RootElement.GetProperty("total").GetProperty(key).GetInt32());
        }

        Assert.Equal(
            comma.RootElement.GetProperty("data_quality").GetProperty("rejected").GetRawText(),
            semicolon.RootElement.GetProperty("data_quality").GetProperty("rejected").GetRawText());

        // The semicolon export title-cases origins ("Paid Search") and filed the 60 empty origins under "Direct Traffic".
        var commaGroups = Sizes(comma);
        var semicolonGroups = Sizes(semicolon);
        Assert.False(semicolonGroups.ContainsKey("(none)"));
        Assert.Equal(commaGroups["direct_traffic"] + commaGroups["(none)"], semicolonGroups["Direct Traffic"]);
        Assert.Equal(commaGroups["paid_search"], semicolonGroups["Paid Search"]);
        Assert.Equal(commaGroups["social"], semicolonGroups["Social"]);
    }

    private static Dictionary<string, int> Sizes(JsonDocument doc) =>
        doc.RootElement.GetProperty("groups").EnumerateArray().ToDictionary(g => g.GetProperty("key").GetProperty("source").GetString()!, g => g.GetProperty("leads").GetInt32());

    [Fact]
    public void Maven_command_from_the_docs()
    {
        using var doc = RunDocumented("maven");
        var total = doc.RootElement.GetProperty("total");
        Assert.Equal(8300, total.GetProperty("leads").GetInt32());
        Assert.Equal(4238, total.GetProperty("won").GetInt32());
        Assert.Equal(2473, total.GetProperty("lost").GetInt32());
        Assert.Equal(1589, total.GetProperty("open").GetInt32());
        var files = doc.RootElement.GetProperty("data_quality").GetProperty("files");
        Assert.Equal(500, files[0].GetProperty("rejected").GetProperty("missing_created_at").GetInt32());
        Assert.Equal(500, files[1].GetProperty("rejected").GetProperty("lead_rejected").GetInt32());
        Assert.Equal(8800, files[0].GetProperty("rows_read").GetInt32());
        var groups = doc.RootElement.GetProperty("groups").EnumerateArray().ToList();
        Assert.Contains(groups, g => g.GetProperty("key").TryGetProperty("campaign", out var c) && c.GetString() == "GTXPro");
        Assert.Equal(8300, groups.Where(g => g.GetProperty("key").TryGetProperty("owner", out _)).Sum(g => g.GetProperty("leads").GetInt32()));
    }

    [Fact]
    public void Copies_match_the_shared_data_sets_when_present()
    {
        var shared = Path.GetFullPath(Path.Combine(Repo.Root, "..", "shared", "datasets"));
        if (!Directory.Exists(shared))
        {
            // A clean clone without the shared folder: the copies are all there is; they must at least exist.
            Assert.True(File.Exists(Repo.TestData("olist_marketing_funnel", "olist_closed_deals_dataset.csv")));
            return;
        }

        foreach (var copy in Directory.EnumerateFiles(Repo.TestData(), "*.csv", SearchOption.AllDirectories))
        {
            var relative = Path.GetRelativePath(Repo.TestData(), copy);
            var original = Path.Combine(shared, relative);
            Assert.True(File.Exists(original), $"{relative} is not in {shared}");
            Assert.True(File.ReadAllBytes(original).AsSpan().SequenceEqual(File.ReadAllBytes(copy)), $"{relative} differs from {original}");
        }
    }

    /// <summary>The command line after the marker comment in docs/cli.md, as argv (leadmetrics dropped, data paths redirected).</summary>
    internal static string[] DocumentedCommand(string marker)
    {
        var docs = File.ReadAllText(Repo.Path("docs", "cli.md"));
        var m = Regex.Match(docs, $@"<!-- dataset-test: {Regex.Escape(marker)} -->\s*```sh\n(?<cmd>.*?)```", RegexOptions.Singleline);
        Assert.True(m.Success, $"docs/cli.md has no command block marked '{marker}'");
        var command = m.Groups["cmd"].Value.Replace("\\\n", " ", StringComparison.Ordinal);
        var args = ShellWords(command);
        Assert.Equal("leadmetrics", args[0]);
        return [.. args.Skip(1).Select(a => a.StartsWith(SharedPrefix, StringComparison.Ordinal) ? Repo.TestData(a[SharedPrefix.Length..]) : a)];
    }

    private static JsonDocument RunDocumented(string marker)
    {
        var args = DocumentedCommand(marker);
        var (exit, output, error) = Cli.Run([.. args, "--format", "json"]);
        Assert.True(exit == 0, $"exit {exit}: {error}");
        return JsonDocument.Parse(output);
    }

    /// <summary>Splits a POSIX shell command line: whitespace, double quotes, single quotes.</summary>
    private static List<string> ShellWords(string command)
    {
        var words = new List<string>();
        var current = new StringBuilder();
        var inWord = false;
        char quote = '\0';
        foreach (var c in command)
        {
            if (quote != '\0')
            {
                if (c == quote)
                {
                    quote = '\0';
                }
                else
                {
                    current.Append(c);
                }
            }
            else if (c is '"' or '\'')
            {
                quote = c;
                inWord = true;
            }
            else if (char.IsWhiteSpace(c))
            {
                if (inWord)
                {
                    words.Add(current.ToString());
                    current.Clear();
                    inWord = false;
                }
            }
            else
            {
                current.Append(c);
                inWord = true;
            }
        }

        if (inWord)
        {
            words.Add(current.ToString());
        }

        return words;
    }
}
