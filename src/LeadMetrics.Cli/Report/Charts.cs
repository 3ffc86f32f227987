using System.Text.RegularExpressions;
using LeadMetrics.Records;
using LeadMetrics.Scoring;
using ScottPlot;

namespace LeadMetrics.Cli.Report;

/// <summary>
/// The report's charts, drawn with ScottPlot and rendered to SVG (ScottPlot's SVG backend, through SkiaSharp).
/// Each SVG is made safe to inline several times in one page: its XML declaration is dropped and its ids are
/// prefixed, so that the clip paths of one chart do not capture another's.
/// </summary>
internal static partial class Charts
{
    public const int Width = 760;
    public const int Height = 360;

    private static readonly Color First = Color.FromHex("#2b6cb0");
    private static readonly Color Second = Color.FromHex("#38a169");

    public static string Funnel(IReadOnlyList<FunnelStep> funnel, string id)
    {
        var plot = NewPlot("Funnel: leads that reached each stage");
        var bars = new List<Bar>();
        for (var i = 0; i < funnel.Count; i++)
        {
            bars.Add(new Bar { Position = funnel.Count - 1 - i, Value = funnel[i].Reached, FillColor = First, Label = funnel[i].Reached.ToString("N0", System.Globalization.CultureInfo.InvariantCulture) });
        }

        var series = plot.Add.Bars(bars);
        series.Horizontal = true;
        series.ValueLabelStyle.FontSize = 12;
        plot.Axes.Left.SetTicks(
            [.. Enumerable.Range(0, funnel.Count).Select(i => (double)(funnel.Count - 1 - i))],
            [.. funnel.Select(f => f.Stage)]);
        plot.Axes.Bottom.Label.Text = "leads";
        plot.Axes.Margins(left: 0, right: 0.15);
        return Svg(plot, id);
    }

    /// <summary>A distribution as the library's histogram: the share of leads in each duration bin.</summary>
    public static string Histogram(IReadOnlyList<(string Label, long Count, double? Share)> bins, string title, string id)
    {
        var plot = NewPlot(title);
        var bars = new List<Bar>();
        for (var i = 0; i < bins.Count; i++)
        {
            var share = (bins[i].Share ?? 0) * 100;
            bars.Add(new Bar { Position = i, Value = share, FillColor = First, Label = share.ToString("0.#", System.Globalization.CultureInfo.InvariantCulture) + "%" });
        }

        var series = plot.Add.Bars(bars);
        series.ValueLabelStyle.FontSize = 11;
        plot.Axes.Bottom.SetTicks([.. Enumerable.Range(0, bins.Count).Select(i => (double)i)], [.. bins.Select(b => b.Label)]);
        plot.Axes.Left.Label.Text = "% of leads";
        plot.Axes.Margins(bottom: 0, top: 0.15);
        return Svg(plot, id);
    }

    /// <summary>Leads and won leads side by side for each group.</summary>
    public static string Comparison(IReadOnlyList<(string Label, long Leads, long Won)> groups, string title, string id) =>
        TwoSeries([.. groups.Select(g => (g.Label, (double)g.Leads, (double)g.Won))], "leads", "won", title, id);

    /// <summary>Two values side by side for each group (missing values as 0).</summary>
    public static string TwoSeries(IReadOnlyList<(string Label, double First, double Second)> groups, string firstName, string secondName, string title, string id)
    {
        var plot = NewPlot(title);
        var leads = plot.Add.Bars(
            [.. groups.Select((_, i) => i - 0.2)],
            [.. groups.Select(g => g.First)]);
        leads.Color = First;
        leads.LegendText = firstName;
        foreach (var b in leads.Bars)
        {
            b.Size = 0.4;
        }

        var won = plot.Add.Bars(
            [.. groups.Select((_, i) => i + 0.2)],
            [.. groups.Select(g => g.Second)]);
        won.Color = Second;
        won.LegendText = secondName;
        foreach (var b in won.Bars)
        {
            b.Size = 0.4;
        }

        plot.Axes.Bottom.SetTicks([.. groups.Select((_, i) => (double)i)], [.. groups.Select(g => g.Label)]);
        if (groups.Count > 10 || groups.Sum(g => g.Label.Length) > 90)
        {
            plot.Axes.Bottom.TickLabelStyle.Rotation = -35;
            plot.Axes.Bottom.TickLabelStyle.Alignment = Alignment.MiddleRight;
            plot.Axes.Bottom.MinimumSize = 110;
        }

        plot.Axes.Margins(bottom: 0, top: 0.2);
        plot.ShowLegend(Alignment.UpperRight);
        return Svg(plot, id);
    }

    /// <summary>The share of each grade in each group, as stacked bars (the best grade at the bottom).</summary>
    public static string GradeMix(IReadOnlyList<(string Label, IReadOnlyList<(string Grade, long Count)> Grades)> groups, string title, string id)
    {
        var plot = NewPlot(title);
        Color[] palette = [Color.FromHex("#c53030"), Color.FromHex("#dd6b20"), Color.FromHex("#3182ce"), Color.FromHex("#718096"), Color.FromHex("#38a169")];
        var gradeNames = groups.Count == 0 ? [] : groups[0].Grades.Select(g => g.Grade).ToList();
        var bars = new List<Bar>();
        for (var i = 0; i < groups.Count; i++)
        {
            var total = groups[i].Grades.Sum(g => g.Count);
            var bottom = 0.0;
            for (var r = 0; r < groups[i].Grades.Count; r++)
            {
                var share = total == 0 ? 0 : groups[i].Grades[r].Count * 100.0 / total;
                bars.Add(new Bar { Position = i, ValueBase = bottom, Value = bottom + share, FillColor = palette[r % palette.Length] });
                bottom += share;
            }
        }

        plot.Add.Bars(bars);
        plot.Axes.Bottom.SetTicks([.. groups.Select((_, i) => (double)i)], [.. groups.Select(g => g.Label)]);
        plot.Axes.Left.Label.Text = "% of leads";
        plot.Axes.SetLimitsY(0, 130);
        plot.Legend.ManualItems.AddRange(gradeNames.Select((name, r) => new LegendItem { LabelText = name, FillColor = palette[r % palette.Length] }));
        plot.ShowLegend(Alignment.UpperRight);
        return Svg(plot, id);
    }

    /// <summary>Leads and won leads per period.</summary>
    public static string Trend(IReadOnlyList<(string Period, long Leads, long Won)> periods, string title, string id)
    {
        var plot = NewPlot(title);
        double[] xs = [.. Enumerable.Range(0, periods.Count).Select(i => (double)i)];
        var leads = plot.Add.Scatter(xs, [.. periods.Select(p => (double)p.Leads)], First);
        leads.LegendText = "leads";
        leads.LineWidth = 2;
        var won = plot.Add.Scatter(xs, [.. periods.Select(p => (double)p.Won)], Second);
        won.LegendText = "won";
        won.LineWidth = 2;
        var step = Math.Max(1, periods.Count / 12);
        var ticks = Enumerable.Range(0, periods.Count).Where(i => i % step == 0).ToArray();
        plot.Axes.Bottom.SetTicks([.. ticks.Select(i => (double)i)], [.. ticks.Select(i => periods[i].Period)]);
        plot.Axes.Margins(top: 0.3);
        plot.ShowLegend(Alignment.UpperRight);
        return Svg(plot, id);
    }

    private static Plot NewPlot(string title)
    {
        var plot = new Plot();
        plot.Font.Set(Fonts.Sans);
        plot.Title(title, size: 15);
        return plot;
    }

    private static string Svg(Plot plot, string id)
    {
        var svg = plot.GetSvgXml(Width, Height);
        svg = XmlDeclaration().Replace(svg, string.Empty);
        svg = IdAttribute().Replace(svg, m => $"id=\"{id}_{m.Groups[1].Value}\"");
        svg = UrlReference().Replace(svg, m => $"url(#{id}_{m.Groups[1].Value})");
        return svg.Replace("<svg ", $"<svg role=\"img\" aria-label=\"{id}\" viewBox=\"0 0 {Width} {Height}\" ", StringComparison.Ordinal);
    }

    [GeneratedRegex(@"<\?xml[^>]*\?>\s*")]
    private static partial Regex XmlDeclaration();

    [GeneratedRegex("id=\"([^\"]+)\"")]
    private static partial Regex IdAttribute();

    [GeneratedRegex(@"url\(#([^)]+)\)")]
    private static partial Regex UrlReference();
}
