using System.Globalization;

namespace LeadMetrics.Calculators;

/// <summary>One stage of a funnel result. Immutable, with value equality.</summary>
public sealed class FunnelStageResult
{
    internal FunnelStageResult(Stage stage, long reached, decimal? conversionFromPrevious, long droppedOff, decimal? dropOffShare, long lostHere, long openHere)
    {
        Stage = stage;
        Reached = reached;
        ConversionFromPrevious = conversionFromPrevious;
        DroppedOff = droppedOff;
        DropOffShare = dropOffShare;
        LostHere = lostHere;
        OpenHere = openHere;
    }

    /// <summary>The stage (an open stage or the won stage; stages compare by identity).</summary>
    public Stage Stage { get; }

    /// <summary>Leads whose furthest funnel position is this stage or later (skipped stages count as passed).</summary>
    public long Reached { get; }

    /// <summary>Reached here divided by reached at the previous stage; null for the first stage or when the previous stage had no leads.</summary>
    public decimal? ConversionFromPrevious { get; }

    /// <summary>Leads that reached this stage but not the next (zero for the won stage).</summary>
    public long DroppedOff { get; }

    /// <summary>DroppedOff divided by Reached; null when Reached is zero.</summary>
    public decimal? DropOffShare { get; }

    /// <summary>Of the dropped-off leads, those lost with this as their furthest stage.</summary>
    public long LostHere { get; }

    /// <summary>Of the dropped-off leads, those still open with this as their furthest stage (censored, not failures).</summary>
    public long OpenHere { get; }

    /// <summary>True when every value of the two results is equal (collections element by element).</summary>
    /// <param name="other">The other result.</param>
    /// <returns>True when equal.</returns>
    private bool Equals(FunnelStageResult? other) =>
        other is not null && (ReferenceEquals(this, other) ||
            (Stage == other.Stage &&
             Reached == other.Reached &&
             ConversionFromPrevious == other.ConversionFromPrevious &&
             DroppedOff == other.DroppedOff &&
             DropOffShare == other.DropOffShare &&
             LostHere == other.LostHere &&
             OpenHere == other.OpenHere));

    /// <inheritdoc />
    public override bool Equals(object? obj) => Equals(obj as FunnelStageResult);

    /// <inheritdoc />
    public override int GetHashCode()
    {
        var hash = default(HashCode);
        hash.Add(Stage);
        hash.Add(Reached);
        hash.Add(ConversionFromPrevious);
        hash.Add(DroppedOff);
        hash.Add(DropOffShare);
        hash.Add(LostHere);
        hash.Add(OpenHere);
        return hash.ToHashCode();
    }

    /// <summary>The stage's counts and rates (rates as fractions, 0.25 = 25%).</summary>
    /// <returns>The text.</returns>
    public override string ToString() =>
        string.Create(CultureInfo.InvariantCulture, $"{Stage.Name}: reached {Reached}, conversion {ValueEquality.Show(ConversionFromPrevious)}, dropped off {DroppedOff} (share {ValueEquality.Show(DropOffShare)}), lost {LostHere}, open {OpenHere}");
}
