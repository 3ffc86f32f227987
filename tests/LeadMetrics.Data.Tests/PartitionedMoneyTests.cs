using System.Text;
using LeadMetrics.Calculators;
using LeadMetrics.Encoding;
using LeadMetrics.Finance;
using LeadMetrics.Grouping;
using LeadMetrics.Records;
using NodaTime;

namespace LeadMetrics.Data.Tests;

/// <summary>
/// Issue 20 (b): the money KPIs over partitions of one data set split by lead id hash. With lead keys unique across the
/// parts (<see cref="LeadDataSetOptions.LeadKeys"/>), the parts' money and lifetime-value partials, which hold lead keys,
/// merge as bytes into the one-pass result (costs, which are not per lead, added once); with the default keys they are
/// refused as repeated leads.
/// </summary>
public sealed class PartitionedMoneyTests : IDisposable
{
    private const int Parts = 3;
    private readonly string _dir = Path.Combine(Path.GetTempPath(), "leadmetrics-partitions-" + Guid.NewGuid().ToString("N")[..12]);

    public PartitionedMoneyTests() => Directory.CreateDirectory(_dir);

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    private static string Sample(string file)
    {
        var dir = AppContext.BaseDirectory;
        while (!File.Exists(Path.Combine(dir, "LeadMetrics.sln")))
        {
            dir = Path.GetDirectoryName(dir) ?? throw new InvalidOperationException("LeadMetrics.sln not found above the test directory.");
        }

        return Path.Combine(dir, "samples", "data", file);
    }

    // FNV-1a over the lead id (the first field), as samples/LeadMetrics.Samples.Orleans/DataParts.cs splits.
    private static int PartOf(ReadOnlySpan<char> id)
    {
        var hash = 2166136261u;
        foreach (var c in id)
        {
            hash = (hash ^ c) * 16777619u;
        }

        return (int)(hash % Parts);
    }

    private string[] Split(string path)
    {
        var lines = File.ReadAllLines(path);
        var outputs = Enumerable.Range(0, Parts).Select(_ => new StringBuilder(lines[0]).Append('\n')).ToArray();
        foreach (var line in lines.Skip(1).Where(l => l.Length > 0))
        {
            outputs[PartOf(line.AsSpan(0, line.IndexOf(',', StringComparison.Ordinal)))].Append(line).Append('\n');
        }

        return [.. outputs.Select((text, i) =>
        {
            var part = Path.Combine(_dir, $"{Path.GetFileNameWithoutExtension(path)}.part{i}.csv");
            File.WriteAllText(part, text.ToString(), new UTF8Encoding(false));
            return part;
        })];
    }

    // Every part encodes the one pass's labels first, in id order, so that ids (and fingerprints) agree.
    private static void Seed(LeadEncoding into, LeadEncoding from)
    {
        foreach (var (target, source) in new[] { (into.Sources, from.Sources), (into.Campaigns, from.Campaigns), (into.Owners, from.Owners) })
        {
            foreach (var label in source.GetLabels().Skip(1))
            {
                target.Encode(label);
            }
        }
    }

    private static readonly LeadGrouping BySourceMonth = new(GroupDimension.Source, TimeBucket.Month, DateTimeZone.Utc);
    private static readonly FinanceOptions Money = new(Currency.Usd, revenueBasis: RevenueBasis.Realized, grossMargin: 0.35m);
    private static readonly LifetimeValueOptions Ltv = new(Currency.Usd, horizonMonths: 6, observedUntil: new LocalDate(2024, 12, 31));

    private static (FinanceCalculator Finance, LifetimeValueCalculator Ltv) Feed(LeadDataSet data)
    {
        var finance = new FinanceCalculator(BySourceMonth, Money);
        var ltv = new LifetimeValueCalculator(BySourceMonth, Ltv);
        data.Read(batch =>
        {
            for (var i = 0; i < batch.Count; i++)
            {
                finance.Add(batch[i]);
                ltv.Add(batch[i]);
            }
        });
        finance.AddRange(data.Revenue);
        ltv.AddRange(data.Revenue);
        return (finance, ltv);
    }

    [Fact]
    public void Hash_partitions_with_unique_lead_keys_merge_as_bytes_into_the_one_pass_money_kpis()
    {
        var full = LeadDataSet.Open(new LeadDataSetOptions
        {
            LeadsPath = Sample("leads.csv"), StagesPath = Sample("stages.csv"), CostsPath = Sample("costs.csv"), RevenuePath = Sample("revenue.csv"),
        });
        var (oneFinance, oneLtv) = Feed(full);
        oneFinance.AddRange(full.Costs);
        var expected = oneFinance.Snapshot();
        Assert.True(expected.Total.CustomerRevenue!.Value.Amount > 0m);

        var leads = Split(Sample("leads.csv"));
        var stages = Split(Sample("stages.csv"));
        var revenue = Split(Sample("revenue.csv"));
        var finance = new FinanceCalculator(BySourceMonth, Money);
        var ltv = new LifetimeValueCalculator(BySourceMonth, Ltv);
        var refused = new FinanceCalculator(BySourceMonth, Money);
        for (var i = 0; i < Parts; i++)
        {
            var options = new LeadDataSetOptions { LeadsPath = leads[i], StagesPath = stages[i], RevenuePath = revenue[i], LeadKeys = new LeadKeyRange(i, Parts) };
            var part = LeadDataSet.Open(options);
            Seed(part.Encoding, full.Encoding);
            var (partFinance, partLtv) = Feed(part);
            finance.MergeSerialized(partFinance.Serialize(part.Encoding), full.Encoding);
            ltv.MergeSerialized(partLtv.Serialize(part.Encoding), full.Encoding);

            // With the default keys (1, 2, 3... in every part) the second part repeats the first's lead keys.
            var plain = LeadDataSet.Open(options with { LeadKeys = LeadKeyRange.Default });
            Seed(plain.Encoding, full.Encoding);
            var plainBytes = Feed(plain).Finance.Serialize(plain.Encoding);
            if (i == 0)
            {
                refused.MergeSerialized(plainBytes, full.Encoding);
            }
            else
            {
                Assert.Contains("already added", Assert.Throws<ArgumentException>(() => refused.MergeSerialized(plainBytes, full.Encoding)).Message, StringComparison.Ordinal);
            }
        }

        finance.AddRange(full.Costs); // costs are not per lead: added once
        Assert.Equal(expected, finance.Snapshot());
        Assert.Equal(oneLtv.Snapshot(), ltv.Snapshot());
    }

    [Fact]
    public void A_lead_key_range_is_checked()
    {
        Assert.Equal("stride", Assert.Throws<ArgumentOutOfRangeException>(() => new LeadKeyRange(0, 0)).ParamName);
        Assert.Equal("offset", Assert.Throws<ArgumentOutOfRangeException>(() => new LeadKeyRange(3, 3)).ParamName);
        Assert.Equal("offset", Assert.Throws<ArgumentOutOfRangeException>(() => new LeadKeyRange(-1, 3)).ParamName);
    }
}
