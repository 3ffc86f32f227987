namespace LeadMetrics.Attribution;

/// <summary>How a lead's credit is divided among its touchpoints.</summary>
public enum AttributionModel
{
    /// <summary>All credit to the first touchpoint.</summary>
    FirstTouch = 0,

    /// <summary>All credit to the last touchpoint.</summary>
    LastTouch = 1,

    /// <summary>Equal credit to every touchpoint.</summary>
    Linear = 2,

    /// <summary>
    /// Credit halves for every half-life a touchpoint lies before the last one
    /// (<see cref="AttributionOptions.HalfLife"/>, 7 days by default).
    /// </summary>
    TimeDecay = 3,

    /// <summary>
    /// U-shaped: 40% to the first touchpoint, 40% to the last, 20% shared by those between
    /// (<see cref="AttributionOptions.FirstTouchShare"/>, <see cref="AttributionOptions.LastTouchShare"/>);
    /// with two touchpoints, first and last in proportion (50/50 by default); with one, all of it.
    /// </summary>
    PositionBased = 4,

    /// <summary>
    /// W-shaped: 30% each to the first touchpoint, the lead-creation touchpoint and the
    /// opportunity-creation touchpoint, 10% shared by the rest (<see cref="AttributionOptions.KeyTouchShare"/>).
    /// A touchpoint in two roles gets both shares; shares of absent roles and of an empty rest are
    /// left out and the others scaled up to a whole.
    /// </summary>
    WShaped = 5,
}
