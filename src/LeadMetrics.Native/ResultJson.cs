using System.Globalization;
using System.Text.Encodings.Web;
using System.Text.Json;
using LeadMetrics.Calculators;
using LeadMetrics.Capacity;
using LeadMetrics.Data;
using LeadMetrics.Data.Reports;
using LeadMetrics.Grouping;
using LeadMetrics.Performance;
using LeadMetrics.Records;
using LeadMetrics.Statistics;
using NodaTime;

namespace LeadMetrics.Native;

/// <summary>
/// Writes a KPI set's snapshot with the names of the CLI's JSON contract (docs/cli.md, <c>schema_version</c> 1):
/// durations in seconds, rates as fractions, money as exact decimal numbers, undefined values as null. The sections
/// a KPI set over leads and stages cannot compute (costs, realized revenue, lifetime value, scores) are null, as in the
/// CLI's report without those files; revenue is the won deal value (<c>revenue_basis</c> "won_deal_value").
/// </summary>
internal static class ResultJson
{
    private static readonly JsonWriterOptions Options = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    public static byte[] Snapshot(KpiSession session)
    {
        var o = session.Options;
        var snapshot = session.Set.Snapshot();
        using var ms = new MemoryStream();
        using (var w = new Utf8JsonWriter(ms, Options))
        {
            w.WriteStartObject();
            w.WriteNumber("abi_version", Exports.Version);
            w.WriteNumber("schema_version", 1);
            w.WriteString("currency", o.Currency.Code);
            w.WriteString("zone", o.Zone.Id);
            w.WriteString("revenue_basis", o.Revenue ? "realized" : "won_deal_value");
            JsonValues.Amount(w, "margin", o.Margin);
            if (o.Money)
            {
                w.WriteNumber("lifetime_value_months", o.LifetimeValueMonths);
            }

            // Without costs and revenue, gross profit is the won value × the margin (the command's rule).
            var wonMargin = o.Money ? null : o.Margin;
            w.WriteStartArray("group_by");
            foreach (var (label, _) in o.By)
            {
                w.WriteStringValue(label);
            }

            w.WriteEndArray();
            if (o.Period == TimeBucket.None)
            {
                w.WriteNull("period");
            }
            else
            {
                w.WriteString("period", NativeOptions.PeriodName(o.Period));
            }

            var totalGroups = snapshot.For(session.Groupings[0]).Groups;
            var empty = new LeadKpiCalculator(o.Kpi).Snapshot();
            var total = totalGroups.Length == 1 ? totalGroups[0].Result : empty;

            // The money KPIs of every scope (null without the costs / revenue options), and the groups that have cost but
            // no lead (leads 0), as the command's report adds them.
            var money = session.SnapshotMoney(g => snapshot.For(g).Groups.Select(x => x.Key));
            MoneyKpis? MoneyOf(LeadGrouping grouping, GroupKey key) =>
                money is not null && money.ByGrouping.TryGetValue(grouping, out var scopes) && scopes.TryGetValue(key, out var m) ? m : null;
            List<(GroupKey Key, LeadKpis Result)> Scopes(LeadGrouping grouping)
            {
                var list = snapshot.For(grouping).Groups.Select(g => (g.Key, g.Result)).ToList();
                if (money is not null && money.ByGrouping.TryGetValue(grouping, out var scopes))
                {
                    var known = list.Select(g => g.Key).ToHashSet();
                    list.AddRange(scopes.Keys.Where(k => !known.Contains(k)).Select(k => (k, empty)));
                }

                return list;
            }

            var totalKey = totalGroups.Length == 1 ? totalGroups[0].Key
                : money?.ByGrouping[session.Groupings[0]].Keys.FirstOrDefault();

            // Cohort maturity of the trend periods, as the CLI assesses it (docs/metrics.md, "Cohort maturity"): as of the
            // last instant observed in the leads, against the typical time to close (the total's p90 time to conversion).
            var cohorts = session.Maturity?.Snapshot();
            Instant? asOf = session.LastObserved == long.MinValue ? null : Instant.FromUnixTimeTicks(session.LastObserved);
            Duration? typical = total.TimeToConversion.Distribution.P90?.TotalSeconds is { } p90
                ? Duration.FromTicks((long)Math.Round(p90 * NodaConstants.TicksPerSecond)) : null;
            w.WriteNumber("confidence", ConfidenceInterval.DefaultConfidence);
            if (asOf is { } at)
            {
                w.WriteString("as_of", NodaTime.Text.InstantPattern.ExtendedIso.Format(at));
            }
            else
            {
                w.WriteNull("as_of");
            }

            // Conversion with open leads (options.survival), as of the same instant.
            var survival = session.SnapshotSurvival(asOf);
            Survival? SurvivalOf(LeadGrouping grouping, GroupKey key) => !o.Survival ? null
                : new Survival(survival is not null && survival[grouping].TryGet(key, out var s) ? s : null);

            w.WritePropertyName("total");
            Kpis(w, wonMargin, total, null, null, totalKey is { } tk ? MoneyOf(session.Groupings[0], tk) : null,
                totalKey is { } sk ? SurvivalOf(session.Groupings[0], sk) : SurvivalOf(session.Groupings[0], default));

            var trendGrouping = session.TrendGrouping;
            var trend = trendGrouping is { } tg ? Scopes(tg).OrderBy(g => g.Key.Period).ToList() : [];
            w.WriteStartArray("groups");
            var written = new List<(IReadOnlyList<(string Name, string Value)> Key, LeadKpis Kpis, LeadGrouping? Grouping, GroupKey GroupKey)>();
            foreach (var (label, dimension) in o.By)
            {
                var grouping = new LeadGrouping(dimension, o.Period, o.Zone);
                foreach (var g in Scopes(grouping)
                    .OrderBy(g => g.Key.DimensionLabel(session.Encoding, o.Attribute), StringComparer.Ordinal)
                    .ThenBy(g => g.Key.Period))
                {
                    var key = new List<(string, string)> { (label, g.Key.DimensionLabel(session.Encoding, o.Attribute)) };
                    if (o.Period != TimeBucket.None)
                    {
                        key.Add(("period", g.Key.PeriodLabel));
                    }

                    Kpis(w, wonMargin, g.Result, key, null, MoneyOf(grouping, g.Key), SurvivalOf(grouping, g.Key));
                    written.Add((key, g.Result, grouping, g.Key));
                }
            }

            MaturityKpis? MaturityOf(GroupKey key) => asOf is { } when && cohorts is not null && cohorts.TryGet(key, out var cohort) ? MaturityEngine.Kpis(cohort, when, typical) : null;

            // By period alone, the groups are the trend's periods (with their maturity, as in the command's report).
            if (o.Period != TimeBucket.None && o.By.Count == 0)
            {
                foreach (var g in trend)
                {
                    Kpis(w, wonMargin, g.Result, [("period", g.Key.PeriodLabel)], MaturityOf(g.Key), MoneyOf(trendGrouping!, g.Key), SurvivalOf(trendGrouping!, g.Key));
                }
            }

            w.WriteEndArray();

            // Options trend false: no trend (an empty list, trend_period null).
            if (o.Trend)
            {
                w.WriteString("trend_period", NativeOptions.PeriodName(o.TrendBucket));
            }
            else
            {
                w.WriteNull("trend_period");
            }

            w.WriteStartArray("trend");
            foreach (var g in o.Trend ? trend : [])
            {
                Kpis(w, wonMargin, g.Result, [("period", g.Key.PeriodLabel)], MaturityOf(g.Key), MoneyOf(trendGrouping!, g.Key), SurvivalOf(trendGrouping!, g.Key));
            }

            w.WriteEndArray();
            if (session.Reps is { } reps)
            {
                Reps(w, reps, session);
            }
            else
            {
                // Options reps false: no rep comparison.
                w.WriteNull("reps");
            }

            Capacity(w, session.Capacity?.Snapshot(), session);

            // Revision 4: peak hours and comparisons, by the command's report code (empty / null unless asked for).
            if (session.Sections is { } sections)
            {
                sections.Write(w, written, [.. (o.Trend ? trend : []).Select(g => (g.Key.PeriodLabel, g.Result, MaturityOf(g.Key), g.Key))], trendGrouping);
            }
            else
            {
                w.WriteNull("response_time_by_hour");
                w.WriteNull("response_time_by_weekday");
                w.WriteNull("comparisons");
            }

            w.WriteEndObject();
        }

        return ms.ToArray();
    }

    // The capacity section, written by the report's own model and writer (CapacityModel); null without the option.
    private static void Capacity(Utf8JsonWriter w, CapacityReport? report, KpiSession session) =>
        CapacityModel.WriteJson(w, report is null ? null : CapacityModel.From(report, session.Encoding));

    // The rep comparison, as the CLI writes it.
    private static void Reps(Utf8JsonWriter w, RepComparisonCalculator reps, KpiSession session)
    {
        w.WriteStartObject("reps");
        w.WriteString("mix", "source");
        w.WriteString("basis", "win_rate");
        w.WriteStartArray("reps");
        foreach (var r in reps.Snapshot().Reps)
        {
            w.WriteStartObject();
            w.WriteString("rep", r.Owner == 0 ? "(none)" : session.Encoding.Owners.Decode(r.Owner));
            w.WriteNumber("leads", r.Leads);
            w.WriteNumber("won", r.Won);
            w.WriteNumber("lost", r.Lost);
            JsonValues.Amount(w, "win_rate", r.Rate);
            w.WriteNumber("expected_won", r.ExpectedWon);
            JsonValues.Amount(w, "performance_index", r.PerformanceIndex);
            JsonValues.Amount(w, "adjusted_win_rate", r.AdjustedRate);

            // The CLI's interval of the index (Byar's approximation to the exact Poisson interval) and whether it excludes 1.
            var ci = ConfidenceInterval.Byar(r.Won, r.ExpectedWon);
            JsonValues.Interval(w, "performance_index_ci", ci);
            if (ci is { } index)
            {
                w.WriteBoolean("differs_from_team", index.Lower > 1 || index.Upper < 1);
            }
            else
            {
                w.WriteNull("differs_from_team");
            }
            w.WriteEndObject();
        }

        w.WriteEndArray();
        w.WriteEndObject();
    }
    /// <summary>The leads and stage visits of a data set read by LeadMetrics.Data, as columns (instants in ns, money as exact decimal strings).</summary>
    public static byte[] DataSet(LeadDataSet data)
    {
        var keys = new List<long>();
        var created = new List<long>();
        var response = new List<long?>();
        var won = new List<long?>();
        var lost = new List<long?>();
        var values = new List<string?>();
        var sources = new List<string?>();
        var campaigns = new List<string?>();
        var owners = new List<string?>();
        var stageLead = new List<long>();
        var stageName = new List<string>();
        var stageAt = new List<long>();
        var pipeline = Pipeline.Default;
        long key = 0;
        foreach (var batch in data.ReadBatches())
        {
            for (var i = 0; i < batch.Count; i++)
            {
                var r = batch[i];
                key++;
                keys.Add(key);
                created.Add(r.CreatedAt.ToUnixTimeTicks() * 100);
                response.Add(r.FirstResponseAt?.ToUnixTimeTicks() * 100);
                won.Add(r.Outcome == LeadOutcome.Won ? r.ClosedAt?.ToUnixTimeTicks() * 100 : null);
                lost.Add(r.Outcome == LeadOutcome.Lost ? r.ClosedAt?.ToUnixTimeTicks() * 100 : null);
                values.Add(r.DealValue?.Amount.ToString(CultureInfo.InvariantCulture));
                sources.Add(r.Source == 0 ? null : data.Encoding.Sources.Decode(r.Source));
                campaigns.Add(r.Campaign == 0 ? null : data.Encoding.Campaigns.Decode(r.Campaign));
                owners.Add(r.Owner == 0 ? null : data.Encoding.Owners.Decode(r.Owner));
                foreach (var v in r.Stages.Span)
                {
                    stageLead.Add(key);
                    stageName.Add(pipeline.Stages[v.Stage].Name);
                    stageAt.Add(v.EnteredAt.ToUnixTimeTicks() * 100);
                }
            }
        }

        using var ms = new MemoryStream();
        using (var w = new Utf8JsonWriter(ms, Options))
        {
            w.WriteStartObject();
            w.WriteStartObject("leads");
            Column(w, "lead_key", keys);
            Column(w, "created_at", created);
            Column(w, "source", sources);
            Column(w, "campaign", campaigns);
            Column(w, "owner", owners);
            Column(w, "first_response_at", response);
            Column(w, "won_at", won);
            Column(w, "lost_at", lost);
            Column(w, "value", values);
            w.WriteEndObject();
            w.WriteStartObject("stages");
            Column(w, "lead_key", stageLead);
            Column(w, "stage", stageName);
            Column(w, "at", stageAt);
            w.WriteEndObject();
            var q = data.Quality;
            w.WriteStartObject("data_quality");
            JsonReportWriter.WriteQualityCounts(w, q);
            w.WriteEndObject();
            w.WriteEndObject();
        }

        return ms.ToArray();
    }

    private static void Column(Utf8JsonWriter w, string name, List<long> values)
    {
        w.WriteStartArray(name);
        foreach (var v in values)
        {
            w.WriteNumberValue(v);
        }

        w.WriteEndArray();
    }

    private static void Column(Utf8JsonWriter w, string name, List<long?> values)
    {
        w.WriteStartArray(name);
        foreach (var v in values)
        {
            if (v is { } x)
            {
                w.WriteNumberValue(x);
            }
            else
            {
                w.WriteNullValue();
            }
        }

        w.WriteEndArray();
    }

    private static void Column(Utf8JsonWriter w, string name, IEnumerable<string?> values)
    {
        w.WriteStartArray(name);
        foreach (var v in values)
        {
            w.WriteStringValue(v);
        }

        w.WriteEndArray();
    }

    /// <summary>A scope's conversion with open leads when the set computes it (null result: no lead, written as nulls).</summary>
    private sealed record Survival(ConversionSurvivalResult? Result);

    /// <summary>
    /// Writes one scope by the command's own writer (<see cref="JsonReportWriter.WriteKpis"/>, which writes the fields of
    /// the KPI registration table, <see cref="ReportKpiTable.Scope"/>): the set's lead KPIs as the command maps them
    /// (<see cref="KpiEngine.Map(LeadKpis)"/>), with the scope's money KPIs, maturity and conversion with open leads.
    /// </summary>
    private static void Kpis(Utf8JsonWriter w, decimal? wonMargin, LeadKpis k, IReadOnlyList<(string Name, string Value)>? key, MaturityKpis? maturity = null, MoneyKpis? money = null,
        Survival? survival = null)
    {
        var scope = KpiEngine.Map(k);
        scope.Revenue = money?.Revenue ?? scope.WonValue;
        scope.CustomerRevenue = money?.CustomerRevenue;
        scope.HasCostData = money?.HasCostData;
        scope.Cost = money?.Cost;
        scope.CostByCategory = money?.CostByCategory;
        scope.CostPerLead = money?.CostPerLead;
        scope.CustomerAcquisitionCost = money?.CustomerAcquisitionCost;
        scope.Roi = money?.Roi;
        scope.Roas = money?.Roas;
        scope.LifetimeValue = money?.LifetimeValue;
        scope.LifetimeValueDetail = money?.LifetimeValueDetail;

        // Without costs and revenue, gross profit is the won value × the margin (the command's rule).
        scope.GrossProfit = wonMargin is { } margin ? scope.WonValue * margin : money?.GrossProfit;
        scope.RoiOnMargin = money?.RoiOnMargin;
        foreach (var (kpi, reason) in money?.Undefined ?? [])
        {
            scope.Undefined[kpi] = reason;
        }

        scope.CustomersWonInPeriod = money?.CustomersWonInPeriod;
        scope.SpendAcquisitionCost = money?.SpendAcquisitionCost;
        scope.Maturity = maturity;
        scope.Survival = survival?.Result is { } result ? SurvivalKpis.From(result) : null;
        JsonReportWriter.WriteKpis(w, scope, key, ConfidenceInterval.DefaultConfidence, survival: survival is not null);
    }
}
