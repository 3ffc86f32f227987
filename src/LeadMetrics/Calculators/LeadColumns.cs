namespace LeadMetrics.Calculators;

/// <summary>
/// A columnar batch of lead records: one array per fact (source ids, outcomes, furthest positions,
/// instants, ...), the layout an analytical engine scans. Counting calculators (volume, funnel) read
/// only the two or three columns they need from it, several times faster than from row records;
/// every other calculator reads it row by row with the same results.
/// </summary>
/// <remarks>Immutable once built. Build it from records you already hold with <see cref="From"/>.</remarks>
public sealed class LeadColumns
{
    private readonly long[] _created;
    private readonly long[] _response;
    private readonly long[] _closed;
    private readonly int[] _lead;
    private readonly decimal[] _dealAmount;
    private readonly Currency[] _dealCurrency;
    private readonly int[] _stageStart;
    private readonly StageVisit[] _visits;
    private readonly int[] _visitRows;
    private readonly int[] _walkBound;

    private LeadColumns(int count)
    {
        Count = count;
        _lead = new int[count];
        _created = new long[count];
        _response = new long[count];
        _closed = new long[count];
        Sources = new int[count];
        Campaigns = new int[count];
        Owners = new int[count];
        Segments = new int[count];
        Outcomes = new byte[count];
        Furthest = new byte[count];
        _dealAmount = new decimal[count];
        _dealCurrency = new Currency[count];
        _stageStart = new int[count + 1];
        _visits = [];
        _visitRows = [];
        _walkBound = new int[count];
    }

    private LeadColumns(int count, StageVisit[] visits)
        : this(count)
    {
        _visits = visits;
        _visitRows = new int[visits.Length];
    }

    /// <summary>The number of leads.</summary>
    public int Count { get; }

    internal int[] Sources { get; }

    internal int[] Campaigns { get; }

    internal int[] Owners { get; }

    internal int[] Segments { get; }

    internal byte[] Outcomes { get; }

    internal byte[] Furthest { get; }

    internal int[] LeadKeys => _lead;

    // Summaries of the batch, so calculators check a valid batch without reading it: the largest stage
    // index of any visit (-1 without visits); the largest furthest position of a lead not won (-1 when
    // all are won); the one currency of every won deal value (default when there is none, null when
    // they differ).
    internal int MaxVisitStage { get; private set; }

    internal int MaxOpenFurthest { get; private set; }

    internal Currency? WonCurrency { get; private set; }

    internal decimal[] DealAmounts => _dealAmount;

    internal Currency[] DealCurrencies => _dealCurrency;

    // Row i's visits are Visits[StageStarts[i]..StageStarts[i + 1]].
    internal int[] StageStarts => _stageStart;

    internal StageVisit[] Visits => _visits;

    // The row of each visit.
    internal int[] VisitRows => _visitRows;

    /// <summary>
    /// Per row, the shape of its stage history for the stage walk: the largest stage among its visits
    /// before the last (-1 with fewer than two visits), or <see cref="int.MaxValue"/> when a stage is
    /// visited twice in a row or the first visit is to stage 0 after creation. A row whose bound is
    /// below the pipeline's first terminal stage has a simple walk: each visit ends the stretch in the
    /// previous visit's stage, and nothing follows a terminal stage.
    /// </summary>
    internal int[] WalkBounds => _walkBound;

    internal long[] CreatedTicks => _created;

    internal long[] ResponseTicks => _response;

    internal long[] ClosedTicks => _closed;

    /// <summary>The lead at a row, as a record (its stage visits are a view of the batch's buffer).</summary>
    /// <param name="index">The row, 0 to <see cref="Count"/> − 1.</param>
    /// <returns>The record.</returns>
    public LeadRecord this[int index]
    {
        get
        {
            if (unchecked((uint)index >= (uint)Count))
            {
                throw new ArgumentOutOfRangeException(nameof(index), index, $"index must be between 0 and {Count - 1}; was {index}.");
            }

            return Row(index);
        }
    }

    /// <summary>Builds a batch from records (copies them column by column).</summary>
    /// <param name="leads">The records.</param>
    /// <returns>The batch.</returns>
    /// <exception cref="ArgumentOutOfRangeException">A furthest position is above 255 (no pipeline has that many stages).</exception>
    public static LeadColumns From(ReadOnlySpan<LeadRecord> leads)
    {
        var visitCount = 0;
        foreach (ref readonly var lead in leads)
        {
            visitCount += lead.Stages.Length;
        }

        var columns = new LeadColumns(leads.Length, new StageVisit[visitCount]);
        var v = 0;
        for (var i = 0; i < leads.Length; i++)
        {
            ref readonly var lead = ref leads[i];
            if (lead.FurthestPosition > byte.MaxValue && lead.Outcome != LeadOutcome.Won)
            {
                throw new ArgumentOutOfRangeException(nameof(leads), lead.FurthestPosition, $"leads[{i}].FurthestPosition is {lead.FurthestPosition}; a pipeline has at most {Pipeline.MaxStages} stages.");
            }

            columns._lead[i] = lead.Lead;
            columns._created[i] = lead.CreatedTicks;
            columns._response[i] = lead.ResponseTicks;
            columns._closed[i] = lead.ClosedTicks;
            columns.Sources[i] = lead.Source;
            columns.Campaigns[i] = lead.Campaign;
            columns.Owners[i] = lead.Owner;
            columns.Segments[i] = lead.Segment;
            columns.Outcomes[i] = (byte)lead.Outcome;
            columns.Furthest[i] = (byte)Math.Min(lead.FurthestPosition, byte.MaxValue);
            columns._dealAmount[i] = lead.DealAmount;
            columns._dealCurrency[i] = lead.DealCurrency;
            columns._stageStart[i] = v;
            lead.Stages.Span.CopyTo(columns._visits.AsSpan(v));
            columns._visitRows.AsSpan(v, lead.Stages.Length).Fill(i);
            columns._walkBound[i] = WalkBound(lead.CreatedTicks, lead.Stages.Span);
            v += lead.Stages.Length;
        }

        columns._stageStart[leads.Length] = v;
        var maxStage = -1;
        foreach (ref readonly var visit in columns._visits.AsSpan())
        {
            maxStage = Math.Max(maxStage, visit.Stage);
        }

        var maxOpenFurthest = -1;
        Currency dealCurrency = default;
        var mixed = false;
        for (var i = 0; i < leads.Length; i++)
        {
            if (columns.Outcomes[i] != (byte)LeadOutcome.Won)
            {
                maxOpenFurthest = Math.Max(maxOpenFurthest, columns.Furthest[i]);
            }
            else if (!columns._dealCurrency[i].IsDefault)
            {
                mixed |= !dealCurrency.IsDefault && dealCurrency != columns._dealCurrency[i];
                dealCurrency = columns._dealCurrency[i];
            }
        }

        columns.MaxVisitStage = maxStage;
        columns.MaxOpenFurthest = maxOpenFurthest;
        columns.WonCurrency = mixed ? null : dealCurrency;
        return columns;
    }

    /// <summary>The ids of a dimension's column, or null for <see cref="GroupDimension.None"/>.</summary>
    /// <summary>
    /// Runs <paramref name="check"/> on each row in order, so the first bad row throws the exception
    /// adding the records one by one would throw. The slow path of a batch a fast scan found bad.
    /// </summary>
    internal void CheckRows(RowCheck check)
    {
        for (var i = 0; i < Count; i++)
        {
            check(Row(i));
        }
    }

    internal delegate void RowCheck(in LeadRecord lead);

    private static int WalkBound(long createdTicks, ReadOnlySpan<StageVisit> visits)
    {
        if (visits.Length > 0 && visits[0].Stage == 0 && visits[0].EnteredTicks != createdTicks)
        {
            return int.MaxValue;
        }

        var bound = -1;
        for (var k = 1; k < visits.Length; k++)
        {
            if (visits[k].Stage == visits[k - 1].Stage)
            {
                return int.MaxValue;
            }

            bound = Math.Max(bound, visits[k - 1].Stage);
        }

        return bound;
    }

    internal int[]? DimensionColumn(GroupDimension dimension) => dimension switch
    {
        GroupDimension.None => null,
        GroupDimension.Source => Sources,
        GroupDimension.Campaign => Campaigns,
        GroupDimension.Owner => Owners,
        _ => Segments,
    };

    internal long[] InstantColumn(PeriodInstant instant) => instant switch
    {
        PeriodInstant.Created => _created,
        PeriodInstant.FirstResponse => _response,
        _ => _closed,
    };

    internal LeadRecord Row(int i) => new(
        _lead[i],
        _created[i],
        Sources[i],
        Campaigns[i],
        Owners[i],
        Segments[i],
        _response[i],
        (LeadOutcome)Outcomes[i],
        _closed[i],
        Furthest[i],
        _dealAmount[i],
        _dealCurrency[i],
        new ReadOnlyMemory<StageVisit>(_visits, _stageStart[i], _stageStart[i + 1] - _stageStart[i]));
}
