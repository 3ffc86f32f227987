using System.Collections.Immutable;
using System.Globalization;

namespace LeadMetrics.Scoring;

/// <summary>
/// Gives points by numeric range bands of one attribute, such as company size
/// <c>[1, 11): 0</c>, <c>[11, 201): 10</c>, <c>[201, +inf): 20</c>. The band holding the value fires;
/// a value in no band (a gap, or outside all bands) fires nothing.
/// </summary>
/// <remarks>
/// Without a <see cref="Currency"/> the rule reads number attributes. With one, it reads money
/// attributes of that currency (a declared budget), by amount; money in another currency does not
/// fire (convert first). Bands are kept sorted by their lower end and must not overlap.
/// </remarks>
internal sealed class NumericBandsRule : FitRule
{
    private readonly NumericBand[] _bands;

    /// <summary>Creates the rule.</summary>
    /// <param name="name">The rule's name.</param>
    /// <param name="attribute">The attribute name (case-insensitive).</param>
    /// <param name="bands">The bands: at least one, not overlapping, in any order.</param>
    /// <param name="currency">The currency of a money attribute, or null to read a number attribute.</param>
    /// <exception cref="ArgumentException">An argument is empty, the currency is default, or bands overlap; the message names them.</exception>
    public NumericBandsRule(string name, string attribute, IEnumerable<NumericBand> bands, Currency? currency = null)
        : base(name)
    {
        Attribute = Preconditions.CheckNotNullOrWhiteSpace(attribute).Trim();
        Preconditions.CheckNotNull(bands);
        if (currency is { IsDefault: true })
        {
            throw new ArgumentException($"currency of rule '{Name}' must be an ISO 4217 currency or null, not default(Currency).", nameof(currency));
        }

        var sorted = bands.ToArray();
        if (sorted.Length == 0)
        {
            throw new ArgumentException($"bands of rule '{Name}' must hold at least one band; was empty.", nameof(bands));
        }

        Array.Sort(sorted, static (a, b) =>
        {
            var byStart = (a.AtLeast ?? decimal.MinValue).CompareTo(b.AtLeast ?? decimal.MinValue);
            return byStart != 0 ? byStart : (a.LessThan ?? decimal.MaxValue).CompareTo(b.LessThan ?? decimal.MaxValue);
        });
        for (var i = 1; i < sorted.Length; i++)
        {
            var previous = sorted[i - 1];
            var next = sorted[i];
            if (previous.LessThan is not { } end || next.AtLeast is not { } start || end > start)
            {
                throw new ArgumentException(
                    string.Create(CultureInfo.InvariantCulture, $"bands of rule '{Name}' overlap: {previous.RangeText()} and {next.RangeText()}."),
                    nameof(bands));
            }
        }

        _bands = sorted;
        Bands = [.. sorted];
        Currency = currency;
    }

    /// <summary>The attribute name.</summary>
    public string Attribute { get; }

    /// <summary>The bands, sorted by lower end.</summary>
    public ImmutableArray<NumericBand> Bands { get; }

    /// <summary>The currency of a money attribute, or null for a number attribute.</summary>
    public Currency? Currency { get; }

    /// <summary>Returns the band holding a value.</summary>
    /// <param name="value">The number (or amount).</param>
    /// <param name="index">The band's index in <see cref="Bands"/>, or -1.</param>
    /// <returns>True when a band holds the value.</returns>
    internal bool TryFindBand(decimal value, out int index)
    {
        for (var i = 0; i < _bands.Length; i++)
        {
            if (_bands[i].Contains(value))
            {
                index = i;
                return true;
            }
        }

        index = -1;
        return false;
    }

    internal override string? ReadsAttribute => Attribute;

    internal override bool Evaluate(Lead lead, out decimal points, out AttributeValue value)
    {
        value = lead.GetAttribute(Attribute);
        return EvaluateValue(value, out points);
    }

    internal override bool EvaluateValue(AttributeValue value, out decimal points)
    {
        decimal number;
        if (Currency is { } currency)
        {
            if (value.Kind != AttributeKind.Money || value.Money.Currency != currency)
            {
                points = 0m;
                return false;
            }

            number = value.Money.Amount;
        }
        else
        {
            if (value.Kind != AttributeKind.Number)
            {
                points = 0m;
                return false;
            }

            number = value.Number;
        }

        if (TryFindBand(number, out var index))
        {
            points = _bands[index].Points;
            return true;
        }

        points = 0m;
        return false;
    }
}
