using System.Globalization;

namespace LeadMetrics;

/// <summary>
/// An exact amount of money: a <see cref="decimal"/> amount in one ISO 4217 <see cref="LeadMetrics.Currency"/>.
/// </summary>
/// <remarks>
/// Arithmetic is defined only between amounts of the same currency; mixing currencies throws
/// <see cref="CurrencyMismatchException"/> (convert explicitly first). Overflow throws
/// <see cref="OverflowException"/>; nothing is ever silently rounded except where a method says so.
/// Money may be negative (a refund, a net result); inputs that must not be negative, such as a
/// cost, check that themselves.
/// </remarks>
public readonly struct Money : IEquatable<Money>, IComparable<Money>
{
    /// <summary>
    /// The largest magnitude, 10¹⁸, of an amount that a fact carries into the calculators: a lead's deal value, a cost,
    /// a revenue payment or refund. Their constructors refuse a larger one (an <see cref="ArgumentOutOfRangeException"/>
    /// naming the field and the value), so that the calculators' sums, of up to 79 billion facts, cannot overflow.
    /// Money itself holds any decimal: sums and results may be larger.
    /// </summary>
    public const decimal MaxFactAmount = Preconditions.MaxAmount;

    /// <summary>Creates an amount of money.</summary>
    /// <param name="amount">The amount, in units of the currency (not minor units): 12.50 means twelve and a half.</param>
    /// <param name="currency">The currency; must not be <c>default</c>.</param>
    /// <exception cref="ArgumentException"><paramref name="currency"/> is <c>default(Currency)</c>.</exception>
    public Money(decimal amount, Currency currency)
    {
        if (currency.IsDefault)
        {
            throw new ArgumentException("currency must be an ISO 4217 currency, not default(Currency).", nameof(currency));
        }

        Amount = amount;
        Currency = currency;
    }

    /// <summary>Creates an amount of money from an ISO 4217 code.</summary>
    /// <param name="amount">The amount in units of the currency.</param>
    /// <param name="currencyCode">A three-letter ISO 4217 code such as <c>USD</c>.</param>
    /// <exception cref="ArgumentException">The code is not an ISO 4217 code.</exception>
    public Money(decimal amount, string currencyCode)
        : this(amount, Currency.FromCode(currencyCode))
    {
    }

    /// <summary>The amount in units of <see cref="Currency"/>.</summary>
    public decimal Amount { get; }

    /// <summary>The currency of <see cref="Amount"/>.</summary>
    public Currency Currency { get; }

    /// <summary>Zero in the given currency.</summary>
    /// <param name="currency">The currency.</param>
    /// <returns>An amount of zero.</returns>
    public static Money Zero(Currency currency) => new(0m, currency);

    /// <summary>Adds two amounts of the same currency.</summary>
    /// <exception cref="CurrencyMismatchException">The currencies differ.</exception>
    /// <exception cref="OverflowException">The sum does not fit a decimal.</exception>
    public static Money operator +(Money left, Money right)
    {
        CheckSameCurrency(left, right);
        return new Money(left.Amount + right.Amount, left.Currency);
    }

    /// <summary>Subtracts two amounts of the same currency.</summary>
    /// <exception cref="CurrencyMismatchException">The currencies differ.</exception>
    public static Money operator -(Money left, Money right)
    {
        CheckSameCurrency(left, right);
        return new Money(left.Amount - right.Amount, left.Currency);
    }

    /// <summary>Negates an amount.</summary>
    public static Money operator -(Money value) => new(-value.Amount, value.Currency);

    /// <summary>Multiplies an amount by a factor.</summary>
    public static Money operator *(Money value, decimal factor) => new(value.Amount * factor, value.Currency);

    /// <summary>Adds two amounts of the same currency.</summary>
    /// <param name="other">The other amount.</param>
    /// <returns>The sum.</returns>
    public Money Add(Money other) => this + other;

    /// <summary>Subtracts an amount of the same currency.</summary>
    /// <param name="other">The other amount.</param>
    /// <returns>The difference.</returns>
    public Money Subtract(Money other) => this - other;

    /// <summary>Negates this amount.</summary>
    /// <returns>The negated amount.</returns>
    public Money Negate() => -this;

    /// <summary>Multiplies this amount by a factor.</summary>
    /// <param name="factor">The factor.</param>
    /// <returns>The product, unrounded.</returns>
    public Money Multiply(decimal factor) => this * factor;

    /// <summary>
    /// Rounds to the currency's minor unit (<see cref="Currency.MinorUnitDigits"/>) with banker's
    /// rounding (<see cref="MidpointRounding.ToEven"/>), the convention of accounting ledgers.
    /// </summary>
    /// <returns>The rounded amount.</returns>
    public Money RoundToMinorUnit() => new(Math.Round(Amount, Currency.MinorUnitDigits, MidpointRounding.ToEven), Currency);

    /// <inheritdoc />
    public bool Equals(Money other) => Amount == other.Amount && Currency == other.Currency;

    /// <inheritdoc />
    public override bool Equals(object? obj) => obj is Money other && Equals(other);

    /// <inheritdoc />
    public override int GetHashCode() => HashCode.Combine(Amount, Currency);

    /// <summary>Orders amounts of the same currency.</summary>
    /// <exception cref="CurrencyMismatchException">The currencies differ.</exception>
    public int CompareTo(Money other)
    {
        CheckSameCurrency(this, other);
        return Amount.CompareTo(other.Amount);
    }

    /// <summary>The amount and code, invariant culture: <c>1234.50 USD</c>.</summary>
    public override string ToString() => Amount.ToString(CultureInfo.InvariantCulture) + " " + Currency.Code;

    /// <summary>True when amount and currency are equal.</summary>
    public static bool operator ==(Money left, Money right) => left.Equals(right);

    /// <summary>True when amount or currency differ.</summary>
    public static bool operator !=(Money left, Money right) => !left.Equals(right);

    /// <summary>Compares amounts of the same currency.</summary>
    public static bool operator <(Money left, Money right) => left.CompareTo(right) < 0;

    /// <summary>Compares amounts of the same currency.</summary>
    public static bool operator >(Money left, Money right) => left.CompareTo(right) > 0;

    /// <summary>Compares amounts of the same currency.</summary>
    public static bool operator <=(Money left, Money right) => left.CompareTo(right) <= 0;

    /// <summary>Compares amounts of the same currency.</summary>
    public static bool operator >=(Money left, Money right) => left.CompareTo(right) >= 0;

    private static void CheckSameCurrency(Money left, Money right)
    {
        if (left.Currency != right.Currency)
        {
            throw new CurrencyMismatchException(left.Currency, right.Currency);
        }
    }
}
