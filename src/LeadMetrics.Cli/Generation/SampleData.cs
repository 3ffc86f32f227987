using System.Globalization;
using System.Text;
using NodaTime;
using NodaTime.Text;

namespace LeadMetrics.Cli.Generation;

/// <summary>Options of the synthetic data generator.</summary>
internal sealed record GeneratorOptions
{
    public int Leads { get; init; } = 5000;

    public int Seed { get; init; } = 1;

    public LocalDate Start { get; init; } = new(2024, 1, 1);

    public int Days { get; init; } = 365;

    public GeneratedFormat Format { get; init; } = GeneratedFormat.Csv;
}

/// <summary>Row counts of a generated data set.</summary>
internal sealed record GeneratedCounts(int Leads, int Stages, int Touchpoints, int Costs, int Revenue);

/// <summary>
/// Generates a realistic synthetic data set (all five files) from a seed: sources of different volume, quality,
/// deal size and cost; reps of different speed, who are slower at peak hours; seasonality by month, weekday and
/// hour; faster answers closing more often; leads still open at the end of the data; repeat revenue after a win.
/// The same options give byte-identical files (System.Random with a seed is deterministic).
/// </summary>
internal static class SampleData
{
    public static readonly string[] FileNames = ["leads.csv", "stages.csv", "touchpoints.csv", "costs.csv", "revenue.csv"];

    // name, volume weight, base win probability, median deal value, daily media cost, campaigns, cost per day is spread over campaigns
    private static readonly SourceProfile[] Sources =
    [
        new("website", 0.22, 0.16, 2400, 40, ["seo", "blog"]),
        new("google_ads", 0.20, 0.11, 2600, 260, ["brand_search", "generic_search"]),
        new("facebook", 0.24, 0.04, 1500, 180, ["lookalike", "retargeting"]),
        new("linkedin", 0.10, 0.17, 6200, 320, ["sponsored_posts", "inmail"]),
        new("webinar", 0.09, 0.19, 3900, 90, ["monthly_webinar"]),
        new("partner", 0.08, 0.27, 4800, 0, ["reseller"]),
        new("conference", 0.04, 0.14, 7400, 0, ["expo_spring", "expo_autumn"]),
        new(string.Empty, 0.03, 0.06, 2000, 0, [string.Empty]),
    ];

    // name, median response in minutes, share of leads assigned
    private static readonly (string Name, double MedianMinutes, double Weight)[] Reps =
    [
        ("dana", 4, 0.24), ("eli", 25, 0.22), ("noa", 90, 0.18), ("omer", 8, 0.20), ("yael", 45, 0.16),
    ];

    private static readonly double[] MonthWeight = [1.15, 1.1, 1.2, 1.0, 0.95, 0.9, 0.75, 0.6, 1.05, 1.15, 1.2, 0.85];
    private static readonly string[] Industries = ["software", "retail", "finance", "healthcare", "manufacturing", "education"];
    private static readonly string[] Roles = ["founder", "vp_sales", "marketing_manager", "it_manager", "analyst", "student"];

    public static GeneratedCounts Generate(GeneratorOptions options, string directory)
    {
        Directory.CreateDirectory(directory);
        var rng = new Random(options.Seed);
        var zone = DateTimeZone.Utc;
        var start = options.Start.AtStartOfDayInZone(zone).ToInstant();
        var end = options.Start.PlusDays(options.Days).AtStartOfDayInZone(zone).ToInstant();
        var c = CultureInfo.InvariantCulture;

        var format = options.Format;
        using var leads = GeneratedTable.Create(format, directory, "leads",
            ("lead_id", CellType.Text), ("created_at", CellType.Instant), ("source", CellType.Text), ("campaign", CellType.Text), ("owner", CellType.Text),
            ("first_response_at", CellType.Instant), ("won_at", CellType.Instant), ("lost_at", CellType.Instant), ("value", CellType.Money0),
            ("company_size", CellType.Int), ("industry", CellType.Text), ("role", CellType.Text), ("budget", CellType.Real));
        using var stages = GeneratedTable.Create(format, directory, "stages", ("lead_id", CellType.Text), ("stage", CellType.Text), ("at", CellType.Instant));
        using var touches = GeneratedTable.Create(format, directory, "touchpoints",
            ("lead_id", CellType.Text), ("at", CellType.Instant), ("channel", CellType.Text), ("campaign", CellType.Text), ("kind", CellType.Text), ("direction", CellType.Text), ("actor", CellType.Text));
        using var costs = GeneratedTable.Create(format, directory, "costs",
            ("date", CellType.Date), ("from", CellType.Date), ("to", CellType.Date), ("source", CellType.Text), ("campaign", CellType.Text), ("amount", CellType.Money2), ("category", CellType.Text));
        using var revenue = GeneratedTable.Create(format, directory, "revenue", ("lead_id", CellType.Text), ("at", CellType.Instant), ("amount", CellType.Money2));
        int stageRows = 0, touchRows = 0, costRows = 0, revenueRows = 0;

        // Creation instants: days by month and weekday weight, hours by a business-hours curve; sorted.
        var created = new Instant[options.Leads];
        var dayWeights = new double[options.Days];
        for (var d = 0; d < options.Days; d++)
        {
            var date = options.Start.PlusDays(d);
            var weekday = date.DayOfWeek is IsoDayOfWeek.Saturday or IsoDayOfWeek.Sunday ? 0.35 : 1.0;
            dayWeights[d] = MonthWeight[date.Month - 1] * weekday * (1 + (0.15 * Math.Sin(d / 9.0)));
        }

        var dayCumulative = Cumulative(dayWeights);
        for (var i = 0; i < created.Length; i++)
        {
            var day = Pick(dayCumulative, rng.NextDouble());
            var hour = BusinessHour(rng);
            created[i] = start + Duration.FromDays(day) + Duration.FromSeconds((long)(hour * 3600));
        }

        Array.Sort(created);
        var sourceCumulative = Cumulative([.. Sources.Select(s => s.Weight)]);
        var repCumulative = Cumulative([.. Reps.Select(r => r.Weight)]);
        for (var i = 0; i < created.Length; i++)
        {
            var id = string.Create(c, $"L{i + 1:000000}");
            var at = created[i];
            var source = Sources[Pick(sourceCumulative, rng.NextDouble())];
            var campaign = source.Campaigns[rng.Next(source.Campaigns.Length)];
            var rep = Reps[Pick(repCumulative, rng.NextDouble())];
            var hourOfDay = at.InUtc().Hour;
            var peak = hourOfDay is >= 10 and < 13 ? 2.2 : 1.0;

            // ICP attributes: better sources bring bigger, better-fitting companies.
            var size = (int)Math.Round(LogNormal(rng, source.WinRate > 0.15 ? 180 : 40, 1.1));
            var industry = Industries[rng.Next(Industries.Length)];
            var role = Roles[Math.Min(Roles.Length - 1, (int)(rng.NextDouble() * Roles.Length * (source.WinRate > 0.15 ? 0.7 : 1.0)))];
            var budget = Math.Round(LogNormal(rng, source.DealValue * 1.3, 0.6) / 100) * 100;

            // Response: most leads are answered, at the rep's speed, slower at peak hours.
            Instant? response = null;
            if (rng.NextDouble() > 0.06)
            {
                var minutes = LogNormal(rng, rep.MedianMinutes * peak, 0.9);
                var r = at + Duration.FromSeconds((long)Math.Max(20, minutes * 60));
                if (r < end)
                {
                    response = r;
                }
            }

            // Outcome: source quality, fit and speed of response (answered within five minutes closes far more often).
            var speed = response is { } resp ? ((resp - at).TotalMinutes <= 5 ? 2.2 : (resp - at).TotalMinutes <= 60 ? 1.0 : 0.55) : 0.15;
            var fit = (size > 100 ? 1.3 : 0.9) * (role is "founder" or "vp_sales" ? 1.25 : role == "student" ? 0.4 : 1.0);
            var winProbability = Math.Min(0.85, source.WinRate * speed * fit);

            // Funnel: New at creation, then Working, Qualified, Proposal, each reached with a probability, each taking days.
            var history = new List<(string Stage, Instant At)> { ("New", at) };
            var t = response ?? at + Duration.FromHours(LogNormal(rng, 20, 0.8));
            var willWin = rng.NextDouble() < winProbability;
            var reachProbabilities = willWin ? new[] { 1.0, 1.0, 1.0 } : new[] { 0.8, 0.45, 0.5 };
            string[] openStages = ["Working", "Qualified", "Proposal"];
            var stillOpen = false;
            var reachedAll = true;
            for (var s = 0; s < openStages.Length; s++)
            {
                if (rng.NextDouble() > reachProbabilities[s])
                {
                    reachedAll = false;
                    break;
                }

                t += Duration.FromHours(s == 0 ? LogNormal(rng, 2, 1.0) : LogNormal(rng, 24 * (3 + (2 * s)), 0.7));
                if (t >= end)
                {
                    stillOpen = true;
                    break;
                }

                history.Add((openStages[s], t));
            }

            Instant? won = null, lost = null;
            decimal? value = null;
            if (!stillOpen)
            {
                t += Duration.FromHours(LogNormal(rng, 24 * (willWin ? 9 : 6), 0.7));
                var closes = willWin ? reachedAll : rng.NextDouble() < 0.75;
                if (closes && t < end)
                {
                    if (willWin)
                    {
                        won = t;
                        value = Math.Round((decimal)LogNormal(rng, source.DealValue * (size > 100 ? 1.4 : 1.0), 0.5), 0);
                        history.Add(("ClosedWon", t));
                    }
                    else
                    {
                        lost = t;
                        history.Add(("ClosedLost", t));
                    }
                }
            }

            leads.Text(id);
            leads.Time(at);
            leads.Text(source.Name);
            leads.Text(campaign);
            leads.Text(rep.Name);
            leads.Time(response);
            leads.Time(won);
            leads.Time(lost);
            leads.Money(value);
            leads.Int(size);
            leads.Text(industry);
            leads.Text(role);
            leads.Real(budget);
            leads.EndRow();

            foreach (var (stage, when) in history)
            {
                stages.Text(id);
                stages.Text(stage);
                stages.Time(when);
                stages.EndRow();
                stageRows++;
            }

            // Touchpoints: the inbound form, the rep's first outbound contact, a meeting for leads that got to Qualified.
            Touch(touches, id, at, source.Name.Length == 0 ? "direct" : source.Name, campaign, source.Name == "webinar" ? "webinar" : "form", "inbound", string.Empty);
            touchRows++;
            if (response is { } first)
            {
                Touch(touches, id, first, "phone", string.Empty, rng.NextDouble() < 0.7 ? "call" : "email", "outbound", rep.Name);
                touchRows++;
            }

            foreach (var (stage, when) in history)
            {
                if (stage == "Qualified")
                {
                    Touch(touches, id, when, "video", string.Empty, "meeting", "outbound", rep.Name);
                    touchRows++;
                }
            }

            // Revenue: the deal at the win, then renewals for some customers (lifetime value; webinar and partner customers stay longer).
            if (won is { } wonAt && value is { } deal)
            {
                Revenue(revenue, id, wonAt, deal);
                revenueRows++;
                var stayProbability = source.Name is "webinar" or "partner" ? 0.8 : 0.55;
                var renewal = wonAt + Duration.FromDays(90);
                while (renewal < end && rng.NextDouble() < stayProbability)
                {
                    var amount = Math.Round(deal * 0.25m, 2);
                    Revenue(revenue, id, renewal, amount);
                    revenueRows++;
                    renewal += Duration.FromDays(90);
                }
            }
        }

        // Costs: daily media spend per paid campaign (with seasonality), a fee per conference, monthly team time and tooling.
        for (var d = 0; d < options.Days; d++)
        {
            var date = options.Start.PlusDays(d);
            foreach (var source in Sources.Where(s => s.DailyCost > 0))
            {
                foreach (var campaign in source.Campaigns)
                {
                    var amount = Math.Round((decimal)(source.DailyCost / source.Campaigns.Length * MonthWeight[date.Month - 1] * (0.8 + (0.4 * rng.NextDouble()))), 2);
                    Cost(costs, date, null, null, source.Name, campaign, amount, "media");
                    costRows++;
                }
            }
        }

        foreach (var (campaign, month) in new[] { ("expo_spring", 4), ("expo_autumn", 10) })
        {
            var from = new LocalDate(options.Start.Year, month, 10);
            if (from >= options.Start && from < options.Start.PlusDays(options.Days))
            {
                Cost(costs, null, from, from.PlusDays(2), "conference", campaign, 18000m, "media");
                costRows++;
            }
        }

        for (var month = options.Start.With(DateAdjusters.StartOfMonth); month < options.Start.PlusDays(options.Days); month = month.PlusMonths(1))
        {
            var last = month.With(DateAdjusters.EndOfMonth);
            foreach (var source in Sources.Where(s => s.Name.Length > 0))
            {
                Cost(costs, null, month, last, source.Name, string.Empty, source.Name == "partner" ? 2500m : 1200m, "team_time");
                costRows++;
            }

            Cost(costs, null, month, last, "website", string.Empty, 300m, "tooling");
            costRows++;
        }

        return new GeneratedCounts(options.Leads, stageRows, touchRows, costRows, revenueRows);
    }

    private static void Touch(GeneratedTable t, string id, Instant at, string channel, string campaign, string kind, string direction, string actor)
    {
        t.Text(id);
        t.Time(at);
        t.Text(channel);
        t.Text(campaign);
        t.Text(kind);
        t.Text(direction);
        t.Text(actor);
        t.EndRow();
    }

    private static void Revenue(GeneratedTable t, string id, Instant at, decimal amount)
    {
        t.Text(id);
        t.Time(at);
        t.Money(amount);
        t.EndRow();
    }

    private static void Cost(GeneratedTable t, LocalDate? date, LocalDate? from, LocalDate? to, string source, string campaign, decimal amount, string category)
    {
        t.Date(date);
        t.Date(from);
        t.Date(to);
        t.Text(source);
        t.Text(campaign);
        t.Money(amount);
        t.Text(category);
        t.EndRow();
    }

    private static double[] Cumulative(double[] weights)
    {
        var total = weights.Sum();
        var result = new double[weights.Length];
        var sum = 0.0;
        for (var i = 0; i < weights.Length; i++)
        {
            sum += weights[i] / total;
            result[i] = sum;
        }

        result[^1] = 1.0;
        return result;
    }

    private static int Pick(double[] cumulative, double u)
    {
        var i = Array.BinarySearch(cumulative, u);
        return Math.Min(cumulative.Length - 1, i >= 0 ? i : ~i);
    }

    private static double BusinessHour(Random rng)
    {
        // Most leads arrive 8:00-18:00 with a late-morning peak; some in the evening and at night.
        var u = rng.NextDouble();
        if (u < 0.12)
        {
            return 18 + (rng.NextDouble() * 6);
        }

        if (u < 0.17)
        {
            return rng.NextDouble() * 8;
        }

        var h = 8 + (10 * Beta25(rng));
        return Math.Min(17.99, h);
    }

    private static double Beta25(Random rng)
    {
        // A hump between 0 and 1 peaking around 0.3 (late morning): the lowest of two uniforms, mixed with a uniform.
        var a = Math.Min(rng.NextDouble(), rng.NextDouble());
        return (0.7 * a) + (0.3 * rng.NextDouble());
    }

    private static double LogNormal(Random rng, double median, double sigma)
    {
        var u1 = 1.0 - rng.NextDouble();
        var u2 = rng.NextDouble();
        var z = Math.Sqrt(-2.0 * Math.Log(u1)) * Math.Cos(2.0 * Math.PI * u2);
        return median * Math.Exp(sigma * z);
    }

    private sealed record SourceProfile(string Name, double Weight, double WinRate, double DealValue, double DailyCost, string[] Campaigns);
}
