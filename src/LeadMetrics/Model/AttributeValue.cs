using System.Globalization;

namespace LeadMetrics;

/// <summary>
/// A typed value of one ICP attribute of a lead (company size, role, budget, industry, ...).
/// Exactly one of text, number, boolean or money, or <see cref="Missing"/>.
/// </summary>
public readonly struct AttributeValue : IEquatable<AttributeValue>
{
    private readonly string? _text;
    private readonly decimal _number;
    private readonly Currency _currency;

    private AttributeValue(AttributeKind kind, string? text, decimal number, Currency currency)
    {
        Kind = kind;
        _text = text;
        _number = number;
        _currency = currency;
    }

    /// <summary>The missing value (same as <c>default</c>).</summary>
    public static AttributeValue Missing => default;

    /// <summary>Which kind of value this is.</summary>
    public AttributeKind Kind { get; }

    /// <summary>True when the attribute has no value.</summary>
    public bool IsMissing => Kind == AttributeKind.Missing;

    /// <summary>The text value.</summary>
    /// <exception cref="InvalidOperationException">The value is not text.</exception>
    public string Text => Kind == AttributeKind.Text ? _text! : throw WrongKind(AttributeKind.Text);

    /// <summary>The numeric value.</summary>
    /// <exception cref="InvalidOperationException">The value is not a number.</exception>
    public decimal Number => Kind == AttributeKind.Number ? _number : throw WrongKind(AttributeKind.Number);

    /// <summary>The boolean value.</summary>
    /// <exception cref="InvalidOperationException">The value is not a boolean.</exception>
    public bool Boolean => Kind == AttributeKind.Boolean ? _number != 0m : throw WrongKind(AttributeKind.Boolean);

    /// <summary>The money value.</summary>
    /// <exception cref="InvalidOperationException">The value is not money.</exception>
    public Money Money => Kind == AttributeKind.Money ? new Money(_number, _currency) : throw WrongKind(AttributeKind.Money);

    /// <summary>A text value. Text is kept as given (not trimmed); compare with the comparer of your choice.</summary>
    /// <param name="value">The text; must not be null.</param>
    /// <returns>The value.</returns>
    public static AttributeValue FromText(string value) => new(AttributeKind.Text, Preconditions.CheckNotNull(value), 0m, default);

    /// <summary>A numeric value.</summary>
    /// <param name="value">The number.</param>
    /// <returns>The value.</returns>
    public static AttributeValue FromNumber(decimal value) => new(AttributeKind.Number, null, value, default);

    /// <summary>A boolean value.</summary>
    /// <param name="value">The boolean.</param>
    /// <returns>The value.</returns>
    public static AttributeValue FromBoolean(bool value) => new(AttributeKind.Boolean, null, value ? 1m : 0m, default);

    /// <summary>A money value.</summary>
    /// <param name="value">The amount; its currency must not be default.</param>
    /// <returns>The value.</returns>
    public static AttributeValue FromMoney(Money value)
    {
        if (value.Currency.IsDefault)
        {
            throw new ArgumentException("value must carry a currency; default(Money) has none.", nameof(value));
        }

        return new(AttributeKind.Money, null, value.Amount, value.Currency);
    }

    /// <summary>Implicit text value.</summary>
    public static implicit operator AttributeValue(string value) => FromText(value);

    /// <summary>Implicit numeric value.</summary>
    public static implicit operator AttributeValue(decimal value) => FromNumber(value);

    /// <summary>Implicit numeric value.</summary>
    public static implicit operator AttributeValue(int value) => FromNumber(value);

    /// <summary>Implicit boolean value.</summary>
    public static implicit operator AttributeValue(bool value) => FromBoolean(value);

    /// <summary>Implicit money value.</summary>
    public static implicit operator AttributeValue(Money value) => FromMoney(value);

    /// <inheritdoc />
    public bool Equals(AttributeValue other) =>
        Kind == other.Kind && string.Equals(_text, other._text, StringComparison.Ordinal) && _number == other._number && _currency == other._currency;

    /// <inheritdoc />
    public override bool Equals(object? obj) => obj is AttributeValue other && Equals(other);

    /// <inheritdoc />
    public override int GetHashCode() => HashCode.Combine(Kind, _text, _number, _currency);

    /// <summary>The value in invariant culture; empty when missing.</summary>
    public override string ToString() => Kind switch
    {
        AttributeKind.Text => _text!,
        AttributeKind.Number => _number.ToString(CultureInfo.InvariantCulture),
        AttributeKind.Boolean => _number != 0m ? "true" : "false",
        AttributeKind.Money => Money.ToString(),
        _ => string.Empty,
    };

    /// <summary>True when kind and value are equal.</summary>
    public static bool operator ==(AttributeValue left, AttributeValue right) => left.Equals(right);

    /// <summary>True when kind or value differ.</summary>
    public static bool operator !=(AttributeValue left, AttributeValue right) => !left.Equals(right);

    private InvalidOperationException WrongKind(AttributeKind wanted) =>
        new($"The attribute value is {Kind}, not {wanted}.");
}
