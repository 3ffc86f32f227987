namespace LeadMetrics.Data;

/// <summary>
/// A quoted field that runs over several lines and holds the delimiter after a line break: in a lead export that is almost always a
/// stray quote (<c>"web</c> on one row, <c>web"</c> rows later) that silently merged the rows between into one record.
/// Such a record is rejected as <see cref="Reasons.MalformedRow"/>, named by the line where the quote opened, by both
/// CSV readers (the same check and message), so that the rows it swallowed are not lost without a word.
/// </summary>
internal static class StrayQuote
{
    /// <summary>Checks one field; <paramref name="line"/> is the physical line the field starts on.</summary>
    /// <returns>The rejection, or null when the field is not a multi-line field holding the delimiter.</returns>
    public static BadRow? Check(string path, long line, string column, ReadOnlySpan<char> field, char separator)
    {
        var breaks = field.Count('\n');
        if (breaks == 0)
        {
            breaks = field.Count('\r');
        }

        if (breaks == 0)
        {
            return null;
        }

        // The lines a stray quote swallowed are rows: they hold the delimiter. A note whose delimiters are all on its
        // first line (or that has none) is a multi-line field written on purpose.
        var firstBreak = field.IndexOfAny('\r', '\n');
        if (!field[(firstBreak + 1)..].Contains(separator))
        {
            return null;
        }

        var first = field[..firstBreak];
        var shown = first.Length > 60 ? string.Concat(first[..60], "...") : first.ToString();
        return new BadRow(path, line, column, shown, Reasons.MalformedRow,
            $"a quoted field opened on line {line} runs over {breaks + 1} lines and holds the delimiter '{separator}': most likely a stray quote that merged those lines into one row; close or remove the quote (the lines it swallowed were not read as rows).");
    }

    /// <summary>The number of line breaks in a field (newlines, or carriage returns in a file without newlines).</summary>
    public static int Breaks(ReadOnlySpan<char> field)
    {
        var n = field.Count('\n');
        return n > 0 ? n : field.Count('\r');
    }
}
