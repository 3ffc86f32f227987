using System.Globalization;

namespace LeadMetrics.Calculators;

/// <summary>Lead volume: how many leads were added. Immutable, with value equality. Internal, as <see cref="VolumeCalculator"/>.</summary>
internal sealed class VolumeResult
{
    internal VolumeResult(long leads) => Leads = leads;

    /// <summary>How many leads.</summary>
    public long Leads { get; }

    /// <summary>True when every value of the two results is equal (collections element by element).</summary>
    /// <param name="other">The other result.</param>
    /// <returns>True when equal.</returns>
    private bool Equals(VolumeResult? other) =>
        other is not null && (ReferenceEquals(this, other) ||
            (Leads == other.Leads));

    /// <inheritdoc />
    public override bool Equals(object? obj) => Equals(obj as VolumeResult);

    /// <inheritdoc />
    public override int GetHashCode()
    {
        var hash = default(HashCode);
        hash.Add(Leads);
        return hash.ToHashCode();
    }

    /// <summary>The count, such as <c>leads 42</c>.</summary>
    /// <returns>The text.</returns>
    public override string ToString() =>
        "leads " + Leads.ToString(CultureInfo.InvariantCulture);
}
