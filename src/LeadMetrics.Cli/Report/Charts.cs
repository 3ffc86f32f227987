using System.Globalization;
using System.Net;
using System.Text;

namespace LeadMetrics.Cli.Report;

/// <summary>
/// The report's charts as inline SVG, written directly (no chart library, no native code, no script). Every chart is
/// <see cref="Width"/> by <see cref="Height"/> user units and scales down with the page (<c>viewBox</c>); hovering a
/// bar or a point shows its exact value (an SVG <c>title</c>). Layout avoids collisions by estimating text widths
/// conservatively (<see cref="TextWidth"/>): x labels that do not fit their slot are rotated, thinned or shortened
/// (the full label stays in a tooltip), legends sit above the plot, and a share axis never runs past 100%.
/// </summary>
internal static partial class Charts
{
    /// <summary>The width of every chart, in SVG user units (CSS pixels at full size).</summary>
    public const int Width = 760;

    /// <summary>The height of every chart, in SVG user units.</summary>
    public const int Height = 360;

    /// <summary>The font size of tick labels, value labels and legends.</summary>
    public const double FontSize = 12;

    /// <summary>The font size of a chart's title.</summary>
    public const double TitleSize = 15;

    /// <summary>The longest x label drawn in full, in characters; longer labels end in an ellipsis.</summary>
    public const int MaxLabelChars = 22;

    private const string FontFamily = "system-ui, -apple-system, 'Segoe UI', Roboto, 'DejaVu Sans', sans-serif";
    private const string First = "#2b6cb0";
    private const string Second = "#38a169";
    private const string Axis = "#4a5568";
    private const string Grid = "#e2e8f0";
    private const double Right = 16;

    /// <summary>Colours of the grades of the grade-mix chart, best grade first.</summary>
    private static readonly string[] GradePalette = ["#2f855a", "#68d391", "#3182ce", "#dd6b20", "#c53030", "#718096"];

    private static readonly CultureInfo C = CultureInfo.InvariantCulture;

    /// <summary>The funnel as horizontal bars, first stage on top, each bar labelled with its count.</summary>
    /// <param name="funnel">The funnel's stages in pipeline order.</param>
    /// <param name="id">The SVG element's id (unique in the page).</param>
    /// <returns>The SVG element.</returns>
    public static string Funnel(IReadOnlyList<FunnelStep> funnel, string id)
    {
        var svg = new SvgWriter(id, "Funnel: leads that reached each stage");
        var labels = funnel.Select(f => Truncate(f.Stage, MaxLabelChars)).ToList();
        var values = funnel.Select(f => Count(f.Reached)).ToList();
        var (top, step) = NiceScale(funnel.Count == 0 ? 0 : funnel.Max(f => (double)f.Reached), integer: true);
        var tickCount = (int)Math.Round(top / step);
        var lastTick = Count((long)top);
        var left = 10 + Math.Max(40, labels.Count == 0 ? 0 : labels.Max(l => TextWidth(l, FontSize))) + 8;
        var right = Width - Math.Max(Math.Max(values.Count == 0 ? 0 : values.Max(v => TextWidth(v, FontSize)) + 10, (TextWidth(lastTick, FontSize) / 2) + 4), Right);
        const double plotTop = 40;
        var plotBottom = Height - 10 - (FontSize * 1.25) - 6 - (FontSize * 1.25);
        var band = (plotBottom - plotTop) / Math.Max(1, funnel.Count);
        double X(double v) => left + ((right - left) * v / top);

        for (var t = 0; t <= tickCount; t++)
        {
            var v = t * step;
            svg.Line(X(v), plotTop, X(v), plotBottom, Grid, 1);
            svg.Text(X(v), plotBottom + 4 + FontSize, Count((long)Math.Round(v)), FontSize, "middle");
        }

        svg.Text((left + right) / 2, Height - 10, "leads", FontSize, "middle", fill: Axis);
        for (var i = 0; i < funnel.Count; i++)
        {
            var y = plotTop + (i * band) + (band * 0.15);
            var h = band * 0.7;
            var w = X(funnel[i].Reached) - left;
            svg.Rect(left, y, w, h, First, $"{funnel[i].Stage}: {values[i]} leads");
            svg.Text(left - 6, y + (h / 2) + (FontSize * 0.35), labels[i], FontSize, "end", full: labels[i] == funnel[i].Stage ? null : funnel[i].Stage);
            svg.Text(left + w + 4, y + (h / 2) + (FontSize * 0.35), values[i], FontSize, "start");
        }

        svg.Line(left, plotTop, left, plotBottom, Axis, 1);
        return svg.End();
    }

    /// <summary>A distribution as the library's histogram: the share of leads in each duration bin.</summary>
    /// <param name="bins">The bins in order: label, count and share of the leads (0 to 1).</param>
    /// <param name="title">The chart's title.</param>
    /// <param name="id">The SVG element's id (unique in the page).</param>
    /// <returns>The SVG element.</returns>
    public static string Histogram(IReadOnlyList<(string Label, long Count, double? Share)> bins, string title, string id)
    {
        var shares = bins.Select(b => b.Share is { } s && double.IsFinite(s) ? Math.Clamp(s * 100, 0, 100) : 0).ToArray();
        var valueLabels = shares.Select(s => s.ToString("0.#", C) + "%").ToArray();
        var max = shares.Length == 0 ? 0 : shares.Max();
        var (top, step) = NiceScale(Math.Min(100, max * 1.15));
        top = Math.Min(top, 100);
        return Columns(
            id,
            title,
            [.. bins.Select(b => b.Label)],
            [new Series("share of leads", First, shares)],
            stacked: false,
            top,
            step,
            v => v.ToString("0.#", C) + "%",
            "% of leads",
            (c, _) => $"{bins[c].Label}: {Count(bins[c].Count)} leads ({valueLabels[c]})",
            c => valueLabels[c],
            legend: false);
    }

    /// <summary>Leads and won leads side by side for each group.</summary>
    /// <param name="groups">The groups: label, leads and won leads.</param>
    /// <param name="title">The chart's title.</param>
    /// <param name="id">The SVG element's id (unique in the page).</param>
    /// <returns>The SVG element.</returns>
    public static string Comparison(IReadOnlyList<(string Label, long Leads, long Won)> groups, string title, string id) =>
        TwoSeries([.. groups.Select(g => (g.Label, (double)g.Leads, (double)g.Won))], "leads", "won", title, id);

    /// <summary>Two values side by side for each group (missing or negative values drawn as 0).</summary>
    /// <param name="groups">The groups: label, first value and second value.</param>
    /// <param name="firstName">The first series' name (legend).</param>
    /// <param name="secondName">The second series' name (legend).</param>
    /// <param name="title">The chart's title.</param>
    /// <param name="id">The SVG element's id (unique in the page).</param>
    /// <returns>The SVG element.</returns>
    public static string TwoSeries(IReadOnlyList<(string Label, double First, double Second)> groups, string firstName, string secondName, string title, string id)
    {
        double Clean(double v) => double.IsFinite(v) && v > 0 ? v : 0;
        var first = groups.Select(g => Clean(g.First)).ToArray();
        var second = groups.Select(g => Clean(g.Second)).ToArray();
        var max = groups.Count == 0 ? 0 : Math.Max(first.Max(), second.Max());
        var integer = first.Concat(second).All(v => v == Math.Floor(v));
        var (top, step) = NiceScale(max, integer);
        string[] names = [firstName, secondName];
        return Columns(
            id,
            title,
            [.. groups.Select(g => g.Label)],
            [new Series(firstName, First, first), new Series(secondName, Second, second)],
            stacked: false,
            top,
            step,
            Axis,
            null,
            (c, s) => $"{groups[c].Label}, {names[s]}: {Amount(s == 0 ? groups[c].First : groups[c].Second)}",
            null,
            legend: true);

        static string Axis(double v) => v.ToString("#,0.##", C);
    }

    /// <summary>The share of each grade in each group, as stacked bars (the best grade at the bottom) on a 0–100% axis.</summary>
    /// <param name="groups">The groups: label and the count per grade, in the model's grade order (best first).</param>
    /// <param name="title">The chart's title.</param>
    /// <param name="id">The SVG element's id (unique in the page).</param>
    /// <returns>The SVG element.</returns>
    public static string GradeMix(IReadOnlyList<(string Label, IReadOnlyList<(string Grade, long Count)> Grades)> groups, string title, string id)
    {
        var gradeNames = groups.Count == 0 ? [] : groups[0].Grades.Select(g => g.Grade).ToList();
        var series = new List<Series>();
        for (var r = 0; r < gradeNames.Count; r++)
        {
            var values = new double[groups.Count];
            for (var i = 0; i < groups.Count; i++)
            {
                var total = groups[i].Grades.Sum(g => g.Count);
                values[i] = total == 0 || r >= groups[i].Grades.Count ? 0 : groups[i].Grades[r].Count * 100.0 / total;
            }

            series.Add(new Series(gradeNames[r], GradePalette[r % GradePalette.Length], values));
        }

        return Columns(
            id,
            title,
            [.. groups.Select(g => g.Label)],
            series,
            stacked: true,
            100,
            20,
            v => v.ToString("0", C) + "%",
            "% of leads",
            (c, s) => $"{groups[c].Label}, grade {gradeNames[s]}: {Count(groups[c].Grades[s].Count)} leads ({series[s].Values[c].ToString("0.#", C)}%)",
            null,
            legend: true);
    }

    /// <summary>Leads and won leads per period, as two lines with a marker per period.</summary>
    /// <param name="periods">The periods in order: label, leads and won leads.</param>
    /// <param name="title">The chart's title.</param>
    /// <param name="id">The SVG element's id (unique in the page).</param>
    /// <returns>The SVG element.</returns>
    public static string Trend(IReadOnlyList<(string Period, long Leads, long Won)> periods, string title, string id)
    {
        var svg = new SvgWriter(id, title);
        Series[] series = [new("leads", First, [.. periods.Select(p => (double)p.Leads)]), new("won", Second, [.. periods.Select(p => (double)p.Won)])];
        var (top, step) = NiceScale(periods.Count == 0 ? 0 : periods.Max(p => (double)Math.Max(p.Leads, p.Won)), integer: true);
        var plot = Frame(svg, [.. periods.Select(p => p.Period)], series, top, step, v => Count((long)Math.Round(v)), null, legend: true);
        for (var s = 0; s < series.Length; s++)
        {
            var points = new StringBuilder();
            for (var i = 0; i < periods.Count; i++)
            {
                points.Append(N(plot.Center(i))).Append(',').Append(N(plot.Y(series[s].Values[i]))).Append(' ');
            }

            svg.Polyline(points.ToString().TrimEnd(), series[s].Color);
            for (var i = 0; i < periods.Count; i++)
            {
                svg.Circle(plot.Center(i), plot.Y(series[s].Values[i]), 3, series[s].Color, $"{periods[i].Period}, {series[s].Name}: {Count((long)series[s].Values[i])}");
            }
        }

        return svg.End();
    }

    /// <summary>
    /// A conservative estimate of the width of <paramref name="text"/> in a sans-serif font (DejaVu Sans metrics,
    /// rounded up), so that a layout that fits by this estimate fits in the browser.
    /// </summary>
    /// <param name="text">The text.</param>
    /// <param name="size">The font size.</param>
    /// <returns>The width in the font size's units.</returns>
    public static double TextWidth(string text, double size)
    {
        var em = 0.0;
        foreach (var c in text)
        {
            em += c switch
            {
                'i' or 'l' or 'j' or 'I' or '.' or ',' or ':' or ';' or '\'' or '|' or '!' => 0.34,
                ' ' or 'f' or 't' or 'r' or '(' or ')' or '[' or ']' or '-' => 0.45,
                'm' or 'M' or 'W' or '%' or '@' or '—' => 1.0,
                'w' or '≥' or '≤' => 0.85,
                _ when char.IsUpper(c) => 0.8,
                _ when c > 0x2E7F => 1.0, // CJK and other wide scripts
                _ => 0.66,
            };
        }

        return em * size;
    }

    /// <summary>A "nice" axis for values from 0 to <paramref name="max"/>: about five ticks at 1, 2, 2.5 or 5 times a power of ten.</summary>
    /// <param name="max">The largest value to show (below 1e-9, above 1e15 or not finite gives the axis 0 to 1).</param>
    /// <param name="integer">True when the values are counts: the tick step is a whole number.</param>
    /// <returns>The axis maximum (a multiple of the step, at least <paramref name="max"/>) and the tick step.</returns>
    public static (double Top, double Step) NiceScale(double max, bool integer = false)
    {
        if (!(max >= 1e-9) || !(max <= 1e15))
        {
            max = 1;
        }

        var raw = max / 5;
        var pow = Math.Pow(10, Math.Floor(Math.Log10(raw)));
        var f = raw / pow;
        var step = (f <= 1 ? 1 : f <= 2 ? 2 : f <= 2.5 ? 2.5 : f <= 5 ? 5 : 10) * pow;
        if (integer && step != Math.Floor(step))
        {
            step = step < 1 ? 1 : Math.Floor(step); // 2.5 becomes 2: still a round step, at most seven ticks
        }

        var top = Math.Ceiling((max / step) - 1e-9) * step;
        return (top, step);
    }

    /// <summary>How the x labels of <paramref name="labels"/> are drawn in slots <paramref name="slot"/> wide so that none overlaps another.</summary>
    /// <param name="labels">The labels, one per slot.</param>
    /// <param name="slot">The width of a slot.</param>
    /// <returns>The rotation (0, 40 or 90 degrees), which labels are drawn (every n-th), the texts (shortened) and the height they take.</returns>
    public static XLabels LayoutXLabels(IReadOnlyList<string> labels, double slot)
    {
        var texts = labels.Select(l => Truncate(l, MaxLabelChars)).ToArray();
        var widest = texts.Length == 0 ? 0 : texts.Max(t => TextWidth(t, FontSize));
        var line = FontSize * 1.3;
        if (widest <= slot - 6)
        {
            return new XLabels(0, 1, texts, line + 4);
        }

        // Rotated labels are parallel lines; neighbours are slot * sin(angle) apart, perpendicular to the text.
        var a40 = 40 * Math.PI / 180;
        if (slot * Math.Sin(a40) >= line)
        {
            return new XLabels(40, 1, texts, (widest * Math.Sin(a40)) + (FontSize * Math.Cos(a40)) + 10);
        }

        var every = (int)Math.Ceiling(line / Math.Max(slot, 0.001));
        return new XLabels(90, every, texts, widest + 10);
    }

    /// <summary>Shortens <paramref name="text"/> to at most <paramref name="max"/> characters, ending in an ellipsis when cut.</summary>
    /// <param name="text">The text.</param>
    /// <param name="max">The most characters kept (at least 2).</param>
    /// <returns>The text, or its start and "…".</returns>
    public static string Truncate(string text, int max) => text.Length <= max ? text : string.Concat(text.AsSpan(0, max - 1).TrimEnd(), "…");

    /// <summary>Vertical bars, side by side or stacked, on the shared frame.</summary>
    private static string Columns(
        string id,
        string title,
        IReadOnlyList<string> categories,
        IReadOnlyList<Series> series,
        bool stacked,
        double top,
        double step,
        Func<double, string> tick,
        string? axisLabel,
        Func<int, int, string> tooltip,
        Func<int, string>? valueLabel,
        bool legend)
    {
        var svg = new SvgWriter(id, title);
        var plot = Frame(svg, categories, series, top, step, tick, axisLabel, legend);
        var width = plot.Slot * 0.8 / (stacked ? 1 : Math.Max(1, series.Count));
        for (var c = 0; c < categories.Count; c++)
        {
            var x0 = plot.Center(c) - (plot.Slot * 0.4);
            var baseValue = 0.0;
            for (var s = 0; s < series.Count; s++)
            {
                var v = Math.Min(series[s].Values[c], top - (stacked ? baseValue : 0));
                var x = stacked ? x0 : x0 + (s * width);
                var y0 = plot.Y(baseValue);
                var y1 = plot.Y(baseValue + v);
                svg.Rect(x, y1, stacked ? plot.Slot * 0.8 : width, y0 - y1, series[s].Color, tooltip(c, s));
                if (stacked)
                {
                    baseValue += v;
                }
            }

            if (valueLabel is not null && TextWidth(valueLabel(c), FontSize) <= plot.Slot - 2)
            {
                var v = stacked ? baseValue : series.Max(s => s.Values[c]);
                svg.Text(plot.Center(c), plot.Y(Math.Min(v, top)) - 4, valueLabel(c), FontSize, "middle");
            }
        }

        return svg.End();
    }

    /// <summary>Title, legend, y axis with grid lines and x labels; returns the plot's geometry.</summary>
    private static Plot Frame(SvgWriter svg, IReadOnlyList<string> categories, IReadOnlyList<Series> series, double top, double step, Func<double, string> tick, string? axisLabel, bool legend)
    {
        var tickCount = (int)Math.Round(top / step);
        var ticks = Enumerable.Range(0, tickCount + 1).Select(t => t * step).ToArray();
        var tickWidth = ticks.Max(t => TextWidth(tick(t), FontSize));
        var left = 10 + (axisLabel is null ? 0 : FontSize * 1.5) + tickWidth + 8;
        var plotTop = legend ? 64.0 : 40.0;
        var slot = (Width - Right - left) / Math.Max(1, categories.Count);
        var xl = LayoutXLabels(categories, slot);
        if (xl.Angle > 0 && categories.Count > 0)
        {
            // A rotated first label reaches left of its slot; keep it inside the chart.
            var reach = (TextWidth(xl.Texts[0], FontSize) * Math.Cos(xl.Angle * Math.PI / 180)) - (slot / 2) + 6;
            if (reach > left)
            {
                left = reach;
                slot = (Width - Right - left) / categories.Count;
                xl = LayoutXLabels(categories, slot);
            }
        }

        var plotBottom = Height - 6 - xl.Height;
        var plot = new Plot(left, Width - Right, plotTop, plotBottom, slot, top);
        if (legend)
        {
            var x = left;
            foreach (var s in series)
            {
                svg.Rect(x, 40, 12, 12, s.Color, null);
                svg.Text(x + 16, 40 + FontSize - 1, s.Name, FontSize, "start");
                x += 16 + TextWidth(s.Name, FontSize) + 18;
            }
        }

        foreach (var t in ticks)
        {
            svg.Line(left, plot.Y(t), plot.Right, plot.Y(t), Grid, 1);
            svg.Text(left - 6, plot.Y(t) + (FontSize * 0.35), tick(t), FontSize, "end");
        }

        if (axisLabel is not null)
        {
            svg.Text(10 + FontSize, (plotTop + plotBottom) / 2, axisLabel, FontSize, "middle", angle: -90, fill: Axis);
        }

        svg.Line(left, plotBottom, plot.Right, plotBottom, Axis, 1);
        for (var c = 0; c < categories.Count; c += xl.Every)
        {
            var full = xl.Texts[c] == categories[c] ? null : categories[c];
            if (xl.Angle == 0)
            {
                svg.Text(plot.Center(c), plotBottom + 4 + FontSize, xl.Texts[c], FontSize, "middle", full: full);
            }
            else
            {
                // Anchored at the end, just below the axis, under the slot's centre.
                var x = plot.Center(c) + (xl.Angle == 90 ? FontSize * 0.35 : 0);
                svg.Text(x, plotBottom + 8, xl.Texts[c], FontSize, "end", angle: -xl.Angle, full: full);
            }
        }

        return plot;
    }

    private static string Count(long n) => n.ToString("N0", C);

    private static string Amount(double v) => double.IsFinite(v) ? v.ToString("#,0.##", C) : Format.NotAvailable;

    private static string N(double v) => Math.Round(v, 1).ToString("0.#", C);

    /// <summary>The x labels' layout: rotation in degrees, every n-th label drawn, the (shortened) texts and the height taken below the axis.</summary>
    /// <param name="Angle">0, 40 or 90 degrees (counter-clockwise).</param>
    /// <param name="Every">1 to draw every label, n to draw every n-th.</param>
    /// <param name="Texts">The labels as drawn (at most <see cref="MaxLabelChars"/> characters).</param>
    /// <param name="Height">The height the labels take below the axis.</param>
    internal sealed record XLabels(double Angle, int Every, string[] Texts, double Height);

    private sealed record Series(string Name, string Color, double[] Values);

    private sealed record Plot(double Left, double Right, double Top, double Bottom, double Slot, double Max)
    {
        public double Center(int i) => Left + (Slot * (i + 0.5));

        public double Y(double v) => Bottom - ((Bottom - Top) * Math.Clamp(v / Max, 0, 1));
    }

    /// <summary>Writes one SVG element: shapes with tooltips, text escaped for HTML and XML alike.</summary>
    private sealed class SvgWriter
    {
        private readonly StringBuilder b = new();

        public SvgWriter(string id, string title)
        {
            b.Append(CultureInfo.InvariantCulture, $"<svg xmlns=\"http://www.w3.org/2000/svg\" id=\"{E(id)}\" class=\"chart\" viewBox=\"0 0 {Width} {Height}\" width=\"{Width}\" height=\"{Height}\" role=\"img\" aria-labelledby=\"{E(id)}-title\" font-family=\"{FontFamily}\">\n");
            b.Append("<title id=\"").Append(E(id)).Append("-title\">").Append(E(title)).Append("</title>\n");
            b.Append("<rect width=\"").Append(Width).Append("\" height=\"").Append(Height).Append("\" fill=\"#fff\"/>\n");
            Text(Width / 2.0, 22, Truncate(title, 90), TitleSize, "middle", weight: "600", full: title.Length > 90 ? title : null);
        }

        public void Rect(double x, double y, double w, double h, string fill, string? tooltip)
        {
            b.Append("<rect x=\"").Append(N(x)).Append("\" y=\"").Append(N(y)).Append("\" width=\"").Append(N(Math.Max(0, w))).Append("\" height=\"").Append(N(Math.Max(0, h)))
                .Append("\" fill=\"").Append(fill).Append('"');
            if (tooltip is null)
            {
                b.Append("/>\n");
            }
            else
            {
                b.Append("><title>").Append(E(tooltip)).Append("</title></rect>\n");
            }
        }

        public void Line(double x1, double y1, double x2, double y2, string stroke, double width) =>
            b.Append("<line x1=\"").Append(N(x1)).Append("\" y1=\"").Append(N(y1)).Append("\" x2=\"").Append(N(x2)).Append("\" y2=\"").Append(N(y2))
                .Append("\" stroke=\"").Append(stroke).Append("\" stroke-width=\"").Append(N(width)).Append("\"/>\n");

        public void Polyline(string points, string stroke) =>
            b.Append("<polyline points=\"").Append(points).Append("\" fill=\"none\" stroke=\"").Append(stroke).Append("\" stroke-width=\"2\"/>\n");

        public void Circle(double x, double y, double r, string fill, string tooltip) =>
            b.Append("<circle cx=\"").Append(N(x)).Append("\" cy=\"").Append(N(y)).Append("\" r=\"").Append(N(r)).Append("\" fill=\"").Append(fill).Append("\"><title>")
                .Append(E(tooltip)).Append("</title></circle>\n");

        public void Text(double x, double y, string text, double size, string anchor, double angle = 0, string? weight = null, string? fill = null, string? full = null)
        {
            b.Append("<text x=\"").Append(N(x)).Append("\" y=\"").Append(N(y)).Append("\" font-size=\"").Append(N(size)).Append("\" text-anchor=\"").Append(anchor).Append('"');
            if (angle != 0)
            {
                b.Append(" transform=\"rotate(").Append(N(angle)).Append(' ').Append(N(x)).Append(' ').Append(N(y)).Append(")\"");
            }

            if (weight is not null)
            {
                b.Append(" font-weight=\"").Append(weight).Append('"');
            }

            b.Append(" fill=\"").Append(fill ?? "#1a202c").Append("\">").Append(E(text));
            if (full is not null)
            {
                b.Append("<title>").Append(E(full)).Append("</title>");
            }

            b.Append("</text>\n");
        }

        public string End() => b.Append("</svg>").ToString();

        private static string E(string text) => WebUtility.HtmlEncode(text);
    }
}
