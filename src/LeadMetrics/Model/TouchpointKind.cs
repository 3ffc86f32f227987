namespace LeadMetrics;

/// <summary>What kind of interaction a touchpoint was.</summary>
public enum TouchpointKind
{
    /// <summary>Anything not listed.</summary>
    Other = 0,

    /// <summary>A form fill (contact form, landing page, sign-up).</summary>
    Form = 1,

    /// <summary>A phone call.</summary>
    Call = 2,

    /// <summary>An email.</summary>
    Email = 3,

    /// <summary>A meeting (in person or video).</summary>
    Meeting = 4,

    /// <summary>A chat conversation (web chat, messaging app).</summary>
    Chat = 5,

    /// <summary>Attendance or registration at a webinar.</summary>
    Webinar = 6,

    /// <summary>A click on a paid ad.</summary>
    AdClick = 7,
}
