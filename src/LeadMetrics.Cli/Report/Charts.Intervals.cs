namespace LeadMetrics.Cli.Report;

/// <summary>Rates with error bars (issue 18).</summary>
internal static partial class Charts
{
    /// <summary>
    /// One bar per group for a rate, with its interval as an error bar; shaded groups (immature periods) are drawn
    /// lighter. The tooltip gives the rate, the interval and the counts.
    /// </summary>
    /// <param name="groups">Label, rate (0 to 1), interval bounds (or null), shaded, and the tooltip text.</param>
    /// <param name="title">The chart's title.</param>
    /// <param name="id">The SVG element's id (unique in the page).</param>
    /// <returns>The SVG element.</returns>
    public static string RateWithIntervals(IReadOnlyList<(string Label, double Rate, double? Lower, double? Upper, bool Shaded, string Tooltip)> groups, string title, string id)
    {
        var svg = new SvgWriter(id, title);
        var max = groups.Select(g => (g.Upper ?? g.Rate) * 100).DefaultIfEmpty(0).Max();
        var (top, step) = NiceScale(Math.Max(max, 1));
        Series[] series = [new("rate", First, [.. groups.Select(g => g.Rate * 100)])];
        var plot = Frame(svg, [.. groups.Select(g => g.Label)], series, top, step, v => v.ToString("0.#", C) + "%", "rate", legend: false);
        for (var c = 0; c < groups.Count; c++)
        {
            var g = groups[c];
            var x = plot.Center(c) - (plot.Slot * 0.3);
            var y = plot.Y(Math.Min(g.Rate * 100, top));
            svg.Rect(x, y, plot.Slot * 0.6, plot.Bottom - y, g.Shaded ? "#a0aec0" : First, g.Tooltip);
            if (g.Lower is { } lo && g.Upper is { } hi)
            {
                var cx = plot.Center(c);
                var yl = plot.Y(Math.Min(lo * 100, top));
                var yh = plot.Y(Math.Min(hi * 100, top));
                var whisker = Math.Min(plot.Slot * 0.15, 8);
                svg.Line(cx, yl, cx, yh, Axis, 1.5);
                svg.Line(cx - whisker, yl, cx + whisker, yl, Axis, 1.5);
                svg.Line(cx - whisker, yh, cx + whisker, yh, Axis, 1.5);
            }
        }

        return svg.End();
    }
}
