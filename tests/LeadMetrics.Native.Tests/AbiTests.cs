using System.Runtime.InteropServices;
using System.Text;
using System.Text.Json;

namespace LeadMetrics.Native.Tests;

/// <summary>
/// The C ABI called directly (as ctypes calls it): status codes, error messages that name column and row, no managed
/// exception crossing the boundary, results freed with lm_free, a rejected block leaving the set unchanged.
/// </summary>
[Collection("native")]
public sealed unsafe class AbiTests(NativeLibraryFixture native)
{
    private const long NaT = long.MinValue;

    [StructLayout(LayoutKind.Sequential)]
    private struct LeadBlock
    {
        public long Count;
        public long RowOffset;
        public long* Created;
        public long* Response;
        public long* Won;
        public long* Lost;
        public long* Value;
        public int* SourceCodes;
        public byte* SourceLabels;
        public int* CampaignCodes;
        public byte* CampaignLabels;
        public int* OwnerCodes;
        public byte* OwnerLabels;
        public long StageCount;
        public long StageRowOffset;
        public int* StageLead;
        public int* StageCodes;
        public byte* StageLabels;
        public long* StageAt;
        public int* SegmentCodes;
        public byte* SegmentLabels;
    }

    [StructLayout(LayoutKind.Sequential)]
    private struct MoneyBlock
    {
        public long Flags;
        public long TouchCount;
        public long TouchRowOffset;
        public int* TouchLead;
        public long* TouchAt;
        public int* TouchKindCodes;
        public byte* TouchKindLabels;
        public int* TouchDirectionCodes;
        public byte* TouchDirectionLabels;
        public long RevenueCount;
        public long RevenueRowOffset;
        public int* RevenueLead;
        public long* RevenueAt;
        public long* RevenueAmount;
        public long CostCount;
        public long CostRowOffset;
        public int* CostFrom;
        public int* CostTo;
        public int* CostSourceCodes;
        public byte* CostSourceLabels;
        public int* CostCampaignCodes;
        public byte* CostCampaignLabels;
        public long* CostAmount;
        public int* CostCategoryCodes;
        public byte* CostCategoryLabels;
    }

    [StructLayout(LayoutKind.Sequential)]
    private struct CurrencyBlock
    {
        public byte* Rates;
        public int* RevenueCurrencyCodes;
        public byte* RevenueCurrencyLabels;
        public int* CostCurrencyCodes;
        public byte* CostCurrencyLabels;
    }

    private nint Fn(string name) => NativeLibrary.GetExport(native.Handle, name);

    private string LastError()
    {
        var f = (delegate* unmanaged<byte*, nint, nint>)Fn("lm_last_error");
        var n = f(null, 0);
        var buffer = new byte[n + 1];
        fixed (byte* b = buffer)
        {
            f(b, buffer.Length);
        }

        return Encoding.UTF8.GetString(buffer, 0, (int)n);
    }

    private int Create(string? options, out nint handle)
    {
        var f = (delegate* unmanaged<byte*, nint*, int>)Fn("lm_kpis_create");
        nint h = 0;
        int status;
        var bytes = options is null ? null : Encoding.UTF8.GetBytes(options + "\0");
        fixed (byte* o = bytes)
        {
            status = f(o, &h);
        }

        handle = h;
        return status;
    }

    private void Free(nint handle) => Assert.Equal(0, ((delegate* unmanaged<nint, int>)Fn("lm_kpis_free"))(handle));

    private JsonDocument Snapshot(nint handle)
    {
        byte* json = null;
        nint length = 0;
        Assert.Equal(0, ((delegate* unmanaged<nint, byte**, nint*, int>)Fn("lm_kpis_snapshot"))(handle, &json, &length));
        try
        {
            return JsonDocument.Parse(new ReadOnlySpan<byte>(json, (int)length).ToArray());
        }
        finally
        {
            ((delegate* unmanaged<byte*, void>)Fn("lm_free"))(json);
        }
    }

    private int Add(nint handle, long[] created, long[]? won = null, long[]? value = null, int[]? sources = null, string? labels = null,
        int[]? stageLead = null, int[]? stageCodes = null, string? stageLabels = null, long[]? stageAt = null)
    {
        var srcLabels = labels is null ? null : Encoding.UTF8.GetBytes(labels + "\0");
        var stLabels = stageLabels is null ? null : Encoding.UTF8.GetBytes(stageLabels + "\0");
        fixed (long* c = created, w = won, v = value, at = stageAt)
        fixed (int* s = sources, sl = stageLead, sc = stageCodes)
        fixed (byte* l = srcLabels, stl = stLabels)
        {
            var block = new LeadBlock
            {
                Count = created.Length,
                Created = c,
                Won = w,
                Value = v,
                SourceCodes = s,
                SourceLabels = l,
                StageCount = stageLead?.Length ?? 0,
                StageLead = sl,
                StageCodes = sc,
                StageLabels = stl,
                StageAt = at,
            };
            return ((delegate* unmanaged<nint, LeadBlock*, int>)Fn("lm_kpis_add_leads"))(handle, &block);
        }
    }

    private static long Ns(string iso) => DateTimeOffset.Parse(iso, System.Globalization.CultureInfo.InvariantCulture).ToUnixTimeMilliseconds() * 1_000_000;

    [Fact]
    public void Abi_version_is_1_and_currency_scales_are_iso_4217()
    {
        Assert.Equal(1, ((delegate* unmanaged<int>)Fn("lm_abi_version"))());
        var digits = (delegate* unmanaged<byte*, int>)Fn("lm_currency_digits");
        fixed (byte* usd = "USD\0"u8, jpy = "JPY\0"u8, bad = "XYZ\0"u8)
        {
            Assert.Equal(2, digits(usd));
            Assert.Equal(0, digits(jpy));
            Assert.Equal(-1, digits(bad));
        }

        Assert.Contains("'XYZ' is not an ISO 4217 currency code", LastError(), StringComparison.Ordinal);
    }

    [Fact]
    public void Bad_options_return_status_1_with_a_message_and_no_handle()
    {
        Assert.Equal(1, Create("{\"zone\": \"Mars/Base\"}", out var h));
        Assert.Equal(0, h);
        Assert.Contains("zone: 'Mars/Base' is not an IANA time zone", LastError(), StringComparison.Ordinal);
        Assert.Equal(1, Create("{\"by\": [\"colour\", \"size\"]}", out _));
        Assert.Contains("options.by: one lead attribute per set ('colour' and 'size')", LastError(), StringComparison.Ordinal);
        Assert.Equal(1, Create("{not json", out _));
        Assert.StartsWith("invalid JSON", LastError(), StringComparison.Ordinal);
        Assert.Equal(0, Create(null, out h));
        Assert.Equal(string.Empty, LastError());
        Free(h);
    }

    [Fact]
    public void Null_handles_and_pointers_return_status_3()
    {
        Assert.Equal(3, Add(0, [Ns("2024-01-01T00:00:00Z")]));
        Assert.Contains("handle is null", LastError(), StringComparison.Ordinal);
        Assert.Equal(0, Create("{}", out var h));
        Assert.Equal(3, ((delegate* unmanaged<nint, LeadBlock*, int>)Fn("lm_kpis_add_leads"))(h, null));
        Assert.Contains("block must not be null", LastError(), StringComparison.Ordinal);
        Free(h);
        Assert.Equal(0, ((delegate* unmanaged<nint, int>)Fn("lm_kpis_free"))(0));
        ((delegate* unmanaged<byte*, void>)Fn("lm_free"))(null);
    }

    [Fact]
    public void A_bad_value_names_column_and_row_and_leaves_the_set_unchanged()
    {
        Assert.Equal(0, Create("{\"by\": [\"source\"]}", out var h));
        try
        {
            var created = new[] { Ns("2024-01-01T09:00:00Z"), Ns("2024-01-02T09:00:00Z") };
            Assert.Equal(0, Add(h, created, sources: [0, -1], labels: "[\"web\"]", value: [NaT, 12_345]));
            Assert.Equal(1, Add(h, [Ns("2024-01-03T09:00:00Z"), NaT]));
            Assert.Equal("leads: column 'created_at', row 1: value 'missing' rejected: created_at is required.", LastError());
            Assert.Equal(1, Add(h, [Ns("2024-01-03T09:00:00Z")], won: [Ns("2024-01-01T00:00:00Z")]));
            Assert.Contains("column 'won_at', row 0", LastError(), StringComparison.Ordinal);
            Assert.Equal(1, Add(h, [Ns("2024-01-03T09:00:00Z")], value: [-1]));
            Assert.Contains("column 'value', row 0", LastError(), StringComparison.Ordinal);
            Assert.Equal(1, Add(h, [Ns("2024-01-03T09:00:00Z")], sources: [3], labels: "[\"web\"]"));
            Assert.Contains("column 'source', row 0: value 'code 3'", LastError(), StringComparison.Ordinal);
            Assert.Equal(1, Add(h, [Ns("2024-01-03T09:00:00Z")], stageLead: [0, 0], stageCodes: [0, 1], stageLabels: "[\"New\", \"Negotiation\"]",
                stageAt: [Ns("2024-01-03T10:00:00Z"), Ns("2024-01-04T10:00:00Z")]));
            Assert.Contains("stages: column 'stage', row 1: value 'Negotiation' rejected: not a stage of the pipeline", LastError(), StringComparison.Ordinal);
            Assert.Equal(1, Add(h, [Ns("2024-01-03T09:00:00Z")], stageLead: [5], stageCodes: [0], stageLabels: "[\"New\"]", stageAt: [Ns("2024-01-03T10:00:00Z")]));
            Assert.Contains("stages: column 'lead_id', row 0", LastError(), StringComparison.Ordinal);

            using var doc = Snapshot(h);
            var total = doc.RootElement.GetProperty("total");
            Assert.Equal(2, total.GetProperty("leads").GetInt64());
            Assert.Equal(2, doc.RootElement.GetProperty("groups").GetArrayLength());
            Assert.Equal("(none)", doc.RootElement.GetProperty("groups")[0].GetProperty("key").GetProperty("source").GetString());
        }
        finally
        {
            Free(h);
        }
    }

    [Fact]
    public void Money_is_read_at_the_currency_scale_and_stages_give_the_outcome()
    {
        Assert.Equal(0, Create("{\"currency\": \"USD\"}", out var h));
        try
        {
            var created = Ns("2024-01-01T09:00:00Z");
            Assert.Equal(0, Add(h, [created], value: [12_345], stageLead: [0, 0], stageCodes: [0, 1], stageLabels: "[\"new\", \"closed_won\"]",
                stageAt: [created, Ns("2024-01-02T09:00:00Z")]));
            using var doc = Snapshot(h);
            var total = doc.RootElement.GetProperty("total");
            Assert.Equal(1, total.GetProperty("won").GetInt64());
            Assert.Equal(123.45m, total.GetProperty("won_value").GetDecimal());
            Assert.Equal(86_400d, total.GetProperty("time_to_conversion_seconds").GetProperty("mean").GetDouble());
        }
        finally
        {
            Free(h);
        }
    }

    [Fact]
    public void A_trend_period_has_its_maturity_as_of_the_last_instant_observed()
    {
        // January: one lead won after 10 days (the only conversion: p90 = 10 days) and one open lead created on the 20th;
        // February: one open lead created on 2024-02-01, the last instant observed. As of then, January's youngest lead is
        // 12 days old (>= 10 days: mature), February's is 0 days old with an open lead (immature).
        Assert.Equal(0, Create("{\"by\": []}", out var h));
        try
        {
            Assert.Equal(0, Add(h, [Ns("2024-01-01T00:00:00Z"), Ns("2024-01-20T00:00:00Z"), Ns("2024-02-01T00:00:00Z")],
                won: [Ns("2024-01-11T00:00:00Z"), NaT, NaT]));
            using var doc = Snapshot(h);
            var root = doc.RootElement;
            Assert.Equal("2024-02-01T00:00:00Z", root.GetProperty("as_of").GetString());
            Assert.Equal(0.95, root.GetProperty("confidence").GetDouble());
            Assert.Equal(JsonValueKind.Null, root.GetProperty("total").GetProperty("maturity").ValueKind);
            var jan = root.GetProperty("trend")[0].GetProperty("maturity");
            Assert.Equal(0.5, jan.GetProperty("open_share").GetDouble());
            Assert.Equal(12 * 86_400d, jan.GetProperty("youngest_age_seconds").GetDouble());
            Assert.Equal(10 * 86_400d, jan.GetProperty("typical_close_seconds").GetDouble());
            Assert.True(jan.GetProperty("mature").GetBoolean());
            var feb = root.GetProperty("trend")[1].GetProperty("maturity");
            Assert.Equal(0d, feb.GetProperty("youngest_age_seconds").GetDouble());
            Assert.False(feb.GetProperty("mature").GetBoolean());
        }
        finally
        {
            Free(h);
        }
    }

    [Fact]
    public void A_large_block_filled_on_several_threads_equals_small_blocks()
    {
        // 300,000 leads: one block is split into chunks (one partial of the library's calculators each, merged);
        // six blocks of 50,000 are filled on one thread each. Every number must be the same.
        const int n = 300_000;
        var rng = new Random(5);
        var start = Ns("2024-01-01T00:00:00Z");
        var created = new long[n];
        var won = new long[n];
        var value = new long[n];
        var sources = new int[n];
        for (var i = 0; i < n; i++)
        {
            created[i] = start + (rng.NextInt64(365L * 86_400) * 1_000_000_000);
            var isWon = rng.NextDouble() < 0.2;
            won[i] = isWon ? created[i] + (rng.NextInt64(1, 90L * 86_400) * 1_000_000_000) : NaT;
            value[i] = isWon ? rng.NextInt64(1, 10_000_000) : NaT;
            sources[i] = rng.Next(-1, 5);
        }

        const string labels = "[\"a\", \"b\", \"c\", \"d\", \"e\"]";
        string Run(int parts)
        {
            Assert.Equal(0, Create("{\"by\": [\"source\"], \"period\": \"month\"}", out var h));
            try
            {
                for (var p = 0; p < parts; p++)
                {
                    var (from, to) = (n * p / parts, n * (p + 1) / parts);
                    Assert.Equal(0, Add(h, created[from..to], won[from..to], value[from..to], sources[from..to], labels));
                }

                using var doc = Snapshot(h);
                return doc.RootElement.GetRawText();
            }
            finally
            {
                Free(h);
            }
        }

        var one = Run(1);
        Assert.Contains("\"leads\":300000", one, StringComparison.Ordinal);
        Assert.Equal(Run(6), one);
    }

    [Fact]
    public void Revision_5_rounds_float_deal_values_half_to_even_as_numpy_rint()
    {
        Assert.True(((delegate* unmanaged<int>)Fn("lm_abi_revision"))() >= 5);
        var addAmounts = (delegate* unmanaged<nint, LeadBlock*, MoneyBlock*, CurrencyBlock*, double*, int>)Fn("lm_kpis_add_block_amounts");
        double[] amounts = [0.005, 0.015, 0.025, 2.675, 1e12 + 0.125, 1234.5678, 0.125, 10.0, double.NaN, -0.004, 4.5e16 + 0.5, 0.994999];

        // numpy.rint(amounts * 100) (ties to even; 2.675 * 100 is 267.5 in doubles), NaN missing: what the package sent before.
        long[] units = [0, 2, 2, 268, 100_000_000_000_012, 123_457, 12, 1_000, NaT, 0, 4_500_000_000_000_000_000, 99];
        var n = amounts.Length;
        var created = Enumerable.Range(0, n).Select(i => Ns("2024-01-01T09:00:00Z") + (i * 3_600_000_000_000L)).ToArray();
        var won = created.Select(c => c + (86_400_000_000_000L * 3)).ToArray();

        // Lead 0 with a stage row: the checking path (stage rows) as well as the leads-only path.
        foreach (var withStage in new[] { false, true })
        {
            int[]? stageLead = withStage ? [0] : null;
            int[]? stageCodes = withStage ? [0] : null;
            var stageLabels = withStage ? "[\"Working\"]" : null;
            long[]? stageAt = withStage ? [created[0] + 3_600_000_000_000L] : null;
            string Run(bool asFloats, double[] values, out int status)
            {
                Assert.Equal(0, Create(null, out var h));
                try
                {
                    if (!asFloats)
                    {
                        status = Add(h, created, won, units, stageLead: stageLead, stageCodes: stageCodes, stageLabels: stageLabels, stageAt: stageAt);
                    }
                    else
                    {
                        var stLabels = stageLabels is null ? null : Encoding.UTF8.GetBytes(stageLabels + "\0");
                        fixed (long* c = created, w = won, at = stageAt)
                        fixed (int* sl = stageLead, sc = stageCodes)
                        fixed (byte* stl = stLabels)
                        fixed (double* a = values)
                        {
                            var block = new LeadBlock
                            {
                                Count = n, Created = c, Won = w, StageCount = stageLead?.Length ?? 0, StageLead = sl, StageCodes = sc, StageLabels = stl, StageAt = at,
                            };
                            status = addAmounts(h, &block, null, null, a);
                        }
                    }

                    if (status != 0)
                    {
                        return LastError();
                    }

                    using var doc = Snapshot(h);
                    return doc.RootElement.GetRawText();
                }
                finally
                {
                    Free(h);
                }
            }

            var expected = Run(false, amounts, out var plain);
            Assert.Equal(0, plain);
            Assert.Equal(expected, Run(true, amounts, out var rounded));
            Assert.Equal(0, rounded);
            using (var doc = JsonDocument.Parse(expected))
            {
                Assert.Equal(45_001_000_000_001_248.52m, doc.RootElement.GetProperty("total").GetProperty("won_value").GetDecimal());
            }

            foreach (var bad in new[] { double.PositiveInfinity, double.NegativeInfinity, 1e300 })
            {
                var values = (double[])amounts.Clone();
                values[3] = bad;
                var message = Run(true, values, out var status);
                Assert.Equal(1, status);
                Assert.Contains("column 'value', row 3", message, StringComparison.Ordinal);
                Assert.Contains("not a finite amount that fits int64 minor units", message, StringComparison.Ordinal);
            }
        }
    }

    [Fact]
    public void Revision_1_adds_revenue_and_costs_beside_a_lead_block()
    {
        Assert.True(((delegate* unmanaged<int>)Fn("lm_abi_revision"))() >= 1);
        var addBlock = (delegate* unmanaged<nint, LeadBlock*, MoneyBlock*, int>)Fn("lm_kpis_add_block");
        long[] created = [Ns("2024-01-01T09:00:00Z"), Ns("2024-01-02T09:00:00Z")];
        long[] won = [Ns("2024-01-05T09:00:00Z"), NaT];
        int[] revenueLead = [0, 0];
        long[] revenueAt = [Ns("2024-01-06T00:00:00Z"), Ns("2024-02-06T00:00:00Z")];
        long[] revenueAmount = [10_000, -2_550];   // $100.00 and a refund of $25.50
        int[] costDay = [19_723];                  // 2024-01-01
        int[] costSource = [0];
        long[] costAmount = [5_000];
        int Add(nint h)
        {
            fixed (long* c = created, w = won, at = revenueAt, amount = revenueAmount, cost = costAmount)
            fixed (int* lead = revenueLead, day = costDay, source = costSource)
            fixed (byte* labels = "[\"web\"]\0"u8)
            {
                var block = new LeadBlock { Count = 2, Created = c, Won = w };
                var money = new MoneyBlock
                {
                    Flags = 2 | 4,
                    RevenueCount = 2, RevenueLead = lead, RevenueAt = at, RevenueAmount = amount,
                    CostCount = 1, CostFrom = day, CostTo = day, CostSourceCodes = source, CostSourceLabels = labels, CostAmount = cost,
                };
                return addBlock(h, &block, &money);
            }
        }

        Assert.Equal(0, Create(null, out var plain));
        try
        {
            Assert.Equal(1, Add(plain));
            Assert.Contains("options.revenue", LastError(), StringComparison.Ordinal);
        }
        finally
        {
            Free(plain);
        }

        Assert.Equal(0, Create("{\"revenue\": true, \"costs\": true}", out var h));
        try
        {
            Assert.Equal(0, Add(h));
            using var doc = Snapshot(h);
            var total = doc.RootElement.GetProperty("total");
            Assert.Equal("realized", doc.RootElement.GetProperty("revenue_basis").GetString());
            Assert.Equal(74.50m, total.GetProperty("revenue").GetDecimal());
            Assert.Equal(50m, total.GetProperty("cost").GetDecimal());
            Assert.Equal(25m, total.GetProperty("cost_per_lead").GetDecimal());
            Assert.Equal(50m, total.GetProperty("customer_acquisition_cost").GetDecimal());
            Assert.Equal(0.49m, total.GetProperty("roi").GetDecimal());
            Assert.Equal(1, total.GetProperty("lifetime_value_detail").GetProperty("customers").GetInt32());
        }
        finally
        {
            Free(h);
        }
    }

    [Fact]
    public void Merging_needs_a_set_created_like_the_receiver()
    {
        Assert.Equal(0, Create("{}", out var a));
        Assert.Equal(0, Create("{}", out var b));
        nint c = 0;
        try
        {
            var merge = (delegate* unmanaged<nint, nint, int>)Fn("lm_kpis_merge");
            Assert.Equal(1, merge(a, b));
            Assert.Contains("lm_kpis_create_like", LastError(), StringComparison.Ordinal);
            Assert.Equal(0, ((delegate* unmanaged<nint, nint*, int>)Fn("lm_kpis_create_like"))(a, &c));
            Assert.Equal(0, Add(c, [Ns("2024-01-01T09:00:00Z")]));
            Assert.Equal(0, merge(a, c));
            using var doc = Snapshot(a);
            Assert.Equal(1, doc.RootElement.GetProperty("total").GetProperty("leads").GetInt64());
        }
        finally
        {
            Free(a);
            Free(b);
            Free(c);
        }
    }

    [Fact]
    public void A_missing_file_is_status_2_naming_the_file()
    {
        var read = (delegate* unmanaged<byte*, byte**, nint*, int>)Fn("lm_read_csv");
        byte* json = null;
        nint length = 0;
        fixed (byte* o = "{\"leads\": \"/nonexistent/leads.csv\"}\0"u8)
        {
            Assert.Equal(2, read(o, &json, &length));
        }

        Assert.True(json == null);
        Assert.Contains("/nonexistent/leads.csv", LastError(), StringComparison.Ordinal);
    }

    [Fact]
    public void The_sample_data_set_reads_through_the_ingest_layer()
    {
        Assert.Equal(0, Create("{\"by\": \"source\"}", out var h));
        try
        {
            var leads = Path.Combine(NativeLibraryFixture.Root, "samples", "data", "leads.csv");
            var stages = Path.Combine(NativeLibraryFixture.Root, "samples", "data", "stages.csv");
            var options = Encoding.UTF8.GetBytes(JsonSerializer.Serialize(new Dictionary<string, string> { ["leads"] = leads, ["stages"] = stages }) + "\0");
            fixed (byte* o = options)
            {
                Assert.Equal(0, ((delegate* unmanaged<nint, byte*, int>)Fn("lm_kpis_add_csv"))(h, o));
            }

            using var doc = Snapshot(h);
            Assert.Equal(4000, doc.RootElement.GetProperty("total").GetProperty("leads").GetInt64());
        }
        finally
        {
            Free(h);
        }
    }

    [Fact]
    public void Revision_2_reads_costs_revenue_and_rates_through_the_ingest_layer()
    {
        Assert.True(((delegate* unmanaged<int>)Fn("lm_abi_revision"))() >= 2);
        var dir = Path.Combine(NativeLibraryFixture.Root, "samples", "data");
        var files = new Dictionary<string, object>
        {
            ["leads"] = Path.Combine(dir, "leads.csv"),
            ["costs"] = Path.Combine(dir, "costs.csv"),
            ["revenue"] = Path.Combine(dir, "revenue.csv"),
        };
        int AddCsv(nint h, Dictionary<string, object> csv)
        {
            fixed (byte* o = Encoding.UTF8.GetBytes(JsonSerializer.Serialize(csv) + "\0"))
            {
                return ((delegate* unmanaged<nint, byte*, int>)Fn("lm_kpis_add_csv"))(h, o);
            }
        }

        Assert.Equal(0, Create(null, out var plain));
        try
        {
            Assert.Equal(1, AddCsv(plain, files));
            Assert.Contains("options.costs / options.revenue", LastError(), StringComparison.Ordinal);
        }
        finally
        {
            Free(plain);
        }

        Assert.Equal(0, Create("{\"costs\": true, \"revenue\": true}", out var h));
        try
        {
            Assert.Equal(1, AddCsv(h, new(files) { ["rates"] = new Dictionary<string, string> { ["EUR"] = "-1" } }));
            Assert.Contains("rates: rate '-1' of EUR is not a positive number", LastError(), StringComparison.Ordinal);
            Assert.Equal(0, AddCsv(h, new(files) { ["rates"] = new Dictionary<string, string> { ["EUR"] = "1.08" } }));
            using var doc = Snapshot(h);
            var total = doc.RootElement.GetProperty("total");
            Assert.Equal("realized", doc.RootElement.GetProperty("revenue_basis").GetString());
            Assert.Equal(4000, total.GetProperty("leads").GetInt64());
            Assert.True(total.GetProperty("cost").GetDecimal() > 0m);
            Assert.Equal(JsonValueKind.Number, total.GetProperty("lifetime_value").ValueKind);
        }
        finally
        {
            Free(h);
        }
    }

    [Fact]
    public void Revision_4_writes_peak_hours_and_comparisons_only_when_asked()
    {
        Assert.True(((delegate* unmanaged<int>)Fn("lm_abi_revision"))() >= 4);
        var csv = JsonSerializer.Serialize(new Dictionary<string, string>
        {
            ["leads"] = Path.Combine(NativeLibraryFixture.Root, "samples", "data", "leads.csv"),
            ["stages"] = Path.Combine(NativeLibraryFixture.Root, "samples", "data", "stages.csv"),
        });
        JsonDocument Filled(string options)
        {
            Assert.Equal(0, Create(options, out var h));
            try
            {
                fixed (byte* o = Encoding.UTF8.GetBytes(csv + "\0"))
                {
                    Assert.Equal(0, ((delegate* unmanaged<nint, byte*, int>)Fn("lm_kpis_add_csv"))(h, o));
                }

                return Snapshot(h);
            }
            finally
            {
                Free(h);
            }
        }

        using (var plain = Filled("{\"by\": [\"source\"]}"))
        {
            Assert.Equal(JsonValueKind.Null, plain.RootElement.GetProperty("response_time_by_hour").ValueKind);
            Assert.Equal(JsonValueKind.Null, plain.RootElement.GetProperty("response_time_by_weekday").ValueKind);
            Assert.Equal(JsonValueKind.Null, plain.RootElement.GetProperty("comparisons").ValueKind);
        }

        using (var on = Filled("{\"by\": [\"source\"], \"peak_hours\": true, \"comparisons\": true}"))
        {
            var hours = on.RootElement.GetProperty("response_time_by_hour");
            Assert.Equal(4000, hours.EnumerateArray().Sum(h => h.GetProperty("leads").GetInt64()));
            Assert.Equal(7, on.RootElement.GetProperty("response_time_by_weekday").GetArrayLength());
            var comparisons = on.RootElement.GetProperty("comparisons");
            Assert.Equal("benjamini_hochberg", comparisons.GetProperty("correction").GetString());
            Assert.Contains(comparisons.GetProperty("rates").EnumerateArray(), r => r.GetProperty("family").GetString() == "source conversion_rate");
            Assert.Contains(comparisons.GetProperty("durations").EnumerateArray(), r => r.GetProperty("method").GetString() == "mann_whitney");
        }

        Assert.Equal(1, Create("{\"peak_hours\": \"yes\"}", out _));
        Assert.Contains("options.peak_hours", LastError(), StringComparison.Ordinal);
    }

    [Fact]
    public void Revision_3_converts_costs_in_other_currencies_exactly_and_names_a_row_without_a_rate()
    {
        Assert.True(((delegate* unmanaged<int>)Fn("lm_abi_revision"))() >= 3);
        var addBlock = (delegate* unmanaged<nint, LeadBlock*, MoneyBlock*, CurrencyBlock*, int>)Fn("lm_kpis_add_block_currencies");
        long[] created = [Ns("2024-01-01T09:00:00Z"), Ns("2024-01-02T09:00:00Z")];
        int[] costDay = [19_723, 19_723, 19_724];   // 2024-01-01, 2024-01-01, 2024-01-02
        int[] costSource = [0, 0, 0];
        long[] costAmount = [1_001, 5_000, 300];    // 10.01 EUR, $50.00, 300 JPY (no minor unit)
        int[] costCurrency = [0, -1, 1];
        int Add(nint h, string rates)
        {
            fixed (long* c = created, cost = costAmount)
            fixed (int* day = costDay, source = costSource, currency = costCurrency)
            fixed (byte* labels = "[\"web\"]\0"u8, currencies = "[\"eur\", \"JPY\"]\0"u8, r = Encoding.UTF8.GetBytes(rates + "\0"))
            {
                var block = new LeadBlock { Count = 2, Created = c };
                var money = new MoneyBlock
                {
                    Flags = 2,
                    CostCount = 3, CostFrom = day, CostTo = day, CostSourceCodes = source, CostSourceLabels = labels, CostAmount = cost,
                };
                var rows = new CurrencyBlock { Rates = r, CostCurrencyCodes = currency, CostCurrencyLabels = currencies };
                return addBlock(h, &block, &money, &rows);
            }
        }

        Assert.Equal(0, Create("{\"costs\": true, \"trend\": false, \"reps\": false, \"capacity\": 10}", out var h));
        try
        {
            Assert.Equal(1, Add(h, "{\"EUR\": \"1.0837\"}"));
            Assert.Contains("costs: column 'currency', row 2: value 'JPY' rejected: the amount is in JPY, the report is in USD", LastError(), StringComparison.Ordinal);
            Assert.Equal(0, Add(h, "{\"EUR\": \"1.0837\", \"JPY\": 0.0067}"));
            using var doc = Snapshot(h);
            var root = doc.RootElement;

            // 10.01 x 1.0837 + 50.00 + 300 x 0.0067 = 10.847837 + 50 + 2.01: every digit kept.
            Assert.Equal(62.857837m, root.GetProperty("total").GetProperty("cost").GetDecimal());
            Assert.Equal(JsonValueKind.Null, root.GetProperty("trend_period").ValueKind);
            Assert.Equal(0, root.GetProperty("trend").GetArrayLength());
            Assert.Equal(JsonValueKind.Null, root.GetProperty("reps").ValueKind);
            Assert.Equal(10, root.GetProperty("capacity").GetProperty("default_weekly_capacity").GetInt32());
            Assert.Equal(2, root.GetProperty("capacity").GetProperty("weeks")[0].GetProperty("leads").GetInt32());
        }
        finally
        {
            Free(h);
        }
    }

    [Fact]
    public void The_last_error_is_truncated_to_the_buffer_and_nul_terminated()
    {
        Assert.Equal(1, Create("{\"zone\": \"Mars/Base\"}", out _));
        var f = (delegate* unmanaged<byte*, nint, nint>)Fn("lm_last_error");
        var buffer = new byte[8];
        fixed (byte* b = buffer)
        {
            Assert.True(f(b, buffer.Length) > 8);
        }

        Assert.Equal("zone: '", Encoding.UTF8.GetString(buffer, 0, 7));
        Assert.Equal(0, buffer[7]);
    }
}
