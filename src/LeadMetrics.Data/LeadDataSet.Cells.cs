using System.Globalization;
using System.Runtime.CompilerServices;

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
    /// <summary>
    /// The checks of a lead row's deal value, written once for the CSV and the typed Parquet leads readers: given how
    /// the value's cell read (not <see cref="Cell.Empty"/>: the caller skips an empty value) and the row's currency
    /// text, the reason and message of the value's rejection, else null with the value converted to the report's
    /// currency (a row in another currency with a rate). <paramref name="onCurrency"/>: the rejection is the currency
    /// column's, else the value column's.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private (string Reason, string Message)? DealValueRejection(Cell cell, ref decimal value, ReadOnlySpan<char> currency, out bool onCurrency)
    {
        onCurrency = false;
        if (cell == Cell.Bad)
        {
            return (Reasons.UnparseableNumber, "value is not a number (use '.' for decimals, no thousands separators).");
        }

        if (value < 0)
        {
            return (Reasons.NegativeValue, "a deal value cannot be negative.");
        }

        if (value > Money.MaxFactAmount)
        {
            return (Reasons.AmountOutOfRange, AmountOutOfRangeMessage);
        }

        if (!currency.IsEmpty && CurrencyAmounts.TryConvert(currency, ref value, _options.Currency, _options.Rates, "value") is { } why)
        {
            onCurrency = true;
            return (Reasons.CurrencyMismatch, why);
        }

        return null;
    }

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
