using LeadMetrics.Calculators;
using LeadMetrics.Grouping;
using LeadMetrics.Records;
using NodaTime;

namespace LeadMetrics.Cli.Report;

/// <summary>
/// Conversion with open leads (issue 18): the library's <see cref="ConversionSurvivalCalculator"/> per group of every
/// grouping, as of the last instant observed in the leads, lost leads at risk until then (docs/metrics.md, "Conversion
/// with open leads"). It needs the as-of instant before the pass, so it runs only when the report needs the row path
/// anyway (the records are in memory); a leads-and-stages report has the sections null on both paths.
/// </summary>
internal sealed class SurvivalEngine
{
    /// <summary>The "converted within" times, in days.</summary>
    public static readonly int[] WithinDays = [7, 30, 90];

    /// <summary>The days the curve is reported at.</summary>
    public static readonly int[] CurveDays = [1, 2, 3, 5, 7, 10, 14, 21, 30, 45, 60, 90, 120, 180, 270, 365];

    private readonly ConversionSurvivalOptions _options;
    private readonly List<GroupedCalculator<ConversionSurvivalCalculator, ConversionSurvivalResult>> _groupings;

    public SurvivalEngine(Instant asOf, double confidence, IReadOnlyList<LeadGrouping> groupings)
    {
        _options = new ConversionSurvivalOptions(asOf, confidence: confidence);
        _groupings = [.. groupings.Select(g => new GroupedCalculator<ConversionSurvivalCalculator, ConversionSurvivalResult>(g, new ConversionSurvivalCalculator(_options)))];
    }

    /// <summary>The last instant observed in the leads (creation, response, stage change, close), or null without leads.</summary>
    public static Instant? AsOf(LeadRecord[] records)
    {
        var maturity = new CohortMaturityCalculator();
        foreach (var r in records)
        {
            maturity.Add(r);
        }

        return maturity.Snapshot().LastObservedAt;
    }

    public void AddRange(LeadRecord[] records)
    {
        foreach (var calculator in _groupings)
        {
            foreach (var r in records)
            {
                calculator.Add(r);
            }
        }
    }

    /// <summary>Sets the survival section of every computed group of every grouping (in the order given to the constructor).</summary>
    public void Apply(List<List<(GroupKey Key, ReportKpis Kpis)>> results)
    {
        for (var i = 0; i < _groupings.Count; i++)
        {
            Apply(_groupings[i].Snapshot(), results[i]);
        }
    }

    /// <summary>Computes and sets the survival sections of a grouping of its own records (an attribute grouping).</summary>
    public void Apply(LeadGrouping grouping, LeadRecord[] records, List<(GroupKey Key, ReportKpis Kpis)> computed)
    {
        var calculator = new GroupedCalculator<ConversionSurvivalCalculator, ConversionSurvivalResult>(grouping, new ConversionSurvivalCalculator(_options));
        foreach (var r in records)
        {
            calculator.Add(r);
        }

        Apply(calculator.Snapshot(), computed);
    }

    private static void Apply(GroupedResult<ConversionSurvivalResult> snapshot, List<(GroupKey Key, ReportKpis Kpis)> computed)
    {
        foreach (var (key, kpis) in computed)
        {
            if (snapshot.TryGet(key, out var result))
            {
                kpis.Survival = new SurvivalKpis(
                    [.. WithinDays.Select(d => (d, result.Within(Duration.FromDays(d))))],
                    [.. CurveDays.Select(d => (d, result.Within(Duration.FromDays(d)))).Where(p => p.Item2 is not null).Select(p => (p.d, p.Item2!))]);
            }
        }
    }
}

/// <summary>A scope's conversion with open leads: converted within 7/30/90 days (null cells: too young to say) and the curve at <see cref="SurvivalEngine.CurveDays"/> while observed.</summary>
internal sealed record SurvivalKpis(IReadOnlyList<(int Days, ConvertedWithin? Cell)> Within, IReadOnlyList<(int Days, ConvertedWithin Cell)> Curve);

/// <summary>The survival section of a scope.</summary>
internal sealed partial class ReportKpis
{
    /// <summary>Conversion with open leads (Kaplan-Meier); null on the columnar path.</summary>
    public SurvivalKpis? Survival { get; set; }
}
