using System.Globalization;
using LeadMetrics;
using LeadMetrics.Calculators;
using LeadMetrics.Encoding;
using LeadMetrics.Grouping;
using LeadMetrics.Records;
using NodaTime;

// A small, realistic week of leads built in code: four sources with different speed and quality,
// three reps, a business in Tel Aviv. Then every lead KPI, in total and by source, in one pass.
var zone = DateTimeZoneProviders.Tzdb["Asia/Jerusalem"];
var p = Pipeline.Default;
var random = new Random(2024);
var start = new LocalDateTime(2024, 3, 3, 8, 0).InZoneStrictly(zone).ToInstant();
(string Name, double WinShare, int ResponseMinutes, decimal DealValue)[] sources =
[
    ("website", 0.25, 6, 4_000m), ("linkedin", 0.35, 15, 9_000m), ("facebook", 0.08, 95, 1_500m), ("webinar", 0.30, 30, 12_000m),
];
string[] reps = ["dana", "eli", "noa"];

var leads = new List<Lead>();
for (var i = 0; i < 240; i++)
{
    var id = new LeadId($"L-{i + 1:0000}");
    var source = sources[i % sources.Length];
    var created = start + Duration.FromMinutes(random.Next(7 * 24 * 60));
    Instant? response = random.NextDouble() < 0.9 ? created + Duration.FromMinutes(1 + random.Next(2 * source.ResponseMinutes)) : null;
    var history = new List<StageTransition> { new(id, null, p["New"], created) };
    var at = created;
    var furthest = random.Next(p.OpenStageCount);
    for (var s = 1; s <= furthest; s++)
    {
        at += Duration.FromHours(4 + random.Next(72));
        history.Add(new(id, history[^1].To, p.Stages[s], at));
    }

    var roll = random.NextDouble();
    Money? value = null;
    if (roll < source.WinShare)
    {
        history.Add(new(id, history[^1].To, p.Won, at + Duration.FromDays(1 + random.Next(20))));
        value = new Money(source.DealValue * (0.5m + (decimal)random.NextDouble()), "USD").RoundToMinorUnit();
    }
    else if (roll < 0.8)
    {
        history.Add(new(id, history[^1].To, p["ClosedLost"], at + Duration.FromDays(1 + random.Next(10))));
    }

    leads.Add(new Lead(id, created, source.Name, owner: reps[random.Next(reps.Length)], firstResponseAt: response, stageHistory: history, dealValue: value));
}

// Encode once, then compute every KPI for the total and per source in one pass.
var encoding = new LeadEncoding();
var kpis = LeadKpiSet.Create(new KpiOptions(currency: Currency.Usd), LeadGrouping.Total, LeadGrouping.BySource);
kpis.AddRange(leads, encoding);
var result = kpis.Snapshot();

// KpiFormat prints values as a report does: 12.3%, 7m 30s, 2.5h, 18,698.50 USD, and "–" where a KPI is undefined.
var c = CultureInfo.InvariantCulture;
string Pct(decimal? x) => KpiFormat.Rate(x);
string Dur(Duration? d) => KpiFormat.Duration(d);

Console.WriteLine("group      leads  won  lost  open  conv.   win rate  resp p50  <=5 min  to-won p50      won value");
void Row(string name, LeadKpis k) => Console.WriteLine(string.Create(c,
    $"{name,-10} {k.Leads,5} {k.Funnel.Won,4} {k.Funnel.Lost,5} {k.Funnel.Open,5}  {Pct(k.Funnel.ConversionRate),6}  {Pct(k.Funnel.WinRate),8}  {Dur(k.ResponseTime.Distribution.P50),8}  {Pct(k.ResponseTime.WithinTarget[0].Share),7}  {Dur(k.TimeToConversion.Distribution.P50),10}  {KpiFormat.Money(k.WonValue),14}"));

Row("total", result.Total());
foreach (var group in result.For(LeadGrouping.BySource).Groups)
{
    Row(group.Key.Label(encoding), group.Result);
}

Console.WriteLine();
Console.WriteLine("funnel (total): " + string.Join("  ", result.Total().Funnel.Stages.Select(s => $"{s.Stage.Name} {s.Reached} ({Pct(s.ConversionFromPrevious)})")));
