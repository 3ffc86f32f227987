namespace LeadMetrics.Data;

/// <summary>What a leads row whose <c>lead_id</c> appeared on an earlier row does (<c>--on-duplicate</c>).</summary>
public enum DuplicateLeadPolicy
{
    /// <summary>
    /// The first row of an id claims it (accepted or rejected); every later row of the id is rejected as
    /// <see cref="Reasons.DuplicateLeadId"/> (subject to <see cref="BadRowPolicy"/>, as any bad row).
    /// </summary>
    First,

    /// <summary>
    /// A later row of an id that is itself accepted replaces the earlier accepted row of the id (in its place): the
    /// replaced row is counted as rejected <see cref="Reasons.DuplicateLeadReplaced"/> whatever the
    /// <see cref="BadRowPolicy"/> (it is what was asked for, not a bad row). A later row rejected for its own reason
    /// replaces nothing. Rows read = accepted + rejected still holds: one accepted row per id.
    /// </summary>
    Last,

    /// <summary>The first repeated id stops the load with <see cref="BadRowException"/> naming the line and the id, whatever the <see cref="BadRowPolicy"/>.</summary>
    Fail,
}
