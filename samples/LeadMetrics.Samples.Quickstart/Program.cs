using System.Globalization;
using LeadMetrics;
using NodaTime;

// A small, realistic data set built in code: three sources, two reps, a week of leads.
var p = Pipeline.Default;
var start = Instant.FromUtc(2024, 3, 4, 8, 0);
var leads = new List<Lead>();
string[] sources = ["website", "linkedin", "facebook"];
string[] reps = ["dana", "eli"];
for (var i = 0; i < 60; i++)
{
    var id = new LeadId($"L-{i + 1:000}");
    var created = start + Duration.FromMinutes(97 * i);
    var source = sources[i % 3];
    var response = created + Duration.FromMinutes(source == "facebook" ? 95 : 4 + (i % 7));
    var history = new List<StageTransition> { new(id, null, p["New"], created) };
    if (i % 2 == 0)
    {
        history.Add(new(id, p["New"], p["Qualified"], created + Duration.FromDays(2)));
        var close = i % 6 == 0 ? p["ClosedWon"] : p["ClosedLost"];
        history.Add(new(id, p["Qualified"], close, created + Duration.FromDays(9)));
    }

    leads.Add(new Lead(
        id,
        created,
        source: source,
        owner: reps[i % 2],
        firstResponseAt: response,
        stageHistory: history,
        dealValue: history[^1].To == p.Won ? new Money(1200m + (10 * i), "USD") : null));
}

Console.WriteLine("source      leads  won  lost  open");
foreach (var group in leads.GroupBy(l => l.Source ?? "(none)").OrderBy(g => g.Key, StringComparer.Ordinal))
{
    Console.WriteLine(string.Create(
        CultureInfo.InvariantCulture,
        $"{group.Key,-10} {group.Count(),6} {group.Count(l => l.Outcome == LeadOutcome.Won),4} {group.Count(l => l.Outcome == LeadOutcome.Lost),5} {group.Count(l => l.Outcome == LeadOutcome.Open),5}"));
}
