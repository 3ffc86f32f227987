namespace LeadMetrics.Scoring;

/// <summary>
/// How scoring compares attribute values: text ignoring case and surrounding white space (so that
/// "Software", "software " and "SOFTWARE" are one value), everything else by kind and value
/// (10 and 10.0 are equal numbers; money compares amount and currency).
/// </summary>
internal sealed class AttributeValueComparer : IEqualityComparer<AttributeValue>
{
    internal static readonly AttributeValueComparer Instance = new();

    private AttributeValueComparer()
    {
    }

    public bool Equals(AttributeValue x, AttributeValue y)
    {
        if (x.Kind != y.Kind)
        {
            return false;
        }

        return x.Kind == AttributeKind.Text
            ? x.Text.AsSpan().Trim().Equals(y.Text.AsSpan().Trim(), StringComparison.OrdinalIgnoreCase)
            : x.Equals(y);
    }

    public int GetHashCode(AttributeValue obj) =>
        obj.Kind == AttributeKind.Text
            ? string.GetHashCode(obj.Text.AsSpan().Trim(), StringComparison.OrdinalIgnoreCase)
            : obj.GetHashCode();

    /// <summary>Orders values for stable output: by kind, then text (ordinal, ignoring case), number, boolean, currency and amount.</summary>
    internal static int Compare(AttributeValue x, AttributeValue y)
    {
        if (x.Kind != y.Kind)
        {
            return x.Kind.CompareTo(y.Kind);
        }

        return x.Kind switch
        {
            AttributeKind.Text => CompareText(x.Text, y.Text),
            AttributeKind.Number => x.Number.CompareTo(y.Number),
            AttributeKind.Boolean => x.Boolean.CompareTo(y.Boolean),
            AttributeKind.Money => x.Money.Currency == y.Money.Currency
                ? x.Money.Amount.CompareTo(y.Money.Amount)
                : string.CompareOrdinal(x.Money.Currency.Code, y.Money.Currency.Code),
            _ => 0,
        };
    }

    private static int CompareText(string x, string y)
    {
        var byCase = x.AsSpan().Trim().CompareTo(y.AsSpan().Trim(), StringComparison.OrdinalIgnoreCase);
        return byCase != 0 ? byCase : string.CompareOrdinal(x, y);
    }
}
