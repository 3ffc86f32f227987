#:project ../../src/LeadMetrics/LeadMetrics.csproj
#:package Sylvan.Data.Csv

// The weekly review, as a .NET 10 file-based app: `dotnet run samples/scripts/weekly-review.cs [data-folder]`.
// Reads leads.csv and stages.csv (the bundled sample set by default), then prints this week against last week,
// the KPIs that are off target this week, response time by rep, and win rates by rep adjusted for each rep's lead
// mix. All KPI math is the library's (LeadKpiSet, TargetSet, RepComparisonCalculator).
using System.Globalization;
using LeadMetrics;
using LeadMetrics.Calculators;
using LeadMetrics.Encoding;
using LeadMetrics.Grouping;
using LeadMetrics.Performance;
using LeadMetrics.Records;
using LeadMetrics.Targets;
using NodaTime;
using NodaTime.Text;
using Sylvan.Data.Csv;

var scriptDir = AppContext.GetData("EntryPointFileDirectoryPath") as string ?? Directory.GetCurrentDirectory();
var dataDir = args.Length > 0 ? args[0] : Path.GetFullPath(Path.Combine(scriptDir, "..", "data"));
var zone = DateTimeZone.Utc;
var currency = Currency.Usd;
var pipeline = Pipeline.Default;
var c = CultureInfo.InvariantCulture;

// 1. Read the files (Sylvan.Data.Csv; ISO 8601 instants as the sample set writes them).
var stagesByLead = new Dictionary<string, List<(Stage Stage, Instant At)>>();
using (var stages = CsvDataReader.Create(Path.Combine(dataDir, "stages.csv")))
{
    while (stages.Read())
    {
        var id = stages.GetString(stages.GetOrdinal("lead_id"));
        if (!stagesByLead.TryGetValue(id, out var list))
        {
            stagesByLead[id] = list = [];
        }

        list.Add((pipeline[stages.GetString(stages.GetOrdinal("stage"))], ParseInstant(stages.GetString(stages.GetOrdinal("at")))!.Value));
    }
}

var leads = new List<Lead>();
using (var csv = CsvDataReader.Create(Path.Combine(dataDir, "leads.csv")))
{
    while (csv.Read())
    {
        var id = new LeadId(csv.GetString(csv.GetOrdinal("lead_id")));
        var history = new List<StageTransition>();
        Stage? previous = null;
        foreach (var (stage, at) in stagesByLead.GetValueOrDefault(id.Value) ?? [])
        {
            history.Add(new StageTransition(id, previous, stage, at));
            previous = stage;
        }

        var value = csv.GetString(csv.GetOrdinal("value"));
        leads.Add(new Lead(
            id,
            ParseInstant(csv.GetString(csv.GetOrdinal("created_at")))!.Value,
            source: csv.GetString(csv.GetOrdinal("source")),
            campaign: csv.GetString(csv.GetOrdinal("campaign")),
            owner: csv.GetString(csv.GetOrdinal("owner")),
            firstResponseAt: ParseInstant(csv.GetString(csv.GetOrdinal("first_response_at"))),
            stageHistory: history,
            wonAt: ParseInstant(csv.GetString(csv.GetOrdinal("won_at"))),
            lostAt: ParseInstant(csv.GetString(csv.GetOrdinal("lost_at"))),
            dealValue: value.Length == 0 ? null : new Money(decimal.Parse(value, c), currency)));
    }
}

// 2. This week and last week: the last full ISO week of the data, and the one before.
var lastCreated = leads.Max(l => l.CreatedAt).InZone(zone).Date;
var thisWeekStart = lastCreated.With(DateAdjusters.PreviousOrSame(IsoDayOfWeek.Monday));
if (lastCreated.DayOfWeek != IsoDayOfWeek.Sunday)
{
    thisWeekStart = thisWeekStart.PlusWeeks(-1); // the data's last week is not complete yet
}

var lastWeekStart = thisWeekStart.PlusWeeks(-1);
var byWeek = new LeadGrouping(GroupDimension.None, TimeBucket.IsoWeek, zone);
var byRep = new LeadGrouping(GroupDimension.Owner, TimeBucket.None, zone);
var options = new KpiOptions(pipeline, currency);
var encoding = new LeadEncoding();

var weekly = LeadKpiSet.Create(options, byWeek);
weekly.AddRange(leads, encoding);
var weeks = weekly.Snapshot().For(byWeek).Groups;
var thisWeek = weeks.Single(g => g.Key.PeriodStart == thisWeekStart).Result;
var lastWeek = weeks.Single(g => g.Key.PeriodStart == lastWeekStart).Result;

Console.WriteLine($"Weekly review: week of {thisWeekStart:yyyy-MM-dd} against week of {lastWeekStart:yyyy-MM-dd} (leads created in each week; data: {dataDir})");
Console.WriteLine();
Console.WriteLine($"{"KPI",-28}{"this week",14}{"last week",14}{"change",10}");
Row("leads", thisWeek.Leads, lastWeek.Leads, n => n.ToString("N0", c));
Row("won so far", thisWeek.Funnel.Won, lastWeek.Funnel.Won, n => n.ToString("N0", c));
Row("conversion rate", thisWeek.Funnel.ConversionRate, lastWeek.Funnel.ConversionRate, Percent);
Row("response time p50 (min)", (decimal?)thisWeek.ResponseTime.Distribution.P50?.TotalMinutes, (decimal?)lastWeek.ResponseTime.Distribution.P50?.TotalMinutes, d => d.ToString("0.0", c));
Row("answered within 5 min", thisWeek.ResponseTime.WithinTarget[0].Share, lastWeek.ResponseTime.WithinTarget[0].Share, Percent);
Row("unanswered", thisWeek.ResponseTime.Unanswered, lastWeek.ResponseTime.Unanswered, n => n.ToString("N0", c));

// 3. Off-target KPIs this week: the team's targets (levels, and a change against last week), checked by the library.
Console.WriteLine();
Console.WriteLine("Off target this week:");
var targets = new TargetSet<LeadKpis>(
    [
        new KpiTarget<LeadKpis>("answered within 5 min", k => k.ResponseTime.WithinTarget[0].Share, minimum: 0.30m),
        new KpiTarget<LeadKpis>("response time p50 (min)", k => (decimal?)k.ResponseTime.Distribution.P50?.TotalMinutes, maximum: 15m),
        new KpiTarget<LeadKpis>("unanswered share", k => k.Leads == 0 ? null : (decimal)k.ResponseTime.Unanswered / k.Leads, maximum: 0.05m),
        new KpiTarget<LeadKpis>("lead volume vs last week", k => k.Leads, minimumChange: -0.2m),
    ]);
var off = 0;
foreach (var check in targets.Check(thisWeek).Concat(targets.CheckChange(lastWeek, thisWeek)).Where(check => check.IsOffTarget))
{
    off++;
    var bound = check.Status == TargetStatus.BelowMinimum ? ">= " + check.Minimum!.Value.ToString(c) : "<= " + check.Maximum!.Value.ToString(c);
    Console.WriteLine($"  {check.Kpi}: {check.Value!.Value.ToString("0.###", c)} (target {bound})");
}

if (off == 0)
{
    Console.WriteLine("  none");
}

// 4. Response time by rep, over the two weeks.
var twoWeeks = leads.Where(l => l.CreatedAt.InZone(zone).Date >= lastWeekStart && l.CreatedAt.InZone(zone).Date < thisWeekStart.PlusWeeks(1)).ToList();
var reps = LeadKpiSet.Create(options, byRep);
reps.AddRange(twoWeeks, encoding);
Console.WriteLine();
Console.WriteLine($"Response time by rep (both weeks):");
Console.WriteLine($"{"rep",-10}{"leads",7}{"p50 (min)",11}{"p90 (min)",11}{"within 5m",11}{"unanswered",12}");
foreach (var group in reps.Snapshot().For(byRep).Groups.OrderBy(g => g.Result.ResponseTime.Distribution.P50 ?? Duration.MaxValue))
{
    var r = group.Result.ResponseTime;
    Console.WriteLine(
        $"{encoding.Owners.Decode(group.Key.DimensionId),-10}{group.Result.Leads,7}{Minutes(r.Distribution.P50),11}{Minutes(r.Distribution.Quantile(0.9)),11}{Percent(r.WithinTarget[0].Share ?? 0),11}{r.Unanswered,12}");
}

// 5. Win rate by rep, fairly: each rep's wins against what the team's win rate per source predicts for that rep's leads.
var fair = new RepComparisonCalculator(new RepComparisonOptions(GroupDimension.Source));
fair.AddRange(leads, encoding);
var comparison = fair.Snapshot();
Console.WriteLine();
Console.WriteLine($"Win rate by rep, adjusted for lead mix by source (all data; team win rate {(comparison.TeamRate is { } teamRate ? Percent(teamRate) : "–")}):");
Console.WriteLine($"{"rep",-10}{"closed",8}{"won",6}{"win rate",10}{"expected",10}{"index",8}{"adjusted",10}");
foreach (var rep in comparison.Reps.OrderByDescending(r => r.PerformanceIndex ?? 0))
{
    Console.WriteLine(
        $"{(rep.Owner == 0 ? "(none)" : encoding.Owners.Decode(rep.Owner)),-10}{rep.Won + rep.Lost,8}{rep.Won,6}{(rep.Rate is { } r ? Percent(r) : "–"),10}{rep.ExpectedWon.ToString("0.0", c),10}{(rep.PerformanceIndex is { } x ? x.ToString("0.00", c) : "–"),8}{(rep.AdjustedRate is { } a ? Percent(a) : "–"),10}");
}

void Row(string name, decimal? now, decimal? before, Func<decimal, string> format)
{
    var change = now is { } a && before is { } b && b != 0 ? ((a / b) - 1).ToString("+0%;-0%;0%", c) : "–";
    Console.WriteLine($"{name,-28}{(now is { } x ? format(x) : "–"),14}{(before is { } y ? format(y) : "–"),14}{change,10}");
}

static string Percent(decimal d) => d.ToString("0.0%", CultureInfo.InvariantCulture);

static string Minutes(Duration? d) => d is { } x ? x.TotalMinutes.ToString("0.0", CultureInfo.InvariantCulture) : "–";

static Instant? ParseInstant(string text) => text.Length == 0 ? null : InstantPattern.ExtendedIso.Parse(text).Value;
