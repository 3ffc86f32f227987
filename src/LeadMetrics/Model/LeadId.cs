namespace LeadMetrics;

/// <summary>
/// The identifier of a lead (or of the customer it became) in the caller's system. Compared
/// ordinally; never empty.
/// </summary>
public readonly struct LeadId : IEquatable<LeadId>, IComparable<LeadId>
{
    private readonly string? _value;

    /// <summary>Creates a lead id.</summary>
    /// <param name="value">The identifier text; must not be null, empty or white space.</param>
    /// <exception cref="ArgumentException"><paramref name="value"/> is empty or white space.</exception>
    public LeadId(string value) => _value = Preconditions.CheckNotNullOrWhiteSpace(value);

    /// <summary>The identifier text (empty only for <c>default(LeadId)</c>).</summary>
    public string Value => _value ?? string.Empty;

    /// <summary>True for <c>default(LeadId)</c>, which is not a valid id.</summary>
    public bool IsDefault => _value is null;

    /// <inheritdoc />
    public bool Equals(LeadId other) => string.Equals(_value, other._value, StringComparison.Ordinal);

    /// <inheritdoc />
    public override bool Equals(object? obj) => obj is LeadId other && Equals(other);

    /// <inheritdoc />
    public override int GetHashCode() => _value is null ? 0 : StringComparer.Ordinal.GetHashCode(_value);

    /// <inheritdoc />
    public int CompareTo(LeadId other) => string.CompareOrdinal(_value, other._value);

    /// <summary>The identifier text.</summary>
    public override string ToString() => Value;

    /// <summary>True when the ids are ordinally equal.</summary>
    public static bool operator ==(LeadId left, LeadId right) => left.Equals(right);

    /// <summary>True when the ids differ.</summary>
    public static bool operator !=(LeadId left, LeadId right) => !left.Equals(right);

    /// <summary>Ordinal order.</summary>
    public static bool operator <(LeadId left, LeadId right) => left.CompareTo(right) < 0;

    /// <summary>Ordinal order.</summary>
    public static bool operator >(LeadId left, LeadId right) => left.CompareTo(right) > 0;

    /// <summary>Ordinal order.</summary>
    public static bool operator <=(LeadId left, LeadId right) => left.CompareTo(right) <= 0;

    /// <summary>Ordinal order.</summary>
    public static bool operator >=(LeadId left, LeadId right) => left.CompareTo(right) >= 0;

    internal static LeadId CheckValid(LeadId id, string paramName)
    {
        if (id.IsDefault)
        {
            throw new ArgumentException($"{paramName} must be a lead id, not default(LeadId).", paramName);
        }

        return id;
    }
}
