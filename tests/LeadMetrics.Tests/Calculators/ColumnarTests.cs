using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using LeadMetrics.Calculators;
using LeadMetrics.Encoding;
using LeadMetrics.Engine;
using LeadMetrics.Grouping;
using LeadMetrics.Records;
using LeadMetrics.Statistics;
using LeadMetrics.Testing;
using LeadMetrics.Tests.Performance;
using NodaTime;

namespace LeadMetrics.Tests.Calculators;

public class ColumnarTests
{
    private static readonly DateTimeZone London = DateTimeZoneProviders.Tzdb["Europe/London"];

    private static readonly LeadGrouping[] Groupings =
    [
        LeadGrouping.Total, LeadGrouping.BySource, new LeadGrouping(GroupDimension.Owner, TimeBucket.IsoWeek, London),
        new LeadGrouping(bucket: TimeBucket.HourOfDay, zone: London), new LeadGrouping(GroupDimension.Campaign, TimeBucket.Month, London, PeriodInstant.Closed),
    ];

    private static (CalculatorSetResult<TResult> Rows, CalculatorSetResult<TResult> Columns) Both<TCalc, TResult>(TCalc prototype, LeadRecord[] records)
        where TCalc : class, ILeadCalculator<TCalc, TResult>
    {
        var byRow = new CalculatorSet<TCalc, TResult>(prototype, Groupings);
        byRow.AddRange(records.AsSpan());
        var byColumn = new CalculatorSet<TCalc, TResult>(prototype, Groupings);
        var half = records.Length / 2;
        byColumn.AddRange(LeadColumns.From(records.AsSpan(0, half)));
        byColumn.AddRange(LeadColumns.From(records.AsSpan(half)));
        return (byRow.Snapshot(), byColumn.Snapshot());
    }

    [Property(Arbitrary = [typeof(LeadArbitraries)])]
    public Property Columnar_batches_give_the_same_results_as_records(Lead[] leads)
    {
        var encoding = new LeadEncoding();
        var records = leads.Select(l => LeadRecord.FromLead(l, encoding)).ToArray();
        var funnel = Both<FunnelCalculator, FunnelResult>(new FunnelCalculator(), records);
        var volume = Both<VolumeCalculator, VolumeResult>(new VolumeCalculator(), records);
        var all = Both<LeadKpiCalculator, LeadKpis>(new LeadKpiCalculator(), records);
        return (funnel.Rows.Equals(funnel.Columns)).Label("funnel")
            .And((volume.Rows.Equals(volume.Columns)).Label("volume"))
            .And((all.Rows.Equals(all.Columns)).Label("all lead KPIs"));
    }

    [Fact]
    public void A_batch_of_more_than_65536_rows_gives_the_same_results_as_records()
    {
        // Blocks past row 65,535 find their stage stretches' rows modulo 65,536 (LeadColumns.StretchRows).
        var records = SyntheticLeadRecords.Generate(150_000, seed: 17);
        var columns = LeadColumns.From(records);
        var byRow = new CalculatorSet<LeadKpiCalculator, LeadKpis>(new LeadKpiCalculator(), LeadGrouping.Total, LeadGrouping.BySource);
        byRow.AddRange(records.AsSpan());
        var expected = byRow.Snapshot();
        foreach (var width in VectorWidths.Available)
        {
            var byColumn = new CalculatorSet<LeadKpiCalculator, LeadKpis>(new LeadKpiCalculator(), LeadGrouping.Total, LeadGrouping.BySource);
            try
            {
                ColumnKernels.Width = width;
                byColumn.AddRange(columns);
            }
            finally
            {
                ColumnKernels.UseVectors = true;
            }

            Assert.Equal(expected, byColumn.Snapshot());
            Assert.Equal(150_000, byColumn.Snapshot().Total().Funnel.Leads);
        }
    }

    [Fact]
    public void Column_blocks_hold_at_most_65536_rows()
    {
        // Stage stretches name their row modulo 65,536 (LeadColumns.StretchRows): a larger block would mix rows.
        Assert.InRange(GroupedCalculator<LeadKpiCalculator, LeadKpis>.ColumnBlockSize, 1, ushort.MaxValue + 1);
    }

    [Fact]
    public void Columnar_batch_after_a_merge_counts_into_merged_groups()
    {
        var records = SyntheticLeadRecords.Generate(5000, seed: 11);
        var merged = new CalculatorSet<FunnelCalculator, FunnelResult>(new FunnelCalculator(), LeadGrouping.BySource);
        var other = new CalculatorSet<FunnelCalculator, FunnelResult>(new FunnelCalculator(), LeadGrouping.BySource);
        other.AddRange(records.AsSpan(0, 2500));
        merged.Merge(other);
        merged.AddRange(LeadColumns.From(records.AsSpan(2500)));
        var direct = new CalculatorSet<FunnelCalculator, FunnelResult>(new FunnelCalculator(), LeadGrouping.BySource);
        direct.AddRange(records.AsSpan());
        Assert.Equal(direct.Snapshot().For(LeadGrouping.BySource), merged.Snapshot().For(LeadGrouping.BySource));
    }

    [Fact]
    public void Columns_round_trip_records()
    {
        var records = SyntheticLeadRecords.Generate(1000, seed: 5);
        var columns = LeadColumns.From(records);
        Assert.Equal(records.Length, columns.Count);
        for (var i = 0; i < records.Length; i++)
        {
            var a = records[i];
            var b = columns[i];
            Assert.Equal((a.Lead, a.CreatedAt, a.Source, a.Campaign, a.Owner, a.Segment, a.FirstResponseAt, a.Outcome, a.ClosedAt, a.FurthestPosition, a.DealValue),
                (b.Lead, b.CreatedAt, b.Source, b.Campaign, b.Owner, b.Segment, b.FirstResponseAt, b.Outcome, b.ClosedAt, b.FurthestPosition, b.DealValue));
            Assert.Equal(a.Stages.ToArray(), b.Stages.ToArray());
        }

        Assert.Equal("index", Assert.Throws<ArgumentOutOfRangeException>(() => columns[1000]).ParamName);
    }

    [Fact]
    public void A_bad_row_in_a_counting_batch_is_named()
    {
        var t0 = Instant.FromUtc(2024, 1, 1, 0, 0);
        var columns = LeadColumns.From([new LeadRecord(1, t0), new LeadRecord(2, t0, furthestPosition: 4)]);
        var set = new CalculatorSet<FunnelCalculator, FunnelResult>(new FunnelCalculator(), LeadGrouping.BySource);
        Assert.Contains("row 1", Assert.Throws<ArgumentOutOfRangeException>(() => set.AddRange(columns)).Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Columns_accept_won_records_beyond_255_like_the_row_path()
    {
        var won = new LeadRecord(1, Instant.FromUtc(2024, 3, 4, 9, 0), outcome: LeadOutcome.Won, closedAt: Instant.FromUtc(2024, 3, 4, 9, 0), furthestPosition: 300);
        var set = new CalculatorSet<FunnelCalculator, FunnelResult>(new FunnelCalculator(), LeadGrouping.Total);
        set.AddRange(LeadColumns.From([won]));
        Assert.Equal(1, set.Snapshot().Total().Won);
    }

    [Fact]
    public void Counting_a_warm_columnar_batch_allocates_nothing_per_lead()
    {
        var columns = LeadColumns.From(SyntheticLeadRecords.Generate(1_000_000, seed: 9));
        var funnel = new CalculatorSet<FunnelCalculator, FunnelResult>(new FunnelCalculator(), LeadGrouping.Total, LeadGrouping.BySource, new LeadGrouping(GroupDimension.Owner, TimeBucket.Month, London));
        funnel.AddRange(columns);
        var before = ThreadAllocations.Start();
        funnel.AddRange(columns);
        Assert.True(GC.GetAllocatedBytesForCurrentThread() - before < 1024);
        Assert.Equal(2_000_000, funnel.Snapshot().Total().Leads);
    }
}

public class ColumnarKernelTests
{
    private static readonly DateTimeZone London = DateTimeZoneProviders.Tzdb["Europe/London"];

    private static readonly LeadGrouping[] Groupings =
    [
        LeadGrouping.Total, LeadGrouping.BySource, new LeadGrouping(GroupDimension.Owner, TimeBucket.IsoWeek, London),
        new LeadGrouping(GroupDimension.Campaign, TimeBucket.Month, London, PeriodInstant.Closed),
    ];

    private static readonly WorkingCalendar Calendar = WorkingCalendar.Weekdays(London, new LocalTime(9, 0), new LocalTime(17, 0));

    public static Arbitrary<LeadRecord[]> Records() => RawLeadRecords.Batch.ToArbitrary();

    private static CalculatorSetResult<TResult> Same<TCalc, TResult>(TCalc prototype, LeadRecord[] records)
        where TCalc : class, ILeadCalculator<TCalc, TResult>
    {
        var byRow = new CalculatorSet<TCalc, TResult>(prototype, Groupings);
        foreach (var record in records)
        {
            byRow.Add(record);
        }

        var byColumn = new CalculatorSet<TCalc, TResult>(prototype, Groupings);
        var third = records.Length / 3;
        byColumn.AddRange(LeadColumns.From(records.AsSpan(0, third)));
        byColumn.AddRange(LeadColumns.From(records.AsSpan(third)));
        var rows = byRow.Snapshot();
        Assert.Equal(rows, byColumn.Snapshot());
        return rows;
    }

    [Property(Arbitrary = [typeof(ColumnarKernelTests)], MaxTest = 200)]
    public void Response_time_by_columns_equals_by_records(LeadRecord[] records)
    {
        Same<ResponseTimeCalculator, ResponseTimeResult>(new ResponseTimeCalculator(), records);
        Same<ResponseTimeCalculator, ResponseTimeResult>(new ResponseTimeCalculator(new ResponseTimeOptions(businessHours: Calendar)), records);
    }

    [Property(Arbitrary = [typeof(ColumnarKernelTests)], MaxTest = 200)]
    public void Time_to_conversion_by_columns_equals_by_records(LeadRecord[] records) =>
        Same<TimeToConversionCalculator, TimeToConversionResult>(new TimeToConversionCalculator(), records);

    [Property(Arbitrary = [typeof(ColumnarKernelTests)], MaxTest = 200)]
    public void Sales_cycle_by_columns_equals_by_records(LeadRecord[] records)
    {
        Same<SalesCycleCalculator, SalesCycleResult>(new SalesCycleCalculator(), records);
        Same<SalesCycleCalculator, SalesCycleResult>(new SalesCycleCalculator(Pipeline.Default, Pipeline.Default.Stages[2]), records);
    }

    [Property(Arbitrary = [typeof(ColumnarKernelTests)], MaxTest = 200)]
    public void All_kpis_by_columns_equal_by_records(LeadRecord[] records) =>
        Same<LeadKpiCalculator, LeadKpis>(new LeadKpiCalculator(), records);

    [Theory]
    [InlineData("12.50 3.1 0.000 5.250 7 1.10")]            // mixed scales: units at scale 3, each group's own scale kept
    [InlineData("500 1200 3 0")]                           // one scale
    [InlineData("12.5 0.0000000000000000001 3")]           // a scale above 18: decimals
    [InlineData("1000000000000000000 1.5")]                // too many units (10^19 tenths, the largest deal value at scale 1): decimals
    public void Won_values_by_columns_keep_value_and_scale(string amounts)
    {
        var values = amounts.Split(' ').Select(a => decimal.Parse(a, System.Globalization.CultureInfo.InvariantCulture)).ToArray();
        var records = SyntheticLeadRecords.Generate(6_000, seed: 9).Select((r, i) => r.Outcome == LeadOutcome.Won
            ? new LeadRecord(r.Lead, r.CreatedAt, r.Source, r.Campaign, r.Owner, r.Segment, r.FirstResponseAt, r.Outcome, r.ClosedAt, r.FurthestPosition, new Money(values[(r.Source + (i % 2 * r.Owner)) % values.Length], Currency.Usd), r.Stages)
            : r).ToArray();
        // Equal decimals can differ in scale (12.5 and 12.50): the text compares the scale too.
        static string Values(CalculatorSetResult<LeadKpis> r) =>
            string.Join(";", r.Groupings.SelectMany(g => g.Groups).Select(g => $"{g.Key}={g.Result.WonValue}|{g.Result.AverageDealValue}"));
        var byRow = new CalculatorSet<LeadKpiCalculator, LeadKpis>(new LeadKpiCalculator(), Groupings);
        byRow.AddRange(records.AsSpan());
        Assert.Equal(Values(byRow.Snapshot()), Values(Same<LeadKpiCalculator, LeadKpis>(new LeadKpiCalculator(), records)));
    }

    // Leads without stage visits (the native library's leads-only path): each block takes the time-to-conversion kernel
    // that reads no layout columns (TimeToConversionKernel.EmitRowsWithoutVisits); the same results as the records.
    [Property(Arbitrary = [typeof(ColumnarKernelTests)], MaxTest = 200)]
    public void Leads_without_stages_by_columns_equal_by_records(LeadRecord[] records)
    {
        var leadsOnly = records.Select(WithoutStages).ToArray();
        Same<TimeToConversionCalculator, TimeToConversionResult>(new TimeToConversionCalculator(), leadsOnly);
        Same<LeadKpiCalculator, LeadKpis>(new LeadKpiCalculator(), leadsOnly);
    }

    [Fact]
    public void The_kernel_for_leads_without_stages_equals_the_general_one_at_every_width()
    {
        // Blocks without visits (the first 16,384 rows and the rest) and one block with both: every width against the scalar loops.
        var records = SyntheticLeadRecords.Generate(40_000, seed: 6).Select((r, i) => i < 30_000 ? WithoutStages(r) : r).ToArray();
        CalculatorSetResult<LeadKpis> Run()
        {
            var set = new CalculatorSet<LeadKpiCalculator, LeadKpis>(new LeadKpiCalculator(), Groupings);
            set.AddRange(LeadColumns.From(records));
            return set.Snapshot();
        }

        var byRow = new CalculatorSet<LeadKpiCalculator, LeadKpis>(new LeadKpiCalculator(), Groupings);
        foreach (var record in records)
        {
            byRow.Add(record);
        }

        var rows = byRow.Snapshot();
        try
        {
            ColumnKernels.Width = VectorWidth.Scalar;
            Assert.Equal(rows, Run());
            foreach (var width in VectorWidths.Available)
            {
                ColumnKernels.Width = width;
                Assert.Equal(rows, Run());
            }
        }
        finally
        {
            ColumnKernels.UseVectors = true;
        }
    }

    private static LeadRecord WithoutStages(LeadRecord r) =>
        new(r.Lead, r.CreatedAt, r.Source, r.Campaign, r.Owner, r.Segment, r.FirstResponseAt, r.Outcome, r.ClosedAt, r.FurthestPosition, r.DealValue, default);

    [Fact]
    public void The_vectorized_kernels_equal_the_scalar_ones()
    {
        var records = RawLeadRecords.LargeBatch.Sample(1, 2)[0].Concat(SyntheticLeadRecords.Generate(10_000, seed: 4).Select(r => new LeadRecord(
            r.Lead + 10_000, r.CreatedAt, r.Source, r.Campaign, r.Owner, r.Segment, r.FirstResponseAt, r.Outcome, r.ClosedAt, r.FurthestPosition, r.DealValue, r.Stages))).ToArray();
        CalculatorSetResult<LeadKpis> Run()
        {
            var set = new CalculatorSet<LeadKpiCalculator, LeadKpis>(new LeadKpiCalculator(), Groupings);
            set.AddRange(LeadColumns.From(records));
            return set.Snapshot();
        }

        ColumnKernels.Width = VectorWidth.Scalar;
        var scalar = Run();
        try
        {
            // Every width this processor has (an AVX-512 machine runs all four), each against the scalar loops.
            foreach (var width in VectorWidths.Available)
            {
                ColumnKernels.Width = width;
                Assert.Equal(scalar, Run());
            }
        }
        finally
        {
            ColumnKernels.UseVectors = true;
        }
    }

    [Fact]
    public void Blocks_whose_mix_of_groups_shifts_give_the_same_results()
    {
        // The drain sizes each group's region from the previous block: here the second block is mostly the
        // group the first block barely had, and the third has a group it never saw, so regions overflow and
        // the drain must count instead.
        var block = GroupedCalculator<LeadKpiCalculator, LeadKpis>.ColumnBlockSize;
        var records = SyntheticLeadRecords.Generate((3 * block) + 100, seed: 5).Select((r, i) =>
        {
            var source = i < block ? (i % 10 == 0 ? 2 : 1) : i < 2 * block ? (i % 10 == 0 ? 1 : 2) : 3 + (i % 2);
            return new LeadRecord(r.Lead, r.CreatedAt, source, r.Campaign, r.Owner, r.Segment, r.FirstResponseAt, r.Outcome, r.ClosedAt, r.FurthestPosition, r.DealValue, r.Stages);
        }).ToArray();
        Same<LeadKpiCalculator, LeadKpis>(new LeadKpiCalculator(), records);
        Same<ResponseTimeCalculator, ResponseTimeResult>(new ResponseTimeCalculator(), records);
    }

    [Fact]
    public void Large_batches_cross_blocks_and_give_the_same_results()
    {
        var records = RawLeadRecords.LargeBatch.Sample(1, 1)[0];
        Same<LeadKpiCalculator, LeadKpis>(new LeadKpiCalculator(), records);
        var synthetic = SyntheticLeadRecords.Generate(20_000, seed: 3);
        Same<LeadKpiCalculator, LeadKpis>(new LeadKpiCalculator(), synthetic);
        Same<TimeToConversionCalculator, TimeToConversionResult>(new TimeToConversionCalculator(), synthetic);
    }
}

public class RowBlockTests
{
    private static CalculatorSetResult<TResult> OneByOne<TCalc, TResult>(TCalc prototype, ReadOnlySpan<LeadRecord> records, params LeadGrouping[] groupings)
        where TCalc : class, ILeadCalculator<TCalc, TResult>
    {
        var set = new CalculatorSet<TCalc, TResult>(prototype, groupings);
        foreach (var record in records)
        {
            set.Add(record);
        }

        return set.Snapshot();
    }

    [Fact]
    public void A_bad_record_in_a_span_stops_there_as_one_by_one_does()
    {
        var records = RawLeadRecords.LargeBatch.Sample(1, 4)[0];
        var t0 = Instant.FromUtc(2024, 5, 1, 0, 0);
        records[300] = new LeadRecord(records[300].Lead, t0, furthestPosition: 4);
        var grouped = new CalculatorSet<LeadKpiCalculator, LeadKpis>(new LeadKpiCalculator(), LeadGrouping.BySource, LeadGrouping.Total);
        var error = Assert.Throws<ArgumentOutOfRangeException>(() => grouped.AddRange(records));
        Assert.Contains($"lead {records[300].Lead}", error.Message, StringComparison.Ordinal);
        var expected = OneByOne<LeadKpiCalculator, LeadKpis>(new LeadKpiCalculator(), records.AsSpan(0, 300), LeadGrouping.BySource, LeadGrouping.Total);
        Assert.Equal(expected, grouped.Snapshot());
    }
}
