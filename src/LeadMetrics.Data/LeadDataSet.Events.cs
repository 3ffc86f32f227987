using System.Globalization;
using LeadMetrics.Events;
using LeadMetrics.Records;
using NodaTime;

namespace LeadMetrics.Data;

/// <summary>The touchpoints, costs and revenue of a data set (see <see cref="LeadDataSetOptions"/>).</summary>
public sealed partial class LeadDataSet
{
    private readonly List<CostEvent> _costs = [];
    private readonly List<RevenueEvent> _revenue = [];
    private readonly System.Collections.Concurrent.ConcurrentDictionary<string, int> _enumCache = new(StringComparer.Ordinal);
    private State? _replay;

    /// <summary>True when the data set has a costs file.</summary>
    public bool HasCosts => _options.CostsPath is not null;

    /// <summary>True when the data set has a revenue file.</summary>
    public bool HasRevenue => _options.RevenuePath is not null;

    /// <summary>True once every batch has been read (and the costs and revenue with them).</summary>
    public bool Complete { get; private set; }

    /// <summary>
    /// The accepted cost rows in file order, their source and campaign encoded in <see cref="Encoding"/> (labels of no
    /// lead get the next ids); complete once the batches are read. Empty without a costs file.
    /// </summary>
    public IReadOnlyList<CostEvent> Costs => _costs;

    /// <summary>
    /// The accepted revenue rows in file order, each joined to its lead's key in the batches (1, 2, ... in the order
    /// built); complete once the batches are read. Empty without a revenue file.
    /// </summary>
    public IReadOnlyList<RevenueEvent> Revenue => _revenue;

    /// <summary>
    /// The latest instant of the data once read: the latest creation of a lead in the batches and the latest
    /// accepted revenue row (the Unix epoch when there is neither).
    /// </summary>
    public Instant LastInstant
    {
        get
        {
            var last = Math.Max(LastCreated, _lastRevenue);
            return last == LeadState.None ? Instant.FromUnixTimeTicks(0) : Instant.FromUnixTimeTicks(last);
        }
    }

    private long LastCreated { get; set; } = LeadState.None;

    private long _lastRevenue = LeadState.None;

    /// <summary>
    /// With a revenue file, builds the batches again from the state kept after the read (no file is read again, no row
    /// counted again), for calculators that need the revenue read first (lifetime value). Same batches, same keys.
    /// </summary>
    /// <param name="consume">What to do with a batch (valid during the call).</param>
    /// <exception cref="InvalidOperationException">The data set was not read completely, or has no revenue file.</exception>
    internal void Replay(Action<LeadColumns> consume)
    {
        var state = _replay ?? throw new InvalidOperationException("Replay needs a data set read completely with a revenue file.");
        var builder = new LeadColumnsBuilder(_options.BlockSize);
        var join = new Joiner(this, state, replay: true);
        for (var i = 0; i < state.Count; i++)
        {
            if (join.Append(i, builder) && builder.Count == _options.BlockSize)
            {
                consume(builder.Build());
            }
        }

        if (builder.Count > 0)
        {
            consume(builder.Build());
        }
    }

    private static void ReserveTouchpoints(State s, long rows)
    {
        if (rows > s.TouchLine.Length)
        {
            var capacity = (int)Math.Min(rows, Array.MaxLength);
            Array.Resize(ref s.TouchLine, capacity);
            Array.Resize(ref s.TouchNext, capacity);
        }
    }

    private void ReadCosts(string path, State s)
    {
        using var file = Open(InputKind.Costs, path, out var cols, out var q);
        var display = file.Path;
        _ = Require(cols, "amount", file);
        if (cols["date"] is null && (cols["from"] is null || cols["to"] is null))
        {
            throw new DataSetException($"{display} needs a date column, or from and to columns (columns: {string.Join(", ", file.Header)}).");
        }

        using var typed = TypedParquet(file) is { } c ? new TypedScope(c) : null;
        if (typed is not null)
        {
            CostRows(new TypedRows(this, typed.Cells, q), cols, q, s);
        }
        else
        {
            CostRows(new TextRows(this, file, q), cols, q, s);
        }

        Finish(file);
    }

    /// <summary>The rows of a costs file (CSV as text, Parquet typed: LeadDataSet.Cells.cs), checked and kept in file order.</summary>
    private void CostRows<TRows>(TRows file, FileColumns cols, FileQuality q, State s)
        where TRows : struct, IRowCells
    {
        var display = file.Path;
        var amountCol = cols["amount"]!;
        var dateCol = cols["date"];
        var fromCol = cols["from"];
        var toCol = cols["to"];
        var sourceCol = cols["source"];
        var campaignCol = cols["campaign"];
        var categoryCol = cols["category"];
        var currencyCol = cols["currency"];

        // Labels of the leads built have the ids below these: a cost label at or above is the label of no lead.
        var leadSources = Encoding.Sources.Count;
        var leadCampaigns = Encoding.Campaigns.Count;
        while (file.MoveNext())
        {
            var line = file.Line;
            LocalDate from, to;
            var dateText = file.Get(dateCol);
            if (!dateText.IsEmpty)
            {
                if (!_time.TryParseDate(dateText.ToString(), out from))
                {
                    q.Reject(new BadRow(display, line, file.ColumnOf(dateCol), dateText.ToString(), Reasons.UnparseableDate, "not a date."));
                    continue;
                }

                to = from;
            }
            else
            {
                var fromText = file.Get(fromCol);
                var toText = file.Get(toCol);
                if (fromText.IsEmpty || toText.IsEmpty)
                {
                    q.Reject(new BadRow(display, line, fromText.IsEmpty ? (fromCol?.Display ?? Missing(dateCol)) : Missing(toCol), string.Empty, Reasons.MissingDate, "a cost needs a date, or from and to."));
                    continue;
                }

                if (!_time.TryParseDate(fromText.ToString(), out from))
                {
                    q.Reject(new BadRow(display, line, file.ColumnOf(fromCol), fromText.ToString(), Reasons.UnparseableDate, "not a date."));
                    continue;
                }

                if (!_time.TryParseDate(toText.ToString(), out to))
                {
                    q.Reject(new BadRow(display, line, file.ColumnOf(toCol), toText.ToString(), Reasons.UnparseableDate, "not a date."));
                    continue;
                }

                if (to < from)
                {
                    q.Reject(new BadRow(display, line, file.ColumnOf(toCol), toText.ToString(), Reasons.DateRangeReversed, $"to is before from {fromText}."));
                    continue;
                }
            }

            var sourceText = file.Get(sourceCol);
            if (LabelTable.IsNone(sourceText))
            {
                // A source spelled (none) is no source (LabelTable.IsNone), as in the row path.
                var name = Missing(sourceCol);
                q.Reject(new BadRow(display, line, name.Length == 0 ? "source" : name, string.Empty, Reasons.MissingSource, "a cost needs the source it was spent on."));
                continue;
            }

            // The spelling first seen (leads first) with --fold-case, as for the leads' labels.
            var source = s.Sources.Label(s.Sources.Intern(sourceText));
            var amountCell = file.Amount(amountCol, out var amount);
            if (amountCell == Cell.Empty)
            {
                q.Reject(new BadRow(display, line, Missing(amountCol), string.Empty, Reasons.MissingAmount, "amount is required."));
                continue;
            }

            if (amountCell == Cell.Bad)
            {
                q.Reject(new BadRow(display, line, file.ColumnOf(amountCol), file.Get(amountCol).ToString(), Reasons.UnparseableNumber, "amount is not a number."));
                continue;
            }

            if (amount < 0)
            {
                q.Reject(new BadRow(display, line, file.ColumnOf(amountCol), file.Get(amountCol).ToString(), Reasons.NegativeCost, "a cost cannot be negative."));
                continue;
            }

            if (amount > Money.MaxFactAmount)
            {
                q.Reject(new BadRow(display, line, file.ColumnOf(amountCol), file.Get(amountCol).ToString(), Reasons.AmountOutOfRange, AmountOutOfRangeMessage));
                continue;
            }

            var currencyText = file.Get(currencyCol);
            if (!currencyText.IsEmpty && CurrencyAmounts.TryConvert(currencyText, ref amount, _options.Currency, _options.Rates, "amount") is { } why)
            {
                q.Reject(new BadRow(display, line, file.ColumnOf(currencyCol), currencyText.ToString(), Reasons.CurrencyMismatch, why));
                continue;
            }

            var category = CostCategory.Media;
            var categoryText = file.Get(categoryCol);
            if (!categoryText.IsEmpty && !TryEnum(categoryText, out category))
            {
                q.Reject(new BadRow(display, line, file.ColumnOf(categoryCol), categoryText.ToString(), Reasons.UnknownCategory,
                    "category must be one of " + string.Join(", ", Enum.GetNames<CostCategory>().Select(Snake)) + "."));
                continue;
            }

            var campaignText = file.Get(campaignCol);
            var campaign = LabelTable.IsNone(campaignText) ? null : s.Campaigns.Label(s.Campaigns.Intern(campaignText));
            var sourceId = Encoding.Sources.Encode(source);
            var campaignId = Encoding.Campaigns.Encode(campaign);
            _costs.Add(new CostEvent(sourceId, from, to, new Money(amount, _options.Currency), category, campaignId));
            if (sourceId >= leadSources)
            {
                Quality.CountUnmatched("source", source);
            }

            if (campaign is not null && campaignId >= leadCampaigns)
            {
                Quality.CountUnmatched("campaign", campaign);
            }
        }
    }

    private void ReadRevenue(string path, State s)
    {
        using var file = Open(InputKind.Revenue, path, out var cols, out var q);
        var display = file.Path;
        var idCol = Require(cols, "lead_id", file);
        var atCol = Require(cols, "at", file);
        var amountCol = Require(cols, "amount", file);
        var currencyCol = cols["currency"];
        using var typed = TypedParquet(file) is { } c ? new TypedScope(c) : null;
        if (typed is not null)
        {
            RevenueRows(new TypedRows(this, typed.Cells, q), idCol, atCol, amountCol, currencyCol, q, s);
        }
        else
        {
            RevenueRows(new TextRows(this, file, q), idCol, atCol, amountCol, currencyCol, q, s);
        }

        Finish(file);
    }

    /// <summary>The rows of a revenue file (CSV as text, Parquet typed: LeadDataSet.Cells.cs), each joined to its lead's key.</summary>
    private void RevenueRows<TRows>(TRows file, ColumnBinding idCol, ColumnBinding atCol, ColumnBinding amountCol, ColumnBinding? currencyCol, FileQuality q, State s)
        where TRows : struct, IRowCells
    {
        var display = file.Path;
        var cells = new LeadCells<TRows>(file);
        var (idR, atR) = (new ColumnReader(idCol), new ColumnReader(atCol));
        var last = -1;
        while (file.MoveNext())
        {
            var line = file.Line;
            var r = default(EventRow);
            if (!CheckLead(ref cells, idR, display, s, ref r, ref last))
            {
                q.Reject(AtLine(r.Bad!, line));
                continue;
            }

            var key = s.KeyOf[r.Lead];
            if (key == 0)
            {
                q.Reject(new BadRow(display, line, idCol.Display, file.Get(idCol).ToString(), Reasons.LeadRejected, "the lead's own row was rejected."));
                continue;
            }

            if (!CheckAt(ref cells, atR, display, ref r))
            {
                q.Reject(AtLine(r.Bad!, line));
                continue;
            }

            var at = r.At;
            var amountCell = file.Amount(amountCol, out var amount);
            if (amountCell == Cell.Empty)
            {
                q.Reject(new BadRow(display, line, Missing(amountCol), string.Empty, Reasons.MissingAmount, "amount is required."));
                continue;
            }

            if (amountCell == Cell.Bad)
            {
                q.Reject(new BadRow(display, line, file.ColumnOf(amountCol), file.Get(amountCol).ToString(), Reasons.UnparseableNumber, "amount is not a number."));
                continue;
            }

            if (Math.Abs(amount) > Money.MaxFactAmount)
            {
                q.Reject(new BadRow(display, line, file.ColumnOf(amountCol), file.Get(amountCol).ToString(), Reasons.AmountOutOfRange, AmountOutOfRangeMessage));
                continue;
            }

            var currencyText = file.Get(currencyCol);
            if (!currencyText.IsEmpty && CurrencyAmounts.TryConvert(currencyText, ref amount, _options.Currency, _options.Rates, "amount") is { } why)
            {
                q.Reject(new BadRow(display, line, file.ColumnOf(currencyCol), currencyText.ToString(), Reasons.CurrencyMismatch, why));
                continue;
            }

            _revenue.Add(new RevenueEvent(key, Instant.FromUnixTimeTicks(at), new Money(amount, _options.Currency)));
            _lastRevenue = Math.Max(_lastRevenue, at);
        }
    }

    /// <summary>The column named for a missing value: the binding as written (or nothing when the column is absent).</summary>
    private static string Missing(ColumnBinding? binding) => binding?.Display ?? string.Empty;

    /// <summary>An enum value by its name, loosely (case, spaces, underscores and hyphens ignored); cached per distinct text.</summary>
    private bool TryEnum<T>(ReadOnlySpan<char> text, out T value)
        where T : struct, Enum
    {
        var lookup = _enumCache.GetAlternateLookup<ReadOnlySpan<char>>();
        Span<char> key = stackalloc char[Math.Min(text.Length, 200) + 1];
        key[0] = typeof(T) == typeof(TouchpointKind) ? 'k' : typeof(T) == typeof(CostCategory) ? 'c' : 'd';
        if (text.Length < 200)
        {
            text.CopyTo(key[1..]);
            if (lookup.TryGetValue(key[..(text.Length + 1)], out var cached))
            {
                value = cached >= 0 ? System.Runtime.CompilerServices.Unsafe.As<int, T>(ref cached) : default;
                return cached >= 0;
            }
        }

        var squashed = StageNames.Squash(text.ToString());
        var found = -1;
        foreach (var v in Enum.GetValues<T>())
        {
            if (StageNames.Squash(v.ToString()) == squashed)
            {
                found = Convert.ToInt32(v, CultureInfo.InvariantCulture);
                break;
            }
        }

        if (text.Length < 200 && _enumCache.Count < 10_000)
        {
            _enumCache.TryAdd(key[..(text.Length + 1)].ToString(), found);
        }

        value = found >= 0 ? System.Runtime.CompilerServices.Unsafe.As<int, T>(ref found) : default;
        return found >= 0;
    }

    private static bool TryDirection(ReadOnlySpan<char> text, out bool outbound)
    {
        if (text.Equals("outbound", StringComparison.OrdinalIgnoreCase) || text.Equals("inbound", StringComparison.OrdinalIgnoreCase))
        {
            outbound = text.Length == 8;
            return true;
        }

        switch (StageNames.Squash(text.ToString()))
        {
            case "in":
            case "inbound":
                outbound = false;
                return true;
            case "out":
            case "outbound":
                outbound = true;
                return true;
            default:
                outbound = false;
                return false;
        }
    }

    /// <summary>An enum name in snake case (AdClick: ad_click), as messages and the report name them.</summary>
    internal static string Snake(string name)
    {
        var sb = new System.Text.StringBuilder();
        for (var i = 0; i < name.Length; i++)
        {
            if (char.IsUpper(name[i]) && i > 0)
            {
                sb.Append('_');
            }

            sb.Append(char.ToLowerInvariant(name[i]));
        }

        return sb.ToString();
    }
}
