using System.Collections.Immutable;

namespace LeadMetrics.Calculators;

/// <summary>The funnel of a pipeline: reach per stage, stage-to-stage conversion, drop-off, overall conversion and win rate.</summary>
/// <param name="Pipeline">The pipeline.</param>
/// <param name="Leads">All leads.</param>
/// <param name="Won">Won leads.</param>
/// <param name="Lost">Lost leads.</param>
/// <param name="Open">Leads neither won nor lost.</param>
/// <param name="Stages">The open stages in funnel order, then the won stage.</param>
/// <param name="LeadToWonConversion">Won divided by Leads; null when there are no leads.</param>
/// <param name="WinRate">Won divided by (Won + Lost); null when nothing is closed.</param>
public sealed record FunnelResult(
    Pipeline Pipeline, long Leads, long Won, long Lost, long Open, ImmutableArray<FunnelStageResult> Stages, decimal? LeadToWonConversion, decimal? WinRate);
