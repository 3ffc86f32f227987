using LeadMetrics.Grouping;
using LeadMetrics.Records;

namespace LeadMetrics.Performance;

/// <summary>
/// The configuration of a fair rep comparison: the dimensions that make up a lead's mix cell (one or two of source,
/// campaign and segment) and the rate compared. Immutable; equal options merge.
/// </summary>
/// <remarks>
/// To compare at equal lead maturity or quality, encode a maturity band or an ICP grade into
/// <see cref="LeadRecord.Segment"/> and mix by it (alone or with the source).
/// </remarks>
public sealed record RepComparisonOptions
{
    /// <summary>Mix by source, compare win rates.</summary>
    public static readonly RepComparisonOptions Default = new();

    /// <summary>Creates the options.</summary>
    /// <param name="mix">The first dimension of a lead's mix cell: <see cref="GroupDimension.Source"/> (the default), <see cref="GroupDimension.Campaign"/> or <see cref="GroupDimension.Segment"/>.</param>
    /// <param name="secondMix">A second dimension of the cell (one of the same three, not <paramref name="mix"/>), or <see cref="GroupDimension.None"/> for cells of one dimension.</param>
    /// <param name="basis">The rate compared; <see cref="RepComparisonBasis.WinRate"/> by default.</param>
    /// <exception cref="ArgumentException">A dimension is the owner (reps are what is compared) or none where one is required, the two are the same, or the basis is undefined.</exception>
    public RepComparisonOptions(GroupDimension mix = GroupDimension.Source, GroupDimension secondMix = GroupDimension.None, RepComparisonBasis basis = RepComparisonBasis.WinRate)
    {
        if (mix is not (GroupDimension.Source or GroupDimension.Campaign or GroupDimension.Segment))
        {
            throw new ArgumentOutOfRangeException(nameof(mix), mix, $"mix must be Source, Campaign or Segment (reps are compared within mix cells, so not Owner); was {mix}.");
        }

        if (secondMix is not (GroupDimension.None or GroupDimension.Source or GroupDimension.Campaign or GroupDimension.Segment))
        {
            throw new ArgumentOutOfRangeException(nameof(secondMix), secondMix, $"secondMix must be None, Source, Campaign or Segment; was {secondMix}.");
        }

        if (secondMix == mix)
        {
            throw new ArgumentException($"secondMix must differ from mix; both were {mix}.", nameof(secondMix));
        }

        Mix = mix;
        SecondMix = secondMix;
        Basis = Preconditions.CheckDefined(basis);
    }

    /// <summary>The first dimension of a mix cell.</summary>
    public GroupDimension Mix { get; }

    /// <summary>The second dimension of a mix cell, or <see cref="GroupDimension.None"/>.</summary>
    public GroupDimension SecondMix { get; }

    /// <summary>The rate compared.</summary>
    public RepComparisonBasis Basis { get; }
}
