namespace LeadMetrics.Data;

/// <summary>
/// How a stage name in a file finds its stage of the pipeline, the one rule of the columnar reader and the command's
/// row loader: a rename from <c>--stage-names</c> first, then the exact name, then the name ignoring case, spaces,
/// underscores and hyphens (<c>closed_won</c> is <c>ClosedWon</c>), then <c>won</c> and <c>lost</c> for the terminals.
/// </summary>
internal static class StageNames
{
    /// <summary>Finds the stage a name in a file stands for.</summary>
    internal static bool TryResolve(Pipeline pipeline, IReadOnlyDictionary<string, string> renames, string text, out Stage stage)
    {
        if (renames.TryGetValue(text.Trim(), out var renamed))
        {
            text = renamed;
        }

        if (pipeline.TryGetStage(text, out stage!))
        {
            return true;
        }

        var key = Squash(text);
        foreach (var s in pipeline.Stages)
        {
            if (Squash(s.Name) == key)
            {
                stage = s;
                return true;
            }
        }

        if (key == "won")
        {
            stage = pipeline.Won;
            return true;
        }

        if (key == "lost")
        {
            stage = pipeline.Stages.First(s => s.Kind == StageKind.Lost);
            return true;
        }

        return false;
    }

    /// <summary>
    /// The message of a stage row dated after the close that the lead row gives (won_at or lost_at): the same text on
    /// both reading paths.
    /// </summary>
    internal static string AfterCloseMessage(NodaTime.Instant closedAt, bool won) =>
        $"the lead row closes the lead at {closedAt} ({(won ? "won_at" : "lost_at")}); a stage row after the close is left out.";

    /// <summary>A name lower-cased without spaces, underscores and hyphens (at most 256 characters), for loose matching.</summary>
    internal static string Squash(string text)
    {
        Span<char> buffer = stackalloc char[Math.Min(text.Length, 256)];
        var n = 0;
        foreach (var c in text)
        {
            if (c is ' ' or '_' or '-')
            {
                continue;
            }

            if (n == buffer.Length)
            {
                break;
            }

            buffer[n++] = char.ToLowerInvariant(c);
        }

        return new string(buffer[..n]);
    }
}
