using System.Globalization;
using System.Text.Json;

namespace LeadMetrics.Data.Reports;

/// <summary>How a report KPI's value reads: the unit its text is formatted in (<see cref="Format"/>).</summary>
internal enum KpiUnit
{
    /// <summary>A count of leads (<c>1,234</c>).</summary>
    Count,

    /// <summary>A fraction shown as a percentage (<c>12.3%</c>).</summary>
    Rate,

    /// <summary>A duration in seconds, shown in the unit that reads well (<c>7m 30s</c>).</summary>
    Seconds,

    /// <summary>An amount in the report currency (<c>18,698.50 USD</c>).</summary>
    Money,

    /// <summary>A money ratio such as ROI, a fraction shown as a percentage with thousands separators (<c>2,945.7%</c>).</summary>
    Ratio,

    /// <summary>A multiple such as ROAS (<c>10.23x</c>).</summary>
    Multiple,

    /// <summary>A plain number with two decimals (an ICP score).</summary>
    Number,
}

/// <summary>One field of a scope's JSON object (<see cref="ReportKpiTable.Scope"/>): a KPI value or a section.</summary>
internal abstract class ScopeField
{
    private protected ScopeField(string name) => Name = name;

    /// <summary>The field's JSON name in the scope's object.</summary>
    public string Name { get; }

    /// <summary>Writes the field (name and value) into the scope's open object, intervals at <paramref name="confidence"/>.</summary>
    public abstract void WriteJson(Utf8JsonWriter w, ReportKpis k, double confidence);
}

/// <summary>A section of a scope's JSON (an object, an array or an interval) written by its own code.</summary>
internal sealed class JsonSection(string name, Action<Utf8JsonWriter, ReportKpis, double> write) : ScopeField(name)
{
    /// <inheritdoc/>
    public override void WriteJson(Utf8JsonWriter w, ReportKpis k, double confidence) => write(w, k, confidence);
}

/// <summary>
/// One KPI value of a scope, registered once (<see cref="ReportKpiTable"/>): its JSON path, its label, its unit and
/// its selector from the report's value. The JSON writer, the console and HTML views, <c>--targets</c> and the native
/// snapshot all read it from here.
/// </summary>
internal sealed class ReportKpi : ScopeField
{
    private readonly Func<ReportKpis, long?>? _whole;
    private readonly Func<ReportKpis, double?>? _real;
    private readonly Func<ReportKpis, decimal?>? _exact;

    private ReportKpi(string path, string label, KpiUnit unit, Func<ReportKpis, long?>? whole, Func<ReportKpis, double?>? real, Func<ReportKpis, decimal?>? exact)
        : base(path[(path.LastIndexOf('.') + 1)..])
    {
        Path = path;
        Label = label;
        Unit = unit;
        _whole = whole;
        _real = real;
        _exact = exact;
    }

    /// <summary>The JSON path of the value in a scope (<c>won_value</c>, <c>response_time_seconds.p50</c>): its name in <c>--targets</c>.</summary>
    public string Path { get; }

    /// <summary>The value's name in the tables and the HTML (<c>won deal value</c>, <c>response time p50</c>).</summary>
    public string Label { get; }

    /// <summary>How the value reads.</summary>
    public KpiUnit Unit { get; }

    /// <summary>Whether <c>--targets</c> can name it.</summary>
    public bool Target { get; private init; }

    /// <summary>A cost ratio: shown as "no cost data" in a scope without any cost row (<see cref="Format.CostRatio"/>).</summary>
    public bool CostRatio { get; private init; }

    /// <summary>A count (JSON integer; null where <paramref name="select"/> gives null).</summary>
    public static ReportKpi Count(string path, string label, Func<ReportKpis, long?> select) => new(path, label, KpiUnit.Count, select, null, null);

    /// <summary>A value the report model holds as a double (rates, durations in seconds).</summary>
    public static ReportKpi Real(string path, string label, KpiUnit unit, Func<ReportKpis, double?> select) => new(path, label, unit, null, select, null);

    /// <summary>A value the report model holds as an exact decimal (money, money ratios, scores).</summary>
    public static ReportKpi Exact(string path, string label, KpiUnit unit, Func<ReportKpis, decimal?> select) => new(path, label, unit, null, null, select);

    /// <summary>This KPI, named in <c>--targets</c>.</summary>
    public ReportKpi Targetable() => new(Path, Label, Unit, _whole, _real, _exact) { Target = true, CostRatio = CostRatio };

    /// <summary>This KPI as a cost ratio ("no cost data" where no cost row landed).</summary>
    public ReportKpi OfCost() => new(Path, Label, Unit, _whole, _real, _exact) { Target = Target, CostRatio = true };

    /// <summary>The value as a number, as the target checks read it (null where undefined).</summary>
    public double? Number(ReportKpis k) => _whole is not null ? _whole(k) : _real is not null ? _real(k) : (double?)_exact!(k);

    /// <inheritdoc/>
    public override void WriteJson(Utf8JsonWriter w, ReportKpis k, double confidence)
    {
        if (_whole is not null)
        {
            if (_whole(k) is { } n)
            {
                w.WriteNumber(Name, n);
            }
            else
            {
                w.WriteNull(Name);
            }
        }
        else if (_real is not null)
        {
            JsonValues.Number(w, Name, _real(k));
        }
        else
        {
            JsonValues.Amount(w, Name, _exact!(k));
        }
    }

    /// <summary>The value's text in the console and HTML reports (amounts with the report's currency).</summary>
    public string Text(ReportKpis k, string currency)
    {
        var text = Unit switch
        {
            KpiUnit.Count => _whole!(k) is { } n ? Format.Count(n) : Format.NotAvailable,
            KpiUnit.Rate => Format.Rate(Number(k)),
            KpiUnit.Seconds => Format.Duration(Number(k)),
            KpiUnit.Money => Format.Money(_exact!(k), currency),
            KpiUnit.Ratio => Format.Ratio(_exact!(k)),
            KpiUnit.Multiple => _exact!(k) is { } x ? x.ToString("0.00", CultureInfo.InvariantCulture) + "x" : Format.NotAvailable,
            _ => Format.Number(Number(k)),
        };
        return CostRatio ? Format.CostRatio(k, text) : text;
    }

    /// <summary>A value of a target check on this KPI: a duration, a rate (ROI as one), or a plain number.</summary>
    public string TargetText(double? value) => Unit switch
    {
        KpiUnit.Seconds => Format.Duration(value),
        KpiUnit.Rate or KpiUnit.Ratio => Format.Rate(value),
        _ => value is { } v && double.IsFinite(v) ? v.ToString("#,0.##", CultureInfo.InvariantCulture) : Format.NotAvailable,
    };
}

/// <summary>One line of a view (the console's total table, the HTML summary cards): a KPI with its label, or lines of its own.</summary>
internal sealed class ViewLine
{
    private readonly Func<ReportKpis, ReportModel, IEnumerable<(string Label, string Text)>> _lines;

    private ViewLine(Func<ReportKpis, ReportModel, IEnumerable<(string Label, string Text)>> lines) => _lines = lines;

    /// <summary>A KPI of the table, labelled by its label or by <paramref name="label"/>, shown where <paramref name="when"/> holds.</summary>
    public static ViewLine Of(ReportKpi kpi, Func<ReportModel, string>? label = null, Func<ReportModel, bool>? when = null) =>
        new((k, r) => when is null || when(r) ? [(label?.Invoke(r) ?? kpi.Label, kpi.Text(k, r.Currency))] : []);

    /// <summary>A KPI with a text of its own (a rate with its interval).</summary>
    public static ViewLine Of(ReportKpi kpi, Func<ReportModel, string> label, Func<ReportKpis, ReportModel, string> text) =>
        new((k, r) => [(label(r), text(k, r))]);

    /// <summary>Lines of their own (several values in one line, a line per target, a line shown only with data).</summary>
    public static ViewLine Custom(Func<ReportKpis, ReportModel, IEnumerable<(string Label, string Text)>> lines) => new(lines);

    /// <summary>The line's label and text for a scope of a report (none, one or several).</summary>
    public IEnumerable<(string Label, string Text)> Lines(ReportKpis k, ReportModel report) => _lines(k, report);
}

/// <summary>
/// The registration table of the report's KPIs per scope (the total, each group, each trend period): every KPI value
/// once with its JSON path, label, unit, target name and selector (<see cref="ReportKpi"/>), the order of the scope's
/// JSON fields (<see cref="Scope"/>, which the CLI's JSON writer and the native snapshot write), and the two views
/// that list KPIs (<see cref="ConsoleTotal"/>, <see cref="HtmlSummary"/>). <c>--targets</c> names the KPIs marked
/// <see cref="ReportKpi.Target"/>. Adding a KPI of the lead KPI set to the report is one <see cref="ReportKpi"/> here
/// (its selector reads the library's result, <see cref="ReportKpis.Lead"/>), its place in <see cref="Scope"/>, its line
/// of the JSON contract (<see cref="Contract"/>) and the views it shows in (docs/architecture.md, "Adding a lead KPI").
/// </summary>
internal static class ReportKpiTable
{
    // Counts and rates.
    public static readonly ReportKpi Leads = ReportKpi.Count("leads", "leads", k => k.Leads).Targetable();
    public static readonly ReportKpi Won = ReportKpi.Count("won", "won", k => k.Won).Targetable();
    public static readonly ReportKpi Lost = ReportKpi.Count("lost", "lost", k => k.Lost).Targetable();
    public static readonly ReportKpi Open = ReportKpi.Count("open", "open", k => k.Open).Targetable();
    public static readonly ReportKpi ConversionRate = ReportKpi.Real("conversion_rate", "conversion rate", KpiUnit.Rate, k => k.ConversionRate).Targetable();
    public static readonly ReportKpi WinRate = ReportKpi.Real("win_rate", "win rate", KpiUnit.Rate, k => k.WinRate).Targetable();

    // Durations (written inside their sections).
    public static readonly ReportKpi Unanswered = ReportKpi.Count("response_time_seconds.unanswered", "unanswered leads", k => k.ResponseTime?.Unanswered).Targetable();
    public static readonly ReportKpi ResponseMean = ReportKpi.Real("response_time_seconds.mean", "response time mean", KpiUnit.Seconds, k => k.ResponseTime?.Durations.Mean).Targetable();
    public static readonly ReportKpi ResponseP50 = ReportKpi.Real("response_time_seconds.p50", "response time p50", KpiUnit.Seconds, k => k.ResponseTime?.Durations.P50).Targetable();
    public static readonly ReportKpi ResponseP90 = ReportKpi.Real("response_time_seconds.p90", "response time p90", KpiUnit.Seconds, k => k.ResponseTime?.Durations.P90).Targetable();
    public static readonly ReportKpi ConversionMean = ReportKpi.Real("time_to_conversion_seconds.mean", "time to conversion mean", KpiUnit.Seconds, k => k.TimeToConversion?.Mean).Targetable();
    public static readonly ReportKpi ConversionP50 = ReportKpi.Real("time_to_conversion_seconds.p50", "time to conversion p50", KpiUnit.Seconds, k => k.TimeToConversion?.P50).Targetable();
    public static readonly ReportKpi ConversionP90 = ReportKpi.Real("time_to_conversion_seconds.p90", "time to conversion p90", KpiUnit.Seconds, k => k.TimeToConversion?.P90).Targetable();
    public static readonly ReportKpi CycleWonP50 = ReportKpi.Real("sales_cycle_seconds.won.p50", "sales cycle (won) p50", KpiUnit.Seconds, k => k.SalesCycle?.Won.P50).Targetable();
    public static readonly ReportKpi CycleWonP90 = ReportKpi.Real("sales_cycle_seconds.won.p90", "sales cycle (won) p90", KpiUnit.Seconds, k => k.SalesCycle?.Won.P90).Targetable();
    public static readonly ReportKpi CycleWonMean = ReportKpi.Real("sales_cycle_seconds.won.mean", "sales cycle (won) mean", KpiUnit.Seconds, k => k.SalesCycle?.Won.Mean).Targetable();
    public static readonly ReportKpi CycleLostP50 = ReportKpi.Real("sales_cycle_seconds.lost.p50", "sales cycle (lost) p50", KpiUnit.Seconds, k => k.SalesCycle?.Lost.P50).Targetable();

    // Money.
    public static readonly ReportKpi Revenue = ReportKpi.Exact("revenue", "revenue", KpiUnit.Money, k => k.Revenue).Targetable();
    public static readonly ReportKpi WonValue = ReportKpi.Exact("won_value", "won deal value", KpiUnit.Money, k => k.WonValue);
    public static readonly ReportKpi AverageDealValue = ReportKpi.Exact("average_deal_value", "average deal value", KpiUnit.Money, k => k.AverageDealValue).Targetable();
    public static readonly ReportKpi Cost = ReportKpi.Exact("cost", "cost", KpiUnit.Money, k => k.Cost).Targetable();
    public static readonly ReportKpi CostPerLead = ReportKpi.Exact("cost_per_lead", "cost per lead", KpiUnit.Money, k => k.CostPerLead).Targetable().OfCost();
    public static readonly ReportKpi AcquisitionCost = ReportKpi.Exact("customer_acquisition_cost", "customer acquisition cost", KpiUnit.Money, k => k.CustomerAcquisitionCost).Targetable().OfCost();
    public static readonly ReportKpi Roi = ReportKpi.Exact("roi", "ROI", KpiUnit.Ratio, k => k.Roi).Targetable().OfCost();
    public static readonly ReportKpi Roas = ReportKpi.Exact("roas", "return on ad spend", KpiUnit.Multiple, k => k.Roas).Targetable().OfCost();
    public static readonly ReportKpi LifetimeValue = ReportKpi.Exact("lifetime_value", "lifetime value", KpiUnit.Money, k => k.LifetimeValue).Targetable();
    public static readonly ReportKpi CustomerRevenue = ReportKpi.Exact("customer_revenue", "customer revenue", KpiUnit.Money, k => k.CustomerRevenue);
    public static readonly ReportKpi NonCustomerRevenue = ReportKpi.Exact("non_customer_revenue", "non-customer revenue", KpiUnit.Money, k => k.Revenue - k.CustomerRevenue);
    public static readonly ReportKpi GrossProfit = ReportKpi.Exact("gross_profit", "gross profit", KpiUnit.Money, k => k.GrossProfit);
    public static readonly ReportKpi RoiOnMargin = ReportKpi.Exact("roi_on_margin", "ROI on margin", KpiUnit.Ratio, k => k.RoiOnMargin).OfCost();

    // Score and statistics.
    public static readonly ReportKpi ScoreMean = ReportKpi.Exact("score.mean", "mean ICP score", KpiUnit.Number, k => k.Score?.Mean).Targetable();
    public static readonly ReportKpi CustomersWonInPeriod = ReportKpi.Count("customers_won_in_period", "customers won in period", k => k.CustomersWonInPeriod);
    public static readonly ReportKpi SpendAcquisitionCost = ReportKpi.Exact("spend_acquisition_cost", "spend acquisition cost", KpiUnit.Money, k => k.SpendAcquisitionCost);

    /// <summary>Every KPI value of the table; <c>--targets</c> lists the targetable ones in this order.</summary>
    public static readonly IReadOnlyList<ReportKpi> All =
    [
        Leads, Won, Lost, Open, ConversionRate, WinRate,
        Unanswered, ResponseMean, ResponseP50, ResponseP90, ConversionMean, ConversionP50, ConversionP90,
        CycleWonP50, CycleWonP90, CycleWonMean, CycleLostP50,
        Revenue, WonValue, AverageDealValue, Cost, CostPerLead, AcquisitionCost, Roi, Roas, LifetimeValue,
        CustomerRevenue, NonCustomerRevenue, GrossProfit, RoiOnMargin,
        ScoreMean, CustomersWonInPeriod, SpendAcquisitionCost,
    ];

    private static readonly Dictionary<string, ReportKpi> ByPath = All.ToDictionary(k => k.Path, StringComparer.Ordinal);

    /// <summary>The KPI of a JSON path, or null for a path the table does not hold (a response-time target share).</summary>
    public static ReportKpi? Find(string path) => ByPath.GetValueOrDefault(path);

    /// <summary>Conversion with open leads (<c>converted_within</c> and <c>conversion_curve</c>), which the native snapshot writes only on request.</summary>
    public static readonly JsonSection Survival = new("converted_within", (w, k, _) => SurvivalKpis.Write(w, k.Survival));

    /// <summary>The fields of a scope's JSON object, in the contract's order (docs/cli.md, <c>KPIS</c>).</summary>
    public static readonly IReadOnlyList<ScopeField> Scope =
    [
        Leads, Won, Lost, Open,
        ConversionRate, new JsonSection("conversion_rate_ci", (w, k, c) => JsonValues.Interval(w, "conversion_rate_ci", RateIntervals.Conversion(k, c))),
        WinRate, new JsonSection("win_rate_ci", (w, k, c) => JsonValues.Interval(w, "win_rate_ci", RateIntervals.WinRate(k, c))),
        new JsonSection("funnel", JsonReportWriter.Funnel),
        new JsonSection("response_time_seconds", JsonReportWriter.ResponseTime),
        new JsonSection("time_to_conversion_seconds", JsonReportWriter.TimeToConversion),
        new JsonSection("sales_cycle_seconds", JsonReportWriter.SalesCycle),
        Revenue, WonValue, AverageDealValue, Cost,
        new JsonSection("has_cost_data", JsonReportWriter.HasCostData),
        new JsonSection("cost_by_category", JsonReportWriter.CostByCategory),
        CostPerLead, AcquisitionCost, Roi, Roas, LifetimeValue, CustomerRevenue, NonCustomerRevenue, GrossProfit, RoiOnMargin,
        new JsonSection("undefined", JsonReportWriter.Undefined),
        new JsonSection("lifetime_value_detail", (w, k, _) => LifetimeValueDetail.Write(w, k.LifetimeValueDetail)),
        new JsonSection("score", JsonReportWriter.Score),
        new JsonSection("maturity", StatisticsJson.WriteMaturity),
        CustomersWonInPeriod, SpendAcquisitionCost,
        Survival,
    ];

    /// <summary>
    /// The JSON contract's annotated <c>KPIS</c> block (docs/cli.md), per field of <see cref="Scope"/>: the field with an
    /// example value and a comment, as it reads in the doc. The doc's block is these entries in <see cref="Scope"/>'s
    /// order, written by a test (<c>ReportKpiTableTests</c>, with <c>LEADMETRICS_UPDATE_GOLDEN=1</c>) rather than by
    /// hand. Empty for a field documented on another field's line (<c>won</c>, <c>lost</c> and <c>open</c> on the
    /// <c>leads</c> line) or elsewhere in the doc (<c>undefined</c>, with issue 15's keys).
    /// </summary>
    public static readonly IReadOnlyDictionary<string, string> Contract = new Dictionary<string, string>(StringComparer.Ordinal)
    {
        ["leads"] = """
              "leads": 4000, "won": 576, "lost": 2491, "open": 933,
            """,
        ["won"] = "",
        ["lost"] = "",
        ["open"] = "",
        ["conversion_rate"] = """
              "conversion_rate": 0.144,            // won / leads
            """,
        ["conversion_rate_ci"] = """
              "conversion_rate_ci": [0.133461, 0.155222],   // Wilson interval of conversion_rate at confidence (null when undefined)
            """,
        ["win_rate"] = """
              "win_rate": 0.1878,                  // won / (won + lost)
            """,
        ["win_rate_ci"] = """
              "win_rate_ci": [0.174377, 0.202015], // Wilson interval of win_rate at confidence (null when undefined)
            """,
        ["funnel"] = """
              "funnel": [ { "stage": "New", "reached": 4000, "conversion_from_previous": null, "conversion_from_previous_ci": null, "lost_here": 528, "open_here": 175 },
                          { "stage": "Working", "reached": 3297, "conversion_from_previous": 0.82425,
                            "conversion_from_previous_ci": [0.812146, 0.835732], "lost_here": 1057, "open_here": 404 }, ... ],   // reached here of reached at the previous step
            """,
        ["response_time_seconds"] = """
              "response_time_seconds": {
                "count": 3841,                     // answered leads
                "unanswered": 159,
                "mean": 17962.3, "p50": 1658.8, "p90": 13270.9,
                "within_target_share": { "300": 0.143, "3600": 0.647 },   // share of ALL leads answered within the target
                "within_target_share_ci": { "300": [0.132736, 0.154449], "3600": [0.632055, 0.661663] },
                "histogram": [ { "bin": "0–1m", "count": 44, "share": 0.011 }, ... ]   // share of answered leads
              },
            """,
        ["time_to_conversion_seconds"] = """
              "time_to_conversion_seconds": {     // creation to won, won leads only
                "count": 576, "mean": ..., "p50": ..., "p90": ...,
                "histogram": [ ... ],
                "time_in_stage": [ { "stage": "New", "count": 3825, "mean": ..., "p50": ..., "p90": ... }, ... ]
              },
            """,
        ["sales_cycle_seconds"] = """
              "sales_cycle_seconds": { "won": { "count", "mean", "p50", "p90" }, "lost": { ... }, "closed_without_start": 0 },
                                                   // from sales_cycle_from to closing; closed_without_start: closed leads that never
                                                   // reached that stage (in neither distribution; always 0 from "created")
            """,
        ["revenue"] = """
              "revenue": 3669603.25,               // per revenue_basis: revenue.csv of the scope's leads, or won_value
            """,
        ["won_value"] = """
              "won_value": 3096233,                // sum of the deal values (leads.csv value) of won leads
            """,
        ["average_deal_value"] = """
              "average_deal_value": 5375.40,       // won_value / won leads with a value
            """,
        ["cost"] = """
              "cost": 478697.39,                   // every cost category; null without costs.csv, and for owner/attribute groups
            """,
        ["has_cost_data"] = """
              "has_cost_data": true,               // false when no cost row landed in the scope: then CPL, CAC, ROI, ROAS are null
                                                   // ("no cost data", not free); null where cost is null
            """,
        ["cost_by_category"] = """
              "cost_by_category": { "media": 310000.5, "team_time": 120000, "tooling": 48696.89, "other": 0 },   // null where cost is null
            """,
        ["cost_per_lead"] = """
              "cost_per_lead": 89.67,              // media cost / leads
            """,
        ["customer_acquisition_cost"] = """
              "customer_acquisition_cost": 824.82, // (media + team time) cost / won leads
            """,
        ["roi"] = """
              "roi": 6.67,                         // (revenue - all cost) / all cost, a fraction
            """,
        ["roas"] = """
              "roas": 10.23,                       // revenue / media cost
            """,
        ["lifetime_value"] = """
              "lifetime_value": 6803.49,           // realized revenue per customer over lifetime_value_months; null without revenue.csv
            """,
        ["customer_revenue"] = """
              "customer_revenue": 3669603.25,      // payments of won leads at or after creation; null without revenue.csv
            """,
        ["non_customer_revenue"] = """
              "non_customer_revenue": 0.00,        // revenue - customer_revenue (lost/open leads, before creation); null without revenue.csv
            """,
        ["gross_profit"] = """
              "gross_profit": 1284361.14,          // revenue × margin; null without --margin
            """,
        ["roi_on_margin"] = """
              "roi_on_margin": 1.68,               // (gross_profit - all cost) / all cost; null without --margin or cost data
            """,
        ["undefined"] = "",
        ["lifetime_value_detail"] = """
              "lifetime_value_detail": {           // what lifetime_value is computed from; null without revenue.csv
                "customers": 576,                  // won leads of the scope
                "months": [ { "month": 0, "customers_observed": 560, "revenue": 1500123.5 }, ... ]   // one per month since winning, 0 … lifetime_value_months − 1
              },
            """,
        ["score"] = """
              "score": {                           // null without --scoring
                "count": 4000, "mean": 34.735, "mean_fit": 28.795, "mean_engagement": 5.855,   // points (exact decimals)
                "grades": { "Hot": 790, "Warm": 1611, "Cold": 1599 },                          // in the model's grade order
                "grade_share_ci": { "Hot": [0.185455, 0.210125], ... }                           // interval of each grade's share of count
              },
            """,
        ["maturity"] = """
              "maturity": {                        // trend periods only (null elsewhere): the cohort's maturity at as_of
                "open_share": 0.5286, "youngest_age_seconds": 8357, "typical_close_seconds": 3699308.27, "mature": false
              },
            """,
        ["customers_won_in_period"] = """
              "customers_won_in_period": 46,       // trend periods with costs.csv: leads won in the period (null elsewhere)
            """,
        ["spend_acquisition_cost"] = """
              "spend_acquisition_cost": 706.68,    // (media + team time) cost in the period / customers_won_in_period; null as above
            """,
        ["converted_within"] = """
              "converted_within": {                // Kaplan-Meier, open leads censored at as_of; null without leads
                "7": { "share": 0, "ci": null, "mature": false },
                "30": { "share": 0.103222, "ci": [0.093979, 0.113315], "mature": false },   // mature: every lead at least 30 days old
                "90": null                         // no lead observed that long
              },
              "conversion_curve": [ { "days": 1, "converted": 0, "ci": null, "mature": false }, ... ]   // while observed
            """,
    };

    /// <summary>The console's total table, top to bottom.</summary>
    public static readonly IReadOnlyList<ViewLine> ConsoleTotal =
    [
        ViewLine.Of(Leads), ViewLine.Of(Won), ViewLine.Of(Lost), ViewLine.Of(Open),
        ViewLine.Of(ConversionRate, r => $"conversion rate ({RateIntervals.Level(r.Confidence)} interval)", (k, r) => RateIntervals.Text(k.ConversionRate, RateIntervals.Conversion(k, r.Confidence))),
        ViewLine.Of(WinRate, r => $"win rate ({RateIntervals.Level(r.Confidence)} interval)", (k, r) => RateIntervals.Text(k.WinRate, RateIntervals.WinRate(k, r.Confidence))),
        ViewLine.Custom((k, _) => [("answered / unanswered", k.ResponseTime is { } rt ? $"{Format.Count(rt.Count)} / {Format.Count(rt.Unanswered)}" : Format.NotAvailable)]),
        ViewLine.Of(ResponseMean), ViewLine.Of(ResponseP50), ViewLine.Of(ResponseP90),
        ViewLine.Custom(WithinTargets),
        ViewLine.Of(ConversionP50), ViewLine.Of(ConversionP90),
        ViewLine.Of(CycleWonP50, r => $"sales cycle{Format.CycleFrom(r)} (won) p50"),
        ViewLine.Of(CycleLostP50, r => $"sales cycle{Format.CycleFrom(r)} (lost) p50"),
        ViewLine.Custom((k, r) => k.SalesCycle is { ClosedWithoutStart: > 0 } cycle ? [($"closed without reaching {r.SalesCycleFrom}", Format.Count(cycle.ClosedWithoutStart))] : []),
        ViewLine.Of(WonValue), ViewLine.Of(Revenue, RevenueLabel), ViewLine.Of(AverageDealValue),
        ViewLine.Of(Cost), ViewLine.Of(CostPerLead), ViewLine.Of(AcquisitionCost), ViewLine.Of(Roi), ViewLine.Of(Roas),
        ViewLine.Of(LifetimeValue, LifetimeValueLabel),

        // Issue 16 item 4: the part of the revenue that customers paid, as lifetime value counts it.
        ViewLine.Of(CustomerRevenue, when: Realized), ViewLine.Of(NonCustomerRevenue, when: Realized),
        ViewLine.Of(GrossProfit, GrossProfitLabel, r => r.Margin is not null), ViewLine.Of(RoiOnMargin, when: r => r.Margin is not null),
        ViewLine.Custom((k, r) => r.ScoringModel is null ? []
            : [(ScoreMean.Label, k.Score is { } sc ? $"{Format.Number((double?)sc.Mean)} (fit {Format.Number((double?)sc.MeanFit)}, engagement {Format.Number((double?)sc.MeanEngagement)})" : Format.NotAvailable)]),
        ViewLine.Custom((k, _) => k.Score is { } score ? [("grades", string.Join(", ", score.Grades.Select(g => $"{g.Grade} {Format.Count(g.Count)}")))] : []),
    ];

    /// <summary>The HTML summary's cards, in order.</summary>
    public static readonly IReadOnlyList<ViewLine> HtmlSummary =
    [
        ViewLine.Of(Leads), ViewLine.Of(Won), ViewLine.Of(Lost), ViewLine.Of(Open),
        ViewLine.Of(ConversionRate, _ => ConversionRate.Label, (k, r) => RateIntervals.Text(k.ConversionRate, RateIntervals.Conversion(k, r.Confidence))),
        ViewLine.Of(WinRate, _ => WinRate.Label, (k, r) => RateIntervals.Text(k.WinRate, RateIntervals.WinRate(k, r.Confidence))),
        ViewLine.Of(ResponseP50), ViewLine.Of(ConversionP50),
        ViewLine.Of(CycleWonP50, r => $"sales cycle{Format.CycleFrom(r)} (won) p50"),
        ViewLine.Of(WonValue), ViewLine.Of(AverageDealValue), ViewLine.Of(Revenue, RevenueLabel),
        ViewLine.Of(Cost), ViewLine.Of(CostPerLead), ViewLine.Of(AcquisitionCost, _ => "acquisition cost"), ViewLine.Of(Roi),
        ViewLine.Of(LifetimeValue, LifetimeValueLabel),
        ViewLine.Of(CustomerRevenue, when: Realized),
        ViewLine.Of(GrossProfit, GrossProfitLabel, r => r.Margin is not null), ViewLine.Of(RoiOnMargin, when: r => r.Margin is not null),
        ViewLine.Of(ScoreMean),
    ];

    private static bool Realized(ReportModel r) => r.RevenueBasis == "realized";

    private static string RevenueLabel(ReportModel r) => Realized(r) ? "revenue (realized)" : "revenue (won deal value)";

    private static string LifetimeValueLabel(ReportModel r) => $"lifetime value ({r.LifetimeValueMonths} months)";

    private static string GrossProfitLabel(ReportModel r) => $"gross profit (margin {r.Margin!.Value.ToString("0.##%", CultureInfo.InvariantCulture)})";

    private static IEnumerable<(string, string)> WithinTargets(ReportKpis k, ReportModel r) =>
        k.ResponseTime is not { } rt ? []
            : rt.WithinTargetShare.Select(t => ($"answered within {Format.Target(t.TargetSeconds)}", RateIntervals.Text(t.Share, RateIntervals.WithinTarget(k, t.TargetSeconds, r.Confidence))));
}
