namespace LeadMetrics.Data;

/// <summary>
/// The rule a lead row's outcome times must keep, written once for every reader (CSV columns, Parquet columns, the CLI's
/// row path): won_at and lost_at not before created_at, and not both. The first broken part decides the reason.
/// </summary>
internal static class OutcomeRule
{
    /// <summary>
    /// The reason (<see cref="Reasons"/>) of the first part of the rule the times break, or null when they keep it: ticks
    /// with <see cref="LeadState.None"/> for a time not given (the columnar readers), or instants (the row path).
    /// </summary>
    public static string? Broken<T>(T created, T won, bool hasWon, T lost, bool hasLost)
        where T : IComparable<T> =>
        hasWon && won.CompareTo(created) < 0 ? Reasons.WonBeforeCreated
        : hasLost && lost.CompareTo(created) < 0 ? Reasons.LostBeforeCreated
        : hasWon && hasLost ? Reasons.WonAndLost
        : null;

    /// <summary>Whether a broken rule is reported on the won_at cell (else on lost_at).</summary>
    public static bool OnWon(string reason) => reason == Reasons.WonBeforeCreated;

    /// <summary>The message of a broken rule, naming the created_at text where it takes part.</summary>
    public static string Message(string reason, string createdText) => reason switch
    {
        Reasons.WonBeforeCreated => $"won_at is before created_at {createdText}.",
        Reasons.LostBeforeCreated => $"lost_at is before created_at {createdText}.",
        _ => "a lead cannot be both won and lost.",
    };
}
