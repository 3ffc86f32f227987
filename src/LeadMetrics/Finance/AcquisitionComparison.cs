using System.Globalization;

namespace LeadMetrics.Finance;

/// <summary>
/// Cost per lead, conversion and acquisition cost of two results side by side (a period against the
/// one before, a campaign against another), with relative changes. It exists because the brief
/// insists CPL and conversion be read together: CPL −20% with conversion −30% is CAC +14.29%, worse, not better.
/// </summary>
/// <remarks>
/// A relative change is <c>(current − baseline) / baseline</c>: −0.2 is −20%. It is null when either
/// value is undefined or the baseline is zero. When acquisition cost and cost per lead count the same
/// categories, <c>1 + CAC change = (1 + CPL change) / (1 + conversion change)</c> exactly.
/// </remarks>
public sealed class AcquisitionComparison : IEquatable<AcquisitionComparison>
{
    private AcquisitionComparison(FinanceResult baseline, FinanceResult current)
    {
        Baseline = baseline;
        Current = current;
    }

    /// <summary>The baseline (the earlier period, the reference group).</summary>
    public FinanceResult Baseline { get; }

    /// <summary>The result compared with the baseline.</summary>
    public FinanceResult Current { get; }

    /// <summary>Relative change in lead volume.</summary>
    public decimal? LeadsChange => RelativeChange(Baseline.Leads, Current.Leads);

    /// <summary>Relative change in cost per lead.</summary>
    public decimal? CostPerLeadChange => RelativeChange(Baseline.CostPerLead?.Amount, Current.CostPerLead?.Amount);

    /// <summary>Relative change in conversion rate (lead to customer).</summary>
    public decimal? ConversionRateChange => RelativeChange(Baseline.ConversionRate, Current.ConversionRate);

    /// <summary>Relative change in customer acquisition cost.</summary>
    public decimal? AcquisitionCostChange => RelativeChange(Baseline.CustomerAcquisitionCost?.Amount, Current.CustomerAcquisitionCost?.Amount);

    /// <summary>Compares two results of the same currency.</summary>
    /// <param name="baseline">The baseline.</param>
    /// <param name="current">The result compared with it.</param>
    /// <returns>The comparison.</returns>
    /// <exception cref="CurrencyMismatchException">The currencies differ.</exception>
    public static AcquisitionComparison Compare(FinanceResult baseline, FinanceResult current)
    {
        Preconditions.CheckNotNull(baseline);
        Preconditions.CheckNotNull(current);
        if (baseline.Currency != current.Currency)
        {
            throw new CurrencyMismatchException(baseline.Currency, current.Currency);
        }

        return new AcquisitionComparison(baseline, current);
    }

    /// <summary>
    /// <c>(current − baseline) / |baseline|</c> (a rise is positive whatever the baseline's sign); null when either is
    /// null or the baseline is zero.
    /// </summary>
    /// <param name="baseline">The baseline value.</param>
    /// <param name="current">The current value.</param>
    /// <returns>The relative change.</returns>
    internal static decimal? RelativeChange(decimal? baseline, decimal? current) => Ratio.Change(baseline, current);

    /// <summary>The changes as percentages with two decimals: <c>leads +10.00%, CPL -20.00%, conversion -30.00%, CAC +14.29%</c>.</summary>
    public override string ToString() =>
        $"leads {Percent(LeadsChange)}, CPL {Percent(CostPerLeadChange)}, conversion {Percent(ConversionRateChange)}, CAC {Percent(AcquisitionCostChange)}";

    private static string Percent(decimal? change) =>
        change is { } c ? (c >= 0m ? "+" : string.Empty) + Math.Round(c * 100m, 2, MidpointRounding.AwayFromZero).ToString("0.00", CultureInfo.InvariantCulture) + "%" : "undefined";

    /// <summary>True when every value of the two results is equal (collections element by element).</summary>
    /// <param name="other">The other result.</param>
    /// <returns>True when equal.</returns>
    public bool Equals(AcquisitionComparison? other) =>
        other is not null && (ReferenceEquals(this, other) ||
            (Baseline == other.Baseline &&
             Current == other.Current));

    /// <inheritdoc />
    public override bool Equals(object? obj) => Equals(obj as AcquisitionComparison);

    /// <inheritdoc />
    public override int GetHashCode()
    {
        var hash = default(HashCode);
        hash.Add(Baseline);
        hash.Add(Current);
        return hash.ToHashCode();
    }

    /// <summary>True when both are null or equal.</summary>
    /// <param name="left">A result.</param>
    /// <param name="right">Another result.</param>
    /// <returns>True when equal.</returns>
    public static bool operator ==(AcquisitionComparison? left, AcquisitionComparison? right) => ValueEquality.Operator(left, right);

    /// <summary>True when they differ.</summary>
    /// <param name="left">A result.</param>
    /// <param name="right">Another result.</param>
    /// <returns>True when not equal.</returns>
    public static bool operator !=(AcquisitionComparison? left, AcquisitionComparison? right) => !ValueEquality.Operator(left, right);
}
