using System.Globalization;

namespace LeadMetrics.Data;

/// <summary>
/// One form of a file's rows for the readers whose checks are written once for CSV and Parquet (costs and revenue,
/// LeadDataSet.Events.cs): a CSV file's fields as text (<see cref="TextRows"/>), or a Parquet file's typed values
/// (<see cref="TypedRows"/>: timestamps as ticks and INT32/INT64 decimals as their exact decimal, anything else as the
/// text its text form writes). The readers are generic over the two structs, so that each is compiled for its own
/// form (no interface call per field on the CSV path).
/// </summary>
public sealed partial class LeadDataSet
{
    /// <summary>A file's rows as the costs and revenue readers read them.</summary>
    private interface IRowCells
    {
        /// <summary>The file as named in messages.</summary>
        string Path { get; }

        /// <summary>The line of the current row (the header is line 1).</summary>
        long Line { get; }

        /// <summary>Moves to the next row, counted as read; a malformed row (not UTF-8, NUL, a stray quote) is rejected and skipped.</summary>
        bool MoveNext();

        /// <summary>The text of a binding's value in the current row (trimmed); empty when none.</summary>
        ReadOnlySpan<char> Get(ColumnBinding? binding);

        /// <summary>The column a binding's value came from (for messages).</summary>
        string ColumnOf(ColumnBinding? binding);

        /// <summary>A binding's instant (Unix ticks), as the CSV timestamp parser reads its text.</summary>
        Cell Instant(ColumnBinding? binding, out long ticks);

        /// <summary>A binding's amount, as a CSV number's text reads.</summary>
        Cell Amount(ColumnBinding? binding, out decimal amount);
    }

    /// <summary>A CSV file (or a Parquet file read as text) as <see cref="IRowCells"/>.</summary>
    private readonly struct TextRows(LeadDataSet owner, CsvSource file, FileQuality q) : IRowCells
    {
        public string Path => file.Path;

        public long Line => file.Line;

        public bool MoveNext() => owner.NextRow(file, q);

        public ReadOnlySpan<char> Get(ColumnBinding? binding) => file.Get(binding);

        public string ColumnOf(ColumnBinding? binding) => file.ColumnOf(binding);

        public Cell Instant(ColumnBinding? binding, out long ticks)
        {
            ticks = 0;
            var text = file.Get(binding);
            return text.IsEmpty ? Cell.Empty : owner._time.TryParseTicks(text, out ticks) ? Cell.Ok : Cell.Bad;
        }

        public Cell Amount(ColumnBinding? binding, out decimal amount)
        {
            amount = 0;
            var text = file.Get(binding);
            return text.IsEmpty ? Cell.Empty : decimal.TryParse(text, NumberStyle, CultureInfo.InvariantCulture, out amount) ? Cell.Ok : Cell.Bad;
        }
    }

    /// <summary>A Parquet file read typed (<see cref="ParquetCells"/>) as <see cref="IRowCells"/>.</summary>
    private readonly struct TypedRows(LeadDataSet owner, ParquetCells cells, FileQuality q) : IRowCells
    {
        public string Path => cells.Source.Path;

        public long Line => cells.Line;

        public bool MoveNext()
        {
            while (cells.MoveNext())
            {
                owner.CountTyped(cells, q);
                if (cells.ProblemOf(cells.Source.Path) is { } bad)
                {
                    q.Reject(AtLine(bad, cells.Line));
                    continue;
                }

                return true;
            }

            return false;
        }

        public ReadOnlySpan<char> Get(ColumnBinding? binding) => cells.Get(binding);

        public string ColumnOf(ColumnBinding? binding) => cells.ColumnOf(binding);

        public Cell Instant(ColumnBinding? binding, out long ticks) => cells.Instant(binding, out ticks);

        public Cell Amount(ColumnBinding? binding, out decimal amount) => cells.Amount(binding, out amount);
    }
}
