using System.Collections.Frozen;

namespace LeadMetrics;

/// <summary>
/// An ISO 4217 currency, identified by its three-letter alphabetic code (for example <c>USD</c>,
/// <c>EUR</c>, <c>ILS</c>). Only codes in the ISO 4217 list (current codes plus a few recently
/// withdrawn ones that still appear in historical exports, such as <c>HRK</c>) are accepted.
/// </summary>
/// <remarks>
/// Two currencies are equal when their codes are equal. <c>default(Currency)</c> is not a valid
/// currency; <see cref="IsDefault"/> tells it apart. Comparing currencies costs one reference
/// comparison because every instance shares the interned code string of the ISO table.
/// </remarks>
public readonly struct Currency : IEquatable<Currency>
{
    private readonly string? _code;

    private Currency(string code) => _code = code;

    /// <summary>The three-letter ISO 4217 code, upper case. Empty for <c>default(Currency)</c>.</summary>
    public string Code => _code ?? string.Empty;

    /// <summary>
    /// The number of digits after the decimal separator of the currency's minor unit (2 for USD, 0 for
    /// JPY, 3 for KWD). Used as the rounding scale where a result is rounded to money.
    /// </summary>
    public int MinorUnitDigits => _code is null ? 0 : Iso4217.MinorUnits(_code);

    /// <summary>True for <c>default(Currency)</c>, which is not a real currency.</summary>
    public bool IsDefault => _code is null;

    /// <summary>US dollar.</summary>
    public static Currency Usd { get; } = FromCode("USD");

    /// <summary>Euro.</summary>
    public static Currency Eur { get; } = FromCode("EUR");

    /// <summary>Israeli new shekel.</summary>
    public static Currency Ils { get; } = FromCode("ILS");

    /// <summary>Pound sterling.</summary>
    public static Currency Gbp { get; } = FromCode("GBP");

    /// <summary>Brazilian real.</summary>
    public static Currency Brl { get; } = FromCode("BRL");

    /// <summary>
    /// Returns the currency with the given ISO 4217 code. The code is matched case-insensitively
    /// after trimming.
    /// </summary>
    /// <param name="code">A three-letter ISO 4217 code such as <c>USD</c>.</param>
    /// <exception cref="ArgumentNullException"><paramref name="code"/> is null.</exception>
    /// <exception cref="ArgumentException"><paramref name="code"/> is not an ISO 4217 code; the message names it.</exception>
    public static Currency FromCode(string code)
    {
        Preconditions.CheckNotNull(code);
        if (!TryFromCode(code, out var currency))
        {
            throw new ArgumentException($"code '{code}' is not an ISO 4217 currency code.", nameof(code));
        }

        return currency;
    }

    /// <summary>Tries to find the currency with the given ISO 4217 code.</summary>
    /// <param name="code">A three-letter code; matched case-insensitively after trimming.</param>
    /// <param name="currency">The currency, or <c>default</c> when the code is unknown.</param>
    /// <returns>True when the code is an ISO 4217 code.</returns>
    public static bool TryFromCode(string? code, out Currency currency)
    {
        if (code is not null && Iso4217.TryGetInterned(code.Trim(), out var interned))
        {
            currency = new Currency(interned);
            return true;
        }

        currency = default;
        return false;
    }

    /// <inheritdoc />
    public bool Equals(Currency other) => ReferenceEquals(_code, other._code);

    /// <inheritdoc />
    public override bool Equals(object? obj) => obj is Currency other && Equals(other);

    /// <inheritdoc />
    public override int GetHashCode() => _code is null ? 0 : StringComparer.Ordinal.GetHashCode(_code);

    /// <summary>The ISO code, or an empty string for <c>default(Currency)</c>.</summary>
    public override string ToString() => Code;

    /// <summary>True when both currencies have the same code.</summary>
    public static bool operator ==(Currency left, Currency right) => left.Equals(right);

    /// <summary>True when the currencies have different codes.</summary>
    public static bool operator !=(Currency left, Currency right) => !left.Equals(right);
}

/// <summary>The ISO 4217 table: codes and minor-unit digits.</summary>
internal static class Iso4217
{
    private const string TwoDigitCodes =
        "AED AFN ALL AMD ANG AOA ARS AUD AWG AZN BAM BBD BDT BGN BMD BND BOB BOV BRL BSD BTN BWP BYN BZD " +
        "CAD CDF CHE CHF CHW COP COU CRC CUC CUP CVE CZK DKK DOP DZD EGP ERN ETB EUR FJD FKP GBP GEL GHS " +
        "GIP GMD GTQ GYD HKD HNL HRK HTG HUF IDR ILS INR IRR JMD KES KGS KHR KPW KYD KZT LAK LBP LKR LRD " +
        "LSL MAD MDL MGA MKD MMK MNT MOP MRU MUR MVR MWK MXN MXV MYR MZN NAD NGN NIO NOK NPR NZD PAB PEN " +
        "PGK PHP PKR PLN QAR RON RSD RUB SAR SBD SCR SDG SEK SGD SHP SLE SLL SOS SRD SSP STN SVC SYP SZL " +
        "THB TJS TMT TOP TRY TTD TWD TZS UAH USD USN UYU UZS VED VES WST XCD XCG YER ZAR ZMW ZWG ZWL";

    private const string ZeroDigitCodes =
        "BIF CLP DJF GNF ISK JPY KMF KRW PYG RWF UGX UYI VND VUV XAF XOF XPF " +
        "XAG XAU XBA XBB XBC XBD XDR XPD XPT XSU XTS XUA XXX";

    private const string ThreeDigitCodes = "BHD IQD JOD KWD LYD OMR TND";

    private const string FourDigitCodes = "CLF UYW";

    private static readonly FrozenDictionary<string, (string Code, int Digits)> Table = Build();

    internal static bool TryGetInterned(string code, out string interned)
    {
        if (code.Length == 3 && Table.TryGetValue(code, out var entry))
        {
            interned = entry.Code;
            return true;
        }

        interned = string.Empty;
        return false;
    }

    internal static int MinorUnits(string code) => Table.TryGetValue(code, out var entry) ? entry.Digits : 2;

    private static FrozenDictionary<string, (string Code, int Digits)> Build()
    {
        var map = new Dictionary<string, (string, int)>(StringComparer.OrdinalIgnoreCase);
        Add(map, TwoDigitCodes, 2);
        Add(map, ZeroDigitCodes, 0);
        Add(map, ThreeDigitCodes, 3);
        Add(map, FourDigitCodes, 4);
        return map.ToFrozenDictionary(StringComparer.OrdinalIgnoreCase);
    }

    private static void Add(Dictionary<string, (string, int)> map, string codes, int digits)
    {
        foreach (var code in codes.Split(' ', StringSplitOptions.RemoveEmptyEntries))
        {
            map.Add(code, (string.Intern(code), digits));
        }
    }
}
