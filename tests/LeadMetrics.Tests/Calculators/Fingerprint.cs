using System.Globalization;
using System.Text;
using LeadMetrics.Calculators;
using LeadMetrics.Grouping;
using LeadMetrics.Statistics;

namespace LeadMetrics.Tests.Calculators;

/// <summary>A canonical text of a result, so that merge and order laws can compare results exactly.</summary>
internal static class Fingerprint
{
    internal static string Of(FunnelResult r)
    {
        var sb = new StringBuilder();
        sb.Append(CultureInfo.InvariantCulture, $"{r.Leads}|{r.Won}|{r.Lost}|{r.Open}|{r.LeadToWonConversion}|{r.WinRate}");
        foreach (var s in r.Stages)
        {
            sb.Append(CultureInfo.InvariantCulture, $";{s.Stage.Name}:{s.Reached}:{s.ConversionFromPrevious}:{s.DroppedOff}:{s.DropOffShare}:{s.LostHere}:{s.OpenHere}");
        }

        return sb.ToString();
    }

    internal static string Of(DurationDistribution d)
    {
        var sb = new StringBuilder();
        sb.Append(CultureInfo.InvariantCulture, $"n={d.Count} mean={d.Mean} min={d.Min} max={d.Max}");
        foreach (var q in d.Quantiles)
        {
            sb.Append(CultureInfo.InvariantCulture, $" q{q.Quantile}={q.Value}");
        }

        foreach (var b in d.Histogram)
        {
            sb.Append(CultureInfo.InvariantCulture, $" [{b.From},{b.To})={b.Count}/{b.Share}");
        }

        return sb.ToString();
    }

    internal static string Of(ResponseTimeResult r) =>
        $"{r.Leads}|{r.Answered}|{r.Unanswered}|{Of(r.Distribution)}|{string.Join(",", r.WithinTarget.Select(t => $"{t.Target}:{t.Count}:{t.Share}"))}";

    internal static string Of(TimeToConversionResult r) =>
        $"{r.Leads}|{r.Converted}|{Of(r.Distribution)}|{string.Join(";", r.StageVelocity.Select(s => s.Stage.Name + "=" + Of(s.Distribution)))}";

    internal static string Of(SalesCycleResult r) => $"{r.StartStage}|{Of(r.Won)}|{Of(r.Lost)}|{r.ClosedWithoutStart}";

    internal static string Of(LeadKpis k) =>
        $"{Of(k.Funnel)}\n{Of(k.ResponseTime)}\n{Of(k.TimeToConversion)}\n{Of(k.SalesCycle)}\n{k.WonValue}|{k.AverageDealValue}";

    internal static string Of<T>(GroupedResult<T> r, Func<T, string> inner) =>
        string.Join("\n", r.Groups.Select(g => g.Key + " => " + inner(g.Result)));

    internal static string Of(CalculatorSetResult<LeadKpis> r) => string.Join("\n#\n", r.Groupings.Select(g => Of(g, Of)));
}
