using LeadMetrics.Encoding;
using LeadMetrics.Engine;
using LeadMetrics.Records;
using LeadMetrics.Serialization;
using LeadMetrics.Statistics;

namespace LeadMetrics.Calculators;

/// <summary>
/// All lead KPIs of one group in one pass: funnel and conversion (volume included), response time,
/// time to conversion with stage velocity, sales cycle, and won deal value.
/// </summary>
/// <remarks>Single-writer: one thread adds to a calculator at a time; two threads calling <c>Add</c> on one calculator at once lose leads silently. For several cores give each thread its own calculator and <c>Merge</c> them at the end, which gives exactly the one-pass result.</remarks>
public sealed class LeadKpiCalculator : ILeadCalculator<LeadKpiCalculator, LeadKpis>, IColumnarCalculator<LeadKpiCalculator>, ISerializableCalculator, ISerializableState
{
    private readonly FunnelCalculator _funnel;
    private readonly ResponseTimeCalculator _response;
    private readonly TimeToConversionCalculator _conversion;
    private readonly SalesCycleCalculator _cycle;
    private decimal _wonValue;
    private long _wonWithValue;
    private Parts? _parts;

    /// <summary>Creates a calculator.</summary>
    /// <param name="options">The options; <see cref="KpiOptions.Default"/> when null.</param>
    public LeadKpiCalculator(KpiOptions? options = null)
    {
        Options = options ?? KpiOptions.Default;
        _funnel = new FunnelCalculator(Options.Pipeline);
        _response = new ResponseTimeCalculator(Options.ResponseTime);
        _conversion = new TimeToConversionCalculator(Options.Pipeline, Options.Distribution);
        _cycle = new SalesCycleCalculator(Options.Pipeline, Options.SalesCycleStart, Options.Distribution);
    }

    /// <summary>The options.</summary>
    public KpiOptions Options { get; }

    /// <inheritdoc />
    /// <exception cref="CurrencyMismatchException">A won lead's deal value is not in <see cref="KpiOptions.Currency"/>.</exception>
    public void Add(in LeadRecord lead)
    {
        // Check everything before changing anything: a rejected lead leaves the calculator as it was.
        RecordChecks.CheckRecord(lead);
        Check(lead);
        _conversion.AddChecked(lead);
        _funnel.AddChecked(lead);
        _response.Add(lead);
        _cycle.Add(lead);
        if (lead.Outcome == LeadOutcome.Won && !lead.DealCurrency.IsDefault)
        {
            _wonValue += lead.DealAmount;
            _wonWithValue++;
        }
    }

    /// <inheritdoc />
    void IColumnarCalculator<LeadKpiCalculator>.CheckColumns(LeadColumns columns)
    {
        if (!AllValid(columns))
        {
            columns.CheckRows(Check);
        }
    }

    // Whether Add accepts every row of the batch, read from its summaries.
    private bool AllValid(LeadColumns columns) =>
        columns.WonCurrency is { } currency && (currency.IsDefault || currency == Options.Currency)
        && _funnel.AllValid(columns) && _conversion.AllValid(columns) && _cycle.AllValid(columns);

    /// <inheritdoc />
    bool IColumnarCalculator<LeadKpiCalculator>.NeedsGroupRows => false;

    /// <inheritdoc />
    void IColumnarCalculator<LeadKpiCalculator>.EndColumns() => _parts?.Block.Release();

    /// <inheritdoc />
    void IColumnarCalculator<LeadKpiCalculator>.AddColumns(
        LeadColumns columns, int start, ReadOnlySpan<int> slots, LeadKpiCalculator[] calculators, int groupCount, ReadOnlySpan<long> groupRows)
    {
        var parts = _parts ??= new Parts(Options.Pipeline.OpenStageCount);
        parts.Refresh(calculators, groupCount);
        var block = parts.Block;
        _funnel.AddColumns(columns, start, slots, parts.Funnels, groupCount, ref parts.Cells);

        // Rows per group: the funnel's cells of each group (every row is in exactly one).
        if (parts.GroupRows.Length < groupCount)
        {
            parts.GroupRows = new long[Math.Max(groupCount, parts.GroupRows.Length * 2)];
        }

        groupRows = parts.GroupRows.AsSpan(0, groupCount);
        _funnel.RowsPerGroup(parts.Cells, parts.GroupRows.AsSpan(0, groupCount));
        var layout = parts.Layout;
        ResponseTimeCalculator.AddColumns(columns, start, slots, parts.Responses, groupRows, block, layout.Stride, StatisticsLayout.Response);
        TimeToConversionCalculator.AddColumns(columns, start, slots, parts.Conversions, groupRows, block, layout.Stride, StatisticsLayout.Conversion, ref parts.Visits);
        SalesCycleCalculator.AddColumns(columns, start, slots, parts.Cycles, block, layout.Stride, layout.CycleWon);
        block.Drain();
        if (columns.WonValues is { } won)
        {
            AddWonUnits(won, start, slots, calculators, groupCount, parts);
            return;
        }

        var outcomes = columns.Outcomes.AsSpan(start, slots.Length);
        var amounts = columns.DealAmounts.AsSpan(start, slots.Length);
        var currencies = columns.DealCurrencies.AsSpan(start, slots.Length);
        for (var i = 0; i < slots.Length; i++)
        {
            if (outcomes[i] == (byte)LeadOutcome.Won && !currencies[i].IsDefault)
            {
                var calculator = calculators[slots[i]];
                calculator._wonValue += amounts[i];
                calculator._wonWithValue++;
            }
        }
    }

    // The block's won values summed per group as integer units without branches, then one decimal per group
    // (see WonValueColumn: the same value and scale as adding the decimals one by one).
    private static void AddWonUnits(WonValueColumn won, int start, ReadOnlySpan<int> slots, LeadKpiCalculator[] calculators, int groupCount, Parts parts)
    {
        // Sums and counts in four lanes (row i in lane i % 4), so that rows of one group in a row do not wait on each other.
        if (parts.WonUnits.Length < 4 * groupCount)
        {
            var size = Math.Max(4 * groupCount, parts.WonUnits.Length * 2);
            parts.WonUnits = new long[size];
            parts.WonCounts = new long[size];
            parts.WonScales = new byte[size];
        }

        var sums = parts.WonUnits.AsSpan(0, 4 * groupCount);
        var counts = parts.WonCounts.AsSpan(0, 4 * groupCount);
        var scales = parts.WonScales.AsSpan(0, groupCount);
        sums.Clear();
        counts.Clear();
        scales.Clear();
        // Only the counted rows (won with a deal value) of the block.
        var range = won.RowsBetween(start, start + slots.Length);
        var rows = won.Rows.AsSpan(range);
        var units = won.Units.AsSpan(range);
        var rowScales = won.Scales.AsSpan(range);

        // Unchecked on purpose: each row's units are at most 2^47 in magnitude and a block has at most 16,384 rows.
        unchecked
        {
            for (var k = 0; k < rows.Length && k < units.Length; k++)
            {
                var lane = (4 * slots[rows[k] - start]) + (k & 3);
                sums[lane] += units[k];
                counts[lane]++;
            }

            if (won.UniformScale is null)
            {
                for (var k = 0; k < rows.Length && k < rowScales.Length; k++)
                {
                    var slot = slots[rows[k] - start];
                    scales[slot] = Math.Max(scales[slot], rowScales[k]);
                }
            }
        }

        for (var slot = 0; slot < groupCount; slot++)
        {
            var count = counts[4 * slot] + counts[(4 * slot) + 1] + counts[(4 * slot) + 2] + counts[(4 * slot) + 3];
            if (count > 0)
            {
                var sum = sums[4 * slot] + sums[(4 * slot) + 1] + sums[(4 * slot) + 2] + sums[(4 * slot) + 3];
                var calculator = calculators[slot];
                calculator._wonValue += won.ToDecimal(sum, won.UniformScale ?? scales[slot]);
                calculator._wonWithValue += count;
            }
        }
    }

    private void Check(in LeadRecord lead)
    {
        if (lead.Outcome == LeadOutcome.Won && !lead.DealCurrency.IsDefault && lead.DealCurrency != Options.Currency)
        {
            throw new CurrencyMismatchException(Options.Currency, lead.DealCurrency);
        }

        _conversion.Check(lead);
        _funnel.Check(lead);
        _cycle.Check(lead);
    }

    /// <inheritdoc />
    string ISerializableState.Configuration =>
        "kpis;" + Options.Description;

    void ISerializableState.WriteState(StateWriter writer)
    {
        ((ISerializableState)_funnel).WriteState(writer);
        ((ISerializableState)_response).WriteState(writer);
        ((ISerializableState)_conversion).WriteState(writer);
        ((ISerializableState)_cycle).WriteState(writer);
        writer.WriteDecimal(_wonValue);
        writer.WriteInt64(_wonWithValue);
    }

    void ISerializableState.ReadState(ref StateReader reader)
    {
        ((ISerializableState)_funnel).ReadState(ref reader);
        ((ISerializableState)_response).ReadState(ref reader);
        ((ISerializableState)_conversion).ReadState(ref reader);
        ((ISerializableState)_cycle).ReadState(ref reader);
        _wonValue = reader.ReadDecimal("wonValue");
        _wonWithValue = reader.ReadCounter("wonWithValue");

        // One lead adds to every part: the parts must agree.
        if (_funnel.Leads != _response.Leads || _funnel.Leads != _conversion.Leads || _conversion.Converted != _funnel.Won
            || _wonWithValue > _funnel.Won || (_wonWithValue == 0 && _wonValue != 0m))
        {
            throw reader.Error(
                $"the parts disagree: funnel {_funnel.Leads} leads and {_funnel.Won} won, response time {_response.Leads} leads, time to conversion {_conversion.Leads} leads and {_conversion.Converted} won, {_wonWithValue} won with a value summing to {_wonValue}");
        }
    }

    /// <inheritdoc />
    public byte[] Serialize(LeadEncoding? encoding = null) => StateMerge.Serialize(this, encoding);

    /// <inheritdoc />
    public void MergeSerialized(ReadOnlySpan<byte> state, LeadEncoding? encoding = null) => StateMerge.MergeSerialized<LeadKpiCalculator, LeadKpis>(this, state, encoding);

    /// <inheritdoc />
    public void Merge(LeadKpiCalculator other)
    {
        Preconditions.CheckNotNull(other);
        if (!Options.Equals(other.Options))
        {
            throw new ArgumentException($"other was created with options [{other.Options.Description}], this with [{Options.Description}]; only equal options merge.", nameof(other));
        }

        _funnel.Merge(other._funnel);
        _response.Merge(other._response);
        _conversion.Merge(other._conversion);
        _cycle.Merge(other._cycle);
        _wonValue += other._wonValue;
        _wonWithValue += other._wonWithValue;
    }

    /// <inheritdoc />
    public LeadKpis Snapshot() => new(
        _funnel.Snapshot(),
        _response.Snapshot(),
        _conversion.Snapshot(),
        _cycle.Snapshot(),
        new Money(_wonValue, Options.Currency),
        _wonWithValue == 0 ? null : new Money(_wonValue / _wonWithValue, Options.Currency));

    /// <inheritdoc />
    public LeadKpiCalculator CreateEmpty() => new(Options);

    // Where each group's statistics sit in the block's ids: group slot s owns ids s * Stride to s * Stride + Stride - 1,
    // in the order of the parts' registration (each part registers its statistics from its first id on).
    private readonly struct StatisticsLayout(int openStages)
    {
        // Response time: one statistics.
        internal const int Response = 0;

        // Time to conversion, then one per open stage (stage velocity): TimeToConversionCalculator.Register's order.
        internal const int Conversion = 1;

        // Sales cycle won, then lost: SalesCycleCalculator.Register's order.
        internal int CycleWon => Conversion + 1 + openStages;

        // Ids per group.
        internal int Stride => CycleWon + 2;
    }

    // The parts of every group's calculator by slot, and the scratch of the columnar path; kept by the
    // grouped calculator's prototype only, and extended as groups appear (a group's calculator never
    // changes).
    private sealed class Parts(int openStages)
    {
        internal readonly DurationBlock Block = new();
        internal readonly StatisticsLayout Layout = new(openStages);
        internal long[] Cells = [];
        internal long[] GroupRows = [];
        internal long[] WonUnits = [];
        internal long[] WonCounts = [];
        internal byte[] WonScales = [];
        internal TimeToConversionCalculator.VisitScratch? Visits;
        internal FunnelCalculator[] Funnels = [];
        internal ResponseTimeCalculator[] Responses = [];
        internal TimeToConversionCalculator[] Conversions = [];
        internal SalesCycleCalculator[] Cycles = [];

        internal void Refresh(LeadKpiCalculator[] calculators, int groupCount)
        {
            if (Block.Groups == groupCount)
            {
                return;
            }

            if (Funnels.Length < groupCount)
            {
                var size = Math.Max(groupCount, Funnels.Length * 2);
                Array.Resize(ref Funnels, size);
                Array.Resize(ref Responses, size);
                Array.Resize(ref Conversions, size);
                Array.Resize(ref Cycles, size);
            }

            for (var slot = Block.Groups; slot < groupCount; slot++)
            {
                var calculator = calculators[slot];
                Funnels[slot] = calculator._funnel;
                Responses[slot] = calculator._response;
                Conversions[slot] = calculator._conversion;
                Cycles[slot] = calculator._cycle;
                var first = slot * Layout.Stride;
                calculator._response.Register(Block, first + StatisticsLayout.Response);
                calculator._conversion.Register(Block, first + StatisticsLayout.Conversion);
                calculator._cycle.Register(Block, first + Layout.CycleWon);
            }

            Block.Groups = groupCount;
        }
    }
}
