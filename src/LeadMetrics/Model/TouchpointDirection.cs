namespace LeadMetrics;

/// <summary>Who started a touchpoint.</summary>
public enum TouchpointDirection
{
    /// <summary>The lead reached out (form, inbound call, chat).</summary>
    Inbound = 0,

    /// <summary>The business reached out (a rep's call or email). The first outbound touchpoint is the first response.</summary>
    Outbound = 1,
}
