using System.Globalization;
using System.Xml.Linq;
using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using LeadMetrics.Cli.Report;

namespace LeadMetrics.Cli.Tests;

/// <summary>
/// The SVG renderer (Report/Charts.cs): well-formed SVG with escaped text, bars and points where the values put them,
/// a share axis that stops at 100%, and x labels that rotate, thin or shorten instead of overlapping. The browser test
/// (HtmlBrowserTests) checks the same charts as Chromium lays them out.
/// </summary>
public sealed class ChartTests
{
    private static readonly XNamespace Svg = "http://www.w3.org/2000/svg";

    [Fact]
    public void Every_chart_is_well_formed_svg_of_the_chart_size_with_its_id_and_title()
    {
        string[] charts =
        [
            Charts.Funnel([new FunnelStep("New", 10, null, 0, 0), new FunnelStep("Won", 4, 0.4, 0, 0)], "f"),
            Charts.Histogram([("0–1m", 3, 0.3), ("1m–5m", 7, 0.7)], "Response time", "h"),
            Charts.Comparison([("a", 10, 2), ("b", 5, 1)], "Leads and won", "c"),
            Charts.TwoSeries([("a", 1.5, 20), ("b", 3, 0)], "cac", "ltv", "Money", "m"),
            Charts.GradeMix([("a", [("A", 1), ("B", 3)]), ("b", [("A", 2), ("B", 2)])], "Grades", "g"),
            Charts.Trend([("2024-01", 10, 2), ("2024-02", 12, 3), ("2024-03", 8, 1)], "Trend", "t"),
        ];
        string[] ids = ["f", "h", "c", "m", "g", "t"];
        for (var i = 0; i < charts.Length; i++)
        {
            var root = XElement.Parse(charts[i]);
            Assert.Equal(Svg + "svg", root.Name);
            Assert.Equal(ids[i], (string?)root.Attribute("id"));
            Assert.Equal($"0 0 {Charts.Width} {Charts.Height}", (string?)root.Attribute("viewBox"));
            Assert.Equal($"{ids[i]}-title", (string?)root.Attribute("aria-labelledby"));
            Assert.Equal($"{ids[i]}-title", (string?)root.Element(Svg + "title")?.Attribute("id"));
            Assert.NotEmpty(root.Descendants(Svg + "text"));
            Assert.DoesNotContain("<script", charts[i], StringComparison.OrdinalIgnoreCase);
            Assert.DoesNotContain("href", charts[i], StringComparison.OrdinalIgnoreCase);
            Assert.DoesNotContain("NaN", charts[i], StringComparison.Ordinal);
            foreach (var shape in root.Descendants().Where(e => e.Name == Svg + "rect" || e.Name == Svg + "text"))
            {
                foreach (var attr in new[] { "x", "y", "width", "height" })
                {
                    if (shape.Attribute(attr) is { } a)
                    {
                        var v = double.Parse(a.Value, CultureInfo.InvariantCulture);
                        Assert.InRange(v, 0, attr is "x" or "width" ? Charts.Width : Charts.Height);
                    }
                }
            }
        }
    }

    [Fact]
    public void Labels_are_escaped_and_drawn_as_text()
    {
        var svg = Charts.Comparison([("<b>&\"x\"</b>", 3, 1)], "A & B <i>", "c");
        Assert.DoesNotContain("<b>", svg, StringComparison.Ordinal);
        Assert.DoesNotContain("<i>", svg, StringComparison.Ordinal);
        var root = XElement.Parse(svg);
        Assert.Contains(root.Descendants(Svg + "text"), t => t.Nodes().OfType<XText>().Any(n => n.Value == "<b>&\"x\"</b>"));
        Assert.Equal("A & B <i>", root.Element(Svg + "title")!.Value);
    }

    [Fact]
    public void Histogram_bars_are_as_tall_as_their_shares_and_carry_the_exact_value()
    {
        var root = XElement.Parse(Charts.Histogram([("a", 1, 0.1), ("b", 2, 0.2), ("c", 4, 0.4), ("d", 3, 0.3)], "t", "h"));
        var bars = Bars(root);
        Assert.Equal(4, bars.Count);
        var unit = bars[0].Height / 10; // coordinates are written to 0.1, so the ratios hold to about 1%
        Assert.Equal(20, bars[1].Height / unit, 0.01 * 40);
        Assert.Equal(40, bars[2].Height / unit, 0.01 * 40);
        Assert.Equal(30, bars[3].Height / unit, 0.01 * 40);
        Assert.Equal(bars[0].Y + bars[0].Height, bars[2].Y + bars[2].Height, 0.11); // one baseline (coordinates are written to 0.1)
        Assert.Equal("c: 4 leads (40%)", bars[2].Tooltip);
        Assert.Contains(Texts(root), t => t == "40%");
    }

    [Fact]
    public void Grade_mix_stacks_to_exactly_100_percent_and_its_axis_stops_there()
    {
        var root = XElement.Parse(Charts.GradeMix(
            [("a", [("A", 1), ("B", 1), ("C", 2)]), ("b", [("A", 0), ("B", 0), ("C", 5)]), ("none", [("A", 0), ("B", 0), ("C", 0)])], "Grades", "g"));
        var percents = Texts(root).Where(t => t.EndsWith('%')).Select(t => double.Parse(t.TrimEnd('%'), CultureInfo.InvariantCulture)).ToList();
        Assert.Equal(100, percents.Max());
        Assert.Equal(0, percents.Min());

        var bars = Bars(root);
        var full = bars.Where(b => b.Tooltip!.StartsWith("b,", StringComparison.Ordinal)).Sum(b => b.Height);
        var a = bars.Where(b => b.Tooltip!.StartsWith("a,", StringComparison.Ordinal)).ToList();
        Assert.Equal(full, a.Sum(b => b.Height), 3); // every group with leads is 100% tall
        Assert.Equal(full / 4, a[0].Height, 3); // A: 1 of 4
        Assert.Equal(full / 2, a[2].Height, 3); // C: 2 of 4
        Assert.True(a[0].Y > a[2].Y, "the first (best) grade is at the bottom");
        Assert.Equal(0, bars.Where(b => b.Tooltip!.StartsWith("none,", StringComparison.Ordinal)).Sum(b => b.Height));

        // The legend sits above the plot, so the axis needs no room past 100%: the top tick is the plot's top.
        var topTick = root.Descendants(Svg + "text").First(t => t.Value == "100%");
        var highest = bars.Min(b => b.Y);
        Assert.InRange(double.Parse(topTick.Attribute("y")!.Value, CultureInfo.InvariantCulture) - highest, 0, Charts.FontSize);
    }

    [Fact]
    public void Funnel_bars_are_proportional_and_labelled_with_counts()
    {
        var root = XElement.Parse(Charts.Funnel([new FunnelStep("New", 4000, null, 0, 0), new FunnelStep("Working", 1000, 0.25, 0, 0), new FunnelStep("ClosedWon", 0, 0, 0, 0)], "f"));
        var bars = Bars(root);
        Assert.Equal(3, bars.Count);
        Assert.Equal(4, bars[0].Width / bars[1].Width, 0.01);
        Assert.Equal(0, bars[2].Width);
        Assert.True(bars[0].Y < bars[1].Y, "the first stage is on top");
        Assert.Contains("4,000", Texts(root));
        Assert.Contains("ClosedWon", Texts(root));
    }

    [Fact]
    public void Two_series_draw_missing_negative_and_non_finite_values_as_zero_and_keep_the_value_in_the_tooltip()
    {
        var root = XElement.Parse(Charts.TwoSeries([("a", double.NaN, 10), ("b", -5, double.PositiveInfinity)], "x", "y", "t", "m"));
        var bars = Bars(root);
        Assert.Equal(4, bars.Count);
        Assert.Equal(0, bars[0].Height);
        Assert.True(bars[1].Height > 0);
        Assert.Equal(0, bars[2].Height);
        Assert.Equal(0, bars[3].Height);
        Assert.Equal("b, x: -5", bars[2].Tooltip);
        Assert.Equal(["x", "y"], Texts(root).Where(t => t is "x" or "y").ToArray());
    }

    [Fact]
    public void Trend_draws_a_line_and_a_marker_per_period_for_leads_and_won()
    {
        var root = XElement.Parse(Charts.Trend([.. Enumerable.Range(1, 24).Select(m => ($"2024-{m:00}", (long)(100 + m), (long)m))], "t", "trend"));
        var lines = root.Descendants(Svg + "polyline").ToList();
        Assert.Equal(2, lines.Count);
        Assert.All(lines, l => Assert.Equal(24, l.Attribute("points")!.Value.Split(' ').Length));
        Assert.Equal(48, root.Descendants(Svg + "circle").Count());
        Assert.Contains(root.Descendants(Svg + "circle"), c => c.Value == "2024-03, won: 3");
    }

    [Fact]
    public void Empty_data_gives_an_empty_chart_not_an_exception()
    {
        Assert.NotEmpty(XElement.Parse(Charts.Funnel([], "f")).Descendants(Svg + "text"));
        Assert.NotEmpty(XElement.Parse(Charts.Histogram([], "t", "h")).Descendants(Svg + "text"));
        Assert.NotEmpty(XElement.Parse(Charts.Comparison([], "t", "c")).Descendants(Svg + "text"));
        Assert.NotEmpty(XElement.Parse(Charts.GradeMix([], "t", "g")).Descendants(Svg + "text"));
        Assert.NotEmpty(XElement.Parse(Charts.Trend([], "t", "tr")).Descendants(Svg + "text"));
    }

    [Fact]
    public void X_labels_stay_flat_when_they_fit_and_rotate_with_22_sources()
    {
        var few = Charts.LayoutXLabels(["facebook", "website", "partner", "linkedin"], 160);
        Assert.Equal(0, few.Angle);
        Assert.Equal(1, few.Every);

        string[] sources = [.. Enumerable.Range(0, 22).Select(i => $"paid-channel-{i:00}")];
        var svg = XElement.Parse(Charts.Comparison([.. sources.Select(s => (s, 100L, 10L))], "t", "c"));
        var labels = svg.Descendants(Svg + "text").Where(t => sources.Contains(t.Value)).ToList();
        Assert.Equal(22, labels.Count); // every source labelled
        Assert.All(labels, l => Assert.StartsWith("rotate(-40 ", (string?)l.Attribute("transform"), StringComparison.Ordinal));
    }

    [Fact]
    public void Long_labels_are_shortened_with_the_full_label_as_a_tooltip()
    {
        var name = "organic-channel-03-with-a-very-long-campaign-name";
        var svg = XElement.Parse(Charts.Comparison([(name, 10, 1), ("b", 3, 1)], "t", "c"));
        var label = svg.Descendants(Svg + "text").Single(t => t.Element(Svg + "title")?.Value == name);
        var shown = label.Nodes().OfType<XText>().Single().Value;
        Assert.Equal(Charts.MaxLabelChars, shown.Length);
        Assert.EndsWith("…", shown, StringComparison.Ordinal);
        Assert.StartsWith(shown[..^1], name, StringComparison.Ordinal);
    }

    [Property(MaxTest = 200)]
    public Property Rotated_or_thinned_x_labels_are_at_least_a_line_apart(PositiveInt count, PositiveInt length)
    {
        var n = Math.Min(count.Get, 400);
        var labels = Enumerable.Range(0, n).Select(i => new string('w', Math.Min(length.Get, 40)) + i.ToString(CultureInfo.InvariantCulture)).ToList();
        var slot = 680.0 / n;
        var layout = Charts.LayoutXLabels(labels, slot);
        var line = Charts.FontSize * 1.3;
        var widest = layout.Texts.Max(t => Charts.TextWidth(t, Charts.FontSize));
        var ok = layout.Angle switch
        {
            0 => widest <= slot - 6 && layout.Every == 1,
            40 => slot * Math.Sin(40 * Math.PI / 180) >= line && layout.Every == 1,
            90 => slot * layout.Every >= line,
            _ => false,
        };
        return (ok && layout.Texts.All(t => t.Length <= Charts.MaxLabelChars)).ToProperty();
    }

    [Property(MaxTest = 500)]
    public Property Nice_scale_covers_the_maximum_with_a_round_step(NormalFloat value, bool counts)
    {
        var max = Math.Abs(value.Get) % 1e12; // counts, shares and money
        var (top, step) = Charts.NiceScale(max, counts);
        var ticks = top / step;
        var mantissa = step / Math.Pow(10, Math.Floor(Math.Log10(step)));
        return (top >= max
            && Math.Abs(ticks - Math.Round(ticks)) < 1e-6
            && ticks is >= 1 and <= 10
            && (!counts || (step >= 1 && step == Math.Floor(step)))
            && new[] { 1, 2, 2.5, 5, 10 }.Any(m => Math.Abs(mantissa - m) < 1e-9)).ToProperty();
    }

    private static List<string> Texts(XElement root) =>
        [.. root.Descendants(Svg + "text").Select(t => t.Nodes().OfType<XText>().FirstOrDefault()?.Value ?? string.Empty)];

    /// <summary>The data bars: rectangles with a tooltip, in document order.</summary>
    private static List<(double X, double Y, double Width, double Height, string? Tooltip)> Bars(XElement root) =>
        [.. root.Descendants(Svg + "rect").Where(r => r.Element(Svg + "title") is not null).Select(r => (
            D(r, "x"), D(r, "y"), D(r, "width"), D(r, "height"), (string?)r.Element(Svg + "title")!.Value))];

    private static double D(XElement e, string name) => double.Parse(e.Attribute(name)!.Value, CultureInfo.InvariantCulture);
}
