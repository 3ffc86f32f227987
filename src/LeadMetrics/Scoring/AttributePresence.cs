namespace LeadMetrics.Scoring;

/// <summary>Which state of an attribute a <see cref="PresenceRule"/> scores.</summary>
internal enum AttributePresence
{
    /// <summary>The lead has a value (text that is not empty or white space, or any number, boolean or money).</summary>
    Present = 0,

    /// <summary>The lead has no value, or only empty or white-space text.</summary>
    Missing = 1,
}
