using System.Collections.Immutable;
using System.Globalization;

namespace LeadMetrics.Calculators;

/// <summary>
/// The funnel of a pipeline: reach per stage, stage-to-stage conversion, drop-off, overall conversion and win rate.
/// Immutable, with value equality.
/// </summary>
public sealed class FunnelResult
{
    internal FunnelResult(
        Pipeline pipeline, long leads, long won, long lost, long open, ImmutableArray<FunnelStageResult> stages, decimal? conversionRate, decimal? winRate)
    {
        Pipeline = pipeline;
        Leads = leads;
        Won = won;
        Lost = lost;
        Open = open;
        Stages = stages;
        ConversionRate = conversionRate;
        WinRate = winRate;
    }

    /// <summary>The pipeline (compared by identity).</summary>
    public Pipeline Pipeline { get; }

    /// <summary>All leads.</summary>
    public long Leads { get; }

    /// <summary>Won leads.</summary>
    public long Won { get; }

    /// <summary>Lost leads.</summary>
    public long Lost { get; }

    /// <summary>Leads neither won nor lost.</summary>
    public long Open { get; }

    /// <summary>The open stages in funnel order, then the won stage.</summary>
    public ImmutableArray<FunnelStageResult> Stages { get; }

    /// <summary>The conversion rate, won divided by leads (JSON <c>conversion_rate</c>, like <c>FinanceResult.ConversionRate</c>); null when there are no leads.</summary>
    public decimal? ConversionRate { get; }

    /// <summary>Won divided by (Won + Lost); null when nothing is closed.</summary>
    public decimal? WinRate { get; }

    /// <summary>True when every value of the two results is equal (collections element by element).</summary>
    /// <param name="other">The other result.</param>
    /// <returns>True when equal.</returns>
    private bool Equals(FunnelResult? other) =>
        other is not null && (ReferenceEquals(this, other) ||
            (Pipeline == other.Pipeline &&
             Leads == other.Leads &&
             Won == other.Won &&
             Lost == other.Lost &&
             Open == other.Open &&
             ValueEquality.Sequence(Stages, other.Stages) &&
             ConversionRate == other.ConversionRate &&
             WinRate == other.WinRate));

    /// <inheritdoc />
    public override bool Equals(object? obj) => Equals(obj as FunnelResult);

    /// <inheritdoc />
    public override int GetHashCode()
    {
        var hash = default(HashCode);
        hash.Add(Pipeline);
        hash.Add(Leads);
        hash.Add(Won);
        hash.Add(Lost);
        hash.Add(Open);
        ValueEquality.Add(ref hash, Stages);
        hash.Add(ConversionRate);
        hash.Add(WinRate);
        return hash.ToHashCode();
    }

    /// <summary>The counts and rates, such as <c>leads 10, won 2, lost 3, open 5, conversion 0.2, win rate 0.4</c> (rates as fractions).</summary>
    /// <returns>The text.</returns>
    public override string ToString() =>
        string.Create(CultureInfo.InvariantCulture, $"leads {Leads}, won {Won}, lost {Lost}, open {Open}, conversion {ValueEquality.Show(ConversionRate)}, win rate {ValueEquality.Show(WinRate)}");
}
