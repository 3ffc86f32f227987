using System.Text;

namespace LeadMetrics.Cli.Report;

/// <summary>The Kaplan-Meier conversion curves (issue 18).</summary>
internal static partial class Charts
{
    /// <summary>The most curves one chart draws (the legend stays on one line).</summary>
    public const int MaxCurves = 4;

    /// <summary>
    /// Share converted by days since creation (Kaplan-Meier, open leads censored), one line per group, a marker with the
    /// interval in its tooltip per reported day; a line stops where the group was not observed that long.
    /// </summary>
    /// <param name="days">The days of the x axis, ascending.</param>
    /// <param name="curves">At most <see cref="MaxCurves"/> groups: label and, per day, the share and its interval text (null share: not observed).</param>
    /// <param name="title">The chart's title.</param>
    /// <param name="id">The SVG element's id (unique in the page).</param>
    /// <returns>The SVG element.</returns>
    public static string Survival(IReadOnlyList<int> days, IReadOnlyList<(string Label, IReadOnlyList<(double? Share, string Text)> Points)> curves, string title, string id)
    {
        var svg = new SvgWriter(id, title);
        var palette = new[] { First, Second, "#dd6b20", "#805ad5" };
        Series[] series = [.. curves.Take(MaxCurves).Select((c, i) => new Series(Truncate(c.Label, 14), palette[i % palette.Length], [.. c.Points.Select(p => (p.Share ?? 0) * 100)]))];
        var max = curves.Take(MaxCurves).SelectMany(c => c.Points).Select(p => (p.Share ?? 0) * 100).DefaultIfEmpty(0).Max();
        var (top, step) = NiceScale(Math.Max(max, 1));
        var plot = Frame(svg, [.. days.Select(d => d + "d")], series, top, step, v => v.ToString("0.#", C) + "%", "converted", legend: true);
        for (var s = 0; s < series.Length; s++)
        {
            var curve = curves[s];
            var points = new StringBuilder();
            for (var i = 0; i < days.Count && i < curve.Points.Count; i++)
            {
                if (curve.Points[i].Share is null)
                {
                    break;
                }

                points.Append(N(plot.Center(i))).Append(',').Append(N(plot.Y(series[s].Values[i]))).Append(' ');
            }

            if (points.Length > 0)
            {
                svg.Polyline(points.ToString().TrimEnd(), series[s].Color);
            }

            for (var i = 0; i < days.Count && i < curve.Points.Count; i++)
            {
                if (curve.Points[i].Share is null)
                {
                    break;
                }

                svg.Circle(plot.Center(i), plot.Y(series[s].Values[i]), 3, series[s].Color, $"{curve.Label}, within {days[i]} days: {curve.Points[i].Text}");
            }
        }

        return svg.End();
    }
}
