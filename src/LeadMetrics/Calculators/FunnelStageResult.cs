namespace LeadMetrics.Calculators;

/// <summary>One stage of a funnel result.</summary>
/// <param name="Stage">The stage (an open stage or the won stage).</param>
/// <param name="Reached">Leads whose furthest funnel position is this stage or later (skipped stages count as passed).</param>
/// <param name="ConversionFromPrevious">Reached here divided by reached at the previous stage; null for the first stage or when the previous stage had no leads.</param>
/// <param name="DroppedOff">Leads that reached this stage but not the next (zero for the won stage).</param>
/// <param name="DropOffShare">DroppedOff divided by Reached; null when Reached is zero.</param>
/// <param name="LostHere">Of the dropped-off leads, those lost with this as their furthest stage.</param>
/// <param name="OpenHere">Of the dropped-off leads, those still open with this as their furthest stage (censored, not failures).</param>
public sealed record FunnelStageResult(Stage Stage, long Reached, decimal? ConversionFromPrevious, long DroppedOff, decimal? DropOffShare, long LostHere, long OpenHere);
