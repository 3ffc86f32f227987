using LeadMetrics.Calculators;
using LeadMetrics.Encoding;
using LeadMetrics.Grouping;
using LeadMetrics.Samples.Orleans;
using System.Text.Json;
using Orleans.Runtime;

namespace LeadMetrics.Orleans.Tests;

/// <summary>
/// The report over partitions on a real three-silo cluster: partitions encode their slices with their own encodings and
/// the report merges their bytes by label; the merged report is the one-pass report (lead KPIs, rep comparison, money
/// with costs, lifetime value at the CLI's observation date), equal partials give equal bytes, and a stopped silo loses
/// nothing (its grains re-activate elsewhere from storage).
/// </summary>
public sealed class ScaleOutTests
{
    /// <summary>The lead KPIs of every group, keyed by grouping, label and period (ids differ between encodings; labels do not).</summary>
    private static Dictionary<string, LeadKpis> ByLabel(ReportPartial partial, LeadEncoding encoding)
    {
        var snapshot = partial.Kpis.Snapshot();
        var result = new Dictionary<string, LeadKpis>(StringComparer.Ordinal);
        foreach (var grouping in partial.Groupings)
        {
            foreach (var group in snapshot.For(grouping).Groups)
            {
                var key = group.Key;
                var label = key.Dimension switch
                {
                    GroupDimension.Source => encoding.Sources.Decode(key.DimensionId),
                    GroupDimension.Campaign => encoding.Campaigns.Decode(key.DimensionId),
                    GroupDimension.Owner => encoding.Owners.Decode(key.DimensionId),
                    _ => "",
                };
                result.Add($"{grouping} | {key.Dimension}={label} | {key.PeriodLabel}", group.Result);
            }
        }

        return result;
    }

    private static void SameBytes(PartialBytes expected, PartialBytes actual, string what, bool money = true)
    {
        Assert.True(expected.Kpis.AsSpan().SequenceEqual(actual.Kpis), what + ": the KPI set's bytes differ");
        Assert.True(expected.Reps.AsSpan().SequenceEqual(actual.Reps), what + ": the rep comparison's bytes differ");
        if (money)
        {
            Assert.True(expected.FinanceTotal.AsSpan().SequenceEqual(actual.FinanceTotal), what + ": the money total's bytes differ");
            Assert.True(expected.FinanceBySource.AsSpan().SequenceEqual(actual.FinanceBySource), what + ": the money by source's bytes differ");
            Assert.True(expected.Lifetime.AsSpan().SequenceEqual(actual.Lifetime), what + ": the lifetime value's bytes differ");
        }
    }

    private static LeadMetrics.Data.LeadDataSetOptions OnePass() =>
        ReportPartial.Options(ClusterFixture.SampleData("leads.csv"), ClusterFixture.SampleData("stages.csv"), ClusterFixture.SampleData("revenue.csv"), costsPath: ClusterFixture.SampleData("costs.csv"), touchpointsPath: ClusterFixture.SampleData("touchpoints.csv"));

    // The CLI's observation date of the lifetime value over all the data: the last date of the one pass.
    private static NodaTime.LocalDate ObservedUntil() => ReportPartial.ObservedUntilOf([ReportPartial.LastInstantOf(OnePass())]);

    public sealed class OnThreeSilos(ClusterFixture fixture) : IClassFixture<ClusterFixture>
    {
        [Fact]
        public async Task The_merged_report_is_the_one_pass_report_and_equal_partials_are_equal_bytes()
        {
            var report = fixture.Cluster.GrainFactory.GetGrain<IReportGrain>("merged-equals-one-pass");
            var ingest = await report.IngestAll(fixture.Slices);
            var merged = await report.Merge(ClusterFixture.Partitions);

            // The observation date the partitions agreed on is the one pass's.
            Assert.Equal(Dates.Format(ObservedUntil()), ingest.ObservedUntil);
            Assert.Equal(ingest.ObservedUntil, merged.ObservedUntil);

            // One pass over all the data in this process, as the CLI reads it (its own encoding, labels in first-seen order).
            var onePass = ReportPartial.Create(observedUntil: ObservedUntil());
            var onePassEncoding = onePass.Ingest(OnePass());
            var mergedPartial = merged.ToPartial();
            var expected = ByLabel(onePass, onePassEncoding);
            var actual = ByLabel(mergedPartial, merged.Dictionary.ToEncoding());
            Assert.Equal(expected.Keys.Order(StringComparer.Ordinal), actual.Keys.Order(StringComparer.Ordinal));
            Assert.All(expected, e => Assert.Equal(e.Value, actual[e.Key]));
            Assert.Equal(4000, actual.Single(a => a.Key.StartsWith(mergedPartial.Groupings[0].ToString() + " |", StringComparison.Ordinal)).Value.Funnel.Leads);

            // With the merged report's labels seeded (its ids), one pass gives the merged bytes exactly (KPI set and rep comparison).
            var seeded = ReportPartial.Create(observedUntil: ObservedUntil());
            var seededEncoding = seeded.Ingest(OnePass(), merged.Dictionary);
            SameBytes(seeded.Serialize(seededEncoding), merged.Bytes, "one pass vs merged", money: false);
            Assert.Equal(seeded.Reps.Snapshot(), mergedPartial.Reps.Snapshot());

            // The money KPIs (issue 20 b): the one pass numbers its leads 1, 2, 3... and the slices apart, so their bytes
            // differ in the lead keys only; the reports are equal (revenue, customer revenue, costs and CPL, CAC, ROI,
            // ROAS, lifetime value by source at the CLI's observation date).
            var money = mergedPartial.FinanceTotal.Snapshot().Total;
            Assert.Equal(seeded.FinanceTotal.Snapshot(), mergedPartial.FinanceTotal.Snapshot());
            Assert.Equal(seeded.FinanceBySource.Snapshot(), mergedPartial.FinanceBySource.Snapshot());
            Assert.Equal(seeded.Lifetime.Snapshot(), mergedPartial.Lifetime.Snapshot());
            Assert.Equal(4000m, money.Leads);
            Assert.Equal(3669603.25m, money.RealizedRevenue.Amount); // the CLI's revenue of the sample (docs/cli.md)
            Assert.Equal(0m, mergedPartial.FinanceTotal.Snapshot().UnmatchedRevenueCount);
            Assert.True(money.TotalCost.Amount > 0m, "the costs were not added");
            Assert.Equal(seeded.FinanceTotal.Snapshot().Total.TotalCost, money.TotalCost);
            Assert.NotNull(money.CostPerLead);
            Assert.NotNull(money.CustomerAcquisitionCost);
            Assert.NotNull(money.ReturnOnInvestment);
            Assert.NotNull(money.ReturnOnAdSpend);

            // Each partition's stored bytes are those of its slice ingested here, and ingesting it again stores the same bytes.
            for (var i = 0; i < ClusterFixture.Partitions; i++)
            {
                var local = ReportPartial.Create(observedUntil: ObservedUntil());
                var encoding = local.Ingest(fixture.Slices[i].Options());
                var partition = fixture.Cluster.GrainFactory.GetGrain<IPartitionGrain>(i);
                var stored = await partition.GetPartial();
                SameBytes(local.Serialize(encoding), stored!, $"partition {i}");
                await partition.Ingest(fixture.Slices[i], ingest.ObservedUntil);
                SameBytes(stored!, (await partition.GetPartial())!, $"partition {i} ingested twice");
            }

            Assert.Equal(ingest.BytesPerPartition, merged.BytesPerPartition);
        }

        /// <summary>
        /// The merged report against the CLI's own JSON of the same five files (tests/LeadMetrics.Cli.Tests/golden/sample.json,
        /// <c>leadmetrics report --sample --by source --format json</c>): every figure the sample's own calculators
        /// (<see cref="ReportPartial"/>) give, for the total and each source. The whole CLI report over partitions, built by
        /// the CLI's report builder from the partitions' passes, is compared byte for byte in <see cref="CliReportTests"/>.
        /// </summary>
        [Fact]
        public async Task The_merged_report_equals_the_CLIs_json_of_the_same_files()
        {
            var report = fixture.Cluster.GrainFactory.GetGrain<IReportGrain>("merged-equals-cli");
            await report.IngestAll(fixture.Slices);
            var merged = await report.Merge(ClusterFixture.Partitions);
            var partial = merged.ToPartial();
            var encoding = merged.Dictionary.ToEncoding();
            var path = Path.Combine(Path.GetDirectoryName(Path.GetDirectoryName(Path.GetDirectoryName(ClusterFixture.SampleData("leads.csv"))))!, "tests", "LeadMetrics.Cli.Tests", "golden", "sample.json");
            using var json = System.Text.Json.JsonDocument.Parse(File.ReadAllText(path));
            var root = json.RootElement;
            Assert.Equal(merged.ObservedUntil, root.GetProperty("as_of").GetString()![..10]);
            Assert.Equal(JsonValueKind.Null, root.GetProperty("capacity").ValueKind);
            Assert.Equal(JsonValueKind.Null, root.GetProperty("score_quality").ValueKind);

            var kpis = partial.Kpis.Snapshot();
            var finance = partial.FinanceBySource.Snapshot();
            var lifetime = partial.Lifetime.Snapshot();
            Same(root.GetProperty("total"), kpis.For(partial.Groupings[0]).Groups[0].Result, partial.FinanceTotal.Snapshot().Total, lifetime.Total, "total");
            var groups = root.GetProperty("groups").EnumerateArray().ToList();
            Assert.Equal(groups.Count, kpis.For(partial.Groupings[2]).Groups.Length);
            foreach (var group in kpis.For(partial.Groupings[2]).Groups)
            {
                var label = encoding.Sources.Decode(group.Key.DimensionId);
                var expected = groups.Single(g => g.GetProperty("key").GetProperty("source").GetString() == label);
                var money = finance.Groups.Single(g => g.Key == group.Key).Result;
                Assert.True(lifetime.TryGet(group.Key, out var value), label);
                Same(expected, group.Result, money, value, label);
            }
        }

        private static void Same(JsonElement expected, LeadKpis kpis, LeadMetrics.Finance.FinanceResult money, LeadMetrics.Finance.LifetimeValueResult lifetime, string what)
        {
            void Near(string field, decimal? actual)
            {
                var e = expected.GetProperty(field);
                if (e.ValueKind == JsonValueKind.Null || actual is null)
                {
                    Assert.True(e.ValueKind == JsonValueKind.Null && actual is null, $"{what}.{field}: CLI {e}, merged {actual}");
                    return;
                }

                var (x, y) = (e.GetDouble(), (double)actual.Value);
                Assert.True(Math.Abs(x - y) <= 1e-9 * Math.Max(1, Math.Abs(x)), $"{what}.{field}: CLI {x}, merged {y}");
            }

            Near("leads", kpis.Funnel.Leads);
            Near("won", kpis.Funnel.Won);
            Near("lost", kpis.Funnel.Lost);
            Near("open", kpis.Funnel.Open);
            Near("conversion_rate", kpis.Funnel.ConversionRate);
            Near("win_rate", kpis.Funnel.WinRate);
            Near("won_value", kpis.WonValue.Amount);
            Near("revenue", money.RealizedRevenue.Amount);
            Near("customer_revenue", money.CustomerRevenue?.Amount);
            if (expected.GetProperty("has_cost_data").GetBoolean())
            {
                Near("cost", money.TotalCost.Amount);
                Near("cost_per_lead", money.CostPerLead?.Amount);
                Near("customer_acquisition_cost", money.CustomerAcquisitionCost?.Amount);
                Near("roi", money.ReturnOnInvestment);
                Near("roas", money.ReturnOnAdSpend);
            }
            else
            {
                Assert.Equal(0m, money.TotalCost.Amount);
            }

            Near("lifetime_value", lifetime.LifetimeValue?.Amount);
            var response = expected.GetProperty("response_time_seconds");
            Assert.Equal(response.GetProperty("count").GetInt64(), kpis.ResponseTime.Answered);
            Assert.Equal(response.GetProperty("unanswered").GetInt64(), kpis.ResponseTime.Unanswered);
            Assert.Equal(response.GetProperty("mean").GetDouble(), kpis.ResponseTime.Distribution.Mean!.Value.TotalSeconds, 6);
            Assert.Equal(expected.GetProperty("time_to_conversion_seconds").GetProperty("count").GetInt64(), kpis.TimeToConversion.Converted);
        }

        /// <summary>
        /// With the CLI's --capacity (a roster of named reps, encoded first in every partition as the CLI encodes them),
        /// the merged capacity report equals one pass's; its owner ids are the merged labels' (seeded into the one pass).
        /// </summary>
        [Fact]
        public async Task The_merged_capacity_report_is_the_one_pass_report()
        {
            const string capacity = "40,yael=30,dana=50,zoe=10"; // zoe has no lead: on the roster, in every week
            var slices = fixture.Slices.Select(s => new Slice
            {
                LeadsPath = s.LeadsPath, StagesPath = s.StagesPath, RevenuePath = s.RevenuePath, CostsPath = s.CostsPath,
                TouchpointsPath = s.TouchpointsPath, Part = s.Part, Parts = s.Parts, Capacity = capacity,
            }).ToArray();
            var report = fixture.Cluster.GrainFactory.GetGrain<IReportGrain>("capacity");
            await report.IngestAll(slices);
            var merged = await report.Merge(ClusterFixture.Partitions);
            Assert.Equal(capacity, merged.Capacity);
            var partial = merged.ToPartial();

            var onePass = ReportPartial.Create(observedUntil: ObservedUntil(), capacity: capacity);
            var encoding = onePass.Ingest(OnePass(), merged.Dictionary);
            var expected = onePass.Capacity!.Snapshot();
            Assert.Equal(expected, partial.Capacity!.Snapshot());
            Assert.True(onePass.Capacity.Serialize(encoding).AsSpan().SequenceEqual(merged.Bytes.Capacity), "the capacity bytes differ from one pass");
            Assert.Equal(4000, expected.Reps.Sum(r => r.Assigned));
            Assert.Equal(["yael", "dana", "zoe"], [.. Enumerable.Range(1, 3).Select(encoding.Owners.Decode)]);
        }

        [Fact]
        public void Partials_encoded_with_other_labels_merge_by_label_and_other_observation_dates_are_refused()
        {
            // Two slices read with their own encodings (labels in first-seen order): the fingerprints differ, the
            // bytes carry their labels, and b's ids are remapped to a's labels (a's encoding gains b's new labels).
            var a = ReportPartial.Create();
            var encodingA = a.Ingest(ReportPartial.Options(fixture.Slices[0].LeadsPath, fixture.Slices[0].StagesPath, part: 0, parts: ClusterFixture.Partitions));
            var b = ReportPartial.Create();
            var encodingB = b.Ingest(ReportPartial.Options(fixture.Slices[1].LeadsPath, fixture.Slices[1].StagesPath, part: 1, parts: ClusterFixture.Partitions));
            var sourceA = encodingA.Sources.Decode(1);
            var bySource = ByLabel(b, encodingB).Where(p => p.Key.StartsWith(b.Groupings[2].ToString(), StringComparison.Ordinal)).ToDictionary();
            var aBefore = ByLabel(a, encodingA);
            a.MergeSerialized(b.Serialize(encodingB), encodingA);
            Assert.Equal(sourceA, encodingA.Sources.Decode(1));
            var merged = ByLabel(a, encodingA);
            foreach (var (key, kpis) in bySource)
            {
                Assert.Equal(kpis.Funnel.Leads + (aBefore.TryGetValue(key, out var before) ? before.Funnel.Leads : 0), merged[key].Funnel.Leads);
            }

            // The lifetime value's observation date is part of its configuration: partials of another date are refused by name.
            var other = ReportPartial.Create(observedUntil: new NodaTime.LocalDate(2020, 1, 1));
            var error = Assert.Throws<ArgumentException>(() => other.Lifetime.MergeSerialized(a.Lifetime.Serialize(encodingA), encodingA));
            Assert.Equal("state", error.ParamName);
            Assert.Contains("its configuration differs", error.Message, StringComparison.Ordinal);
        }

        [Fact]
        public void Finance_partials_of_two_parts_read_with_the_default_keys_are_refused_not_merged_wrongly()
        {
            // With the default keys the reader numbers each part's leads 1, 2, 3...: the same lead keys in both parts
            // (the sample's slices number them apart, Slice.Part; this is what happens without it).
            var options = new LeadMetrics.Finance.FinanceOptions(Currency.Usd, revenueBasis: LeadMetrics.Finance.RevenueBasis.WonDealValue);
            (LeadMetrics.Finance.FinanceCalculator Finance, LeadEncoding Encoding) Read(Slice slice)
            {
                var finance = new LeadMetrics.Finance.FinanceCalculator(LeadGrouping.Total, options);
                var data = LeadMetrics.Data.LeadDataSet.Open(ReportPartial.Options(slice.LeadsPath, slice.StagesPath));
                data.Read(batch =>
                {
                    for (var i = 0; i < batch.Count; i++)
                    {
                        finance.Add(batch[i]);
                    }
                });
                return (finance, data.Encoding);
            }

            var (a, encodingA) = Read(fixture.Slices[0]);
            var (b, encodingB) = Read(fixture.Slices[1]);
            Assert.Equal("state", Assert.Throws<ArgumentException>(() => a.MergeSerialized(b.Serialize(encodingB), encodingA)).ParamName);
            Assert.Equal("state", Assert.Throws<ArgumentException>(() => a.MergeSerialized(b.Serialize())).ParamName);
        }
    }

    public sealed class WithASiloStopped(ClusterFixture fixture) : IClassFixture<ClusterFixture>
    {
        [Fact]
        public async Task The_report_is_complete_after_the_grains_of_a_stopped_silo_re_activate_from_storage()
        {
            var factory = fixture.Cluster.GrainFactory;
            var report = factory.GetGrain<IReportGrain>("silo-stopped");

            // With the CLI's report pass too (issue 20): the CLI's JSON of the merge is the same after the restart.
            var request = new ReportRequest { By = ["source"], Inputs = ["leads.csv", "stages.csv", "touchpoints.csv", "costs.csv", "revenue.csv"] };
            var slices = fixture.Slices.Select(s => new Slice
            {
                LeadsPath = s.LeadsPath, StagesPath = s.StagesPath, RevenuePath = s.RevenuePath, CostsPath = s.CostsPath,
                TouchpointsPath = s.TouchpointsPath, Part = s.Part, Parts = s.Parts, RowsPath = s.RowsPath, Report = request,
            }).ToArray();
            await report.IngestAll(slices);
            var before = await report.Merge(ClusterFixture.Partitions);
            var jsonBefore = await report.ReportJson(ClusterFixture.Partitions, request);

            // Stop the secondary silo that holds the most partition grains (each holds its partial only in storage and in the activation).
            var management = factory.GetGrain<IManagementGrain>(0);
            var statistics = (await management.GetDetailedGrainStatistics()).Where(IsPartition).ToList();
            var hosts = statistics.GroupBy(s => s.SiloAddress).ToDictionary(g => g.Key, g => g.Count());
            var victim = fixture.Cluster.SecondarySilos.OrderByDescending(s => hosts.GetValueOrDefault(s.SiloAddress)).First();
            Assert.True(hosts.GetValueOrDefault(victim.SiloAddress) > 0, "no partition grain on a secondary silo: " + string.Join(", ", hosts));
            await fixture.Cluster.StopSiloAsync(victim);

            var after = await report.Merge(ClusterFixture.Partitions);
            SameBytes(before.Bytes, after.Bytes, "merged before and after the silo stopped");
            Assert.Equal(jsonBefore, await report.ReportJson(ClusterFixture.Partitions, request));
            Assert.Equal(before.ReportBytes, after.ReportBytes);
            Assert.All(after.ReportBytes, b => Assert.True(b > 0));
            Assert.Equal(4000, after.Kpis().For(ReportPartial.Create().Groupings[0]).Groups[0].Result.Funnel.Leads);
            var stillUp = (await management.GetDetailedGrainStatistics()).Where(IsPartition).Select(s => s.SiloAddress).Distinct();
            Assert.DoesNotContain(victim.SiloAddress, stillUp);
        }

        private static bool IsPartition(DetailedGrainStatistic statistic) =>
            statistic.GrainType.Contains(nameof(PartitionGrain), StringComparison.Ordinal) || statistic.GrainId.ToString().StartsWith("partition", StringComparison.Ordinal);
    }

    public sealed class WithASiloKilled(ClusterFixture fixture) : IClassFixture<ClusterFixture>
    {
        [Fact]
        public async Task The_report_is_complete_after_a_silo_is_killed_without_warning()
        {
            var factory = fixture.Cluster.GrainFactory;
            var report = factory.GetGrain<IReportGrain>("silo-killed");
            await report.IngestAll(fixture.Slices);
            var before = await report.Merge(ClusterFixture.Partitions);

            var management = factory.GetGrain<IManagementGrain>(0);
            var hosts = (await management.GetDetailedGrainStatistics()).Where(IsPartition).GroupBy(s => s.SiloAddress).ToDictionary(g => g.Key, g => g.Count());
            var victim = fixture.Cluster.SecondarySilos.OrderByDescending(s => hosts.GetValueOrDefault(s.SiloAddress)).First();
            Assert.True(hosts.GetValueOrDefault(victim.SiloAddress) > 0, "no partition grain on a secondary silo: " + string.Join(", ", hosts));
            await fixture.Cluster.KillSiloAsync(victim);

            // Calls to the dead silo's grains fail until the cluster declares it dead; then the grains re-activate from storage.
            MergedReport? after = null;
            Exception? last = null;
            var clock = System.Diagnostics.Stopwatch.StartNew();
            while (after is null && clock.Elapsed < TimeSpan.FromSeconds(90))
            {
                try
                {
                    after = await report.Merge(ClusterFixture.Partitions);
                }
                catch (Exception e) when (e is not ArgumentException)
                {
                    last = e;
                    await Task.Delay(500);
                }
            }

            Assert.True(after is not null, "no report 90 s after the silo was killed; last error: " + last);

            SameBytes(before.Bytes, after!.Bytes, "merged before and after the silo was killed");
        }

        private static bool IsPartition(DetailedGrainStatistic statistic) =>
            statistic.GrainType.Contains(nameof(PartitionGrain), StringComparison.Ordinal) || statistic.GrainId.ToString().StartsWith("partition", StringComparison.Ordinal);
    }
}
