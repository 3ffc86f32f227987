using NodaTime;

namespace LeadMetrics;

/// <summary>
/// Money spent on a source (and optionally a campaign) over a date or an inclusive date interval,
/// in one category.
/// </summary>
/// <remarks>
/// Dates are calendar dates in the business's time zone. A cost spread over an interval is
/// allocated to periods pro rata by days where a calculator needs it per period.
/// </remarks>
public sealed record CostEntry
{
    /// <summary>Creates a validated cost entry.</summary>
    /// <param name="source">The source (channel) the money was spent on; must not be empty.</param>
    /// <param name="interval">The inclusive dates the spend covers.</param>
    /// <param name="amount">The amount; must not be negative nor above <see cref="Money.MaxFactAmount"/>.</param>
    /// <param name="category">What the money paid for.</param>
    /// <param name="campaign">The campaign, if the cost belongs to one.</param>
    /// <exception cref="ArgumentException">An argument is empty, negative or undefined; the message names it and the value.</exception>
    public CostEntry(string source, DateInterval interval, Money amount, CostCategory category = CostCategory.Media, string? campaign = null)
    {
        Source = Preconditions.CheckNotNullOrWhiteSpace(source);
        Interval = Preconditions.CheckNotNull(interval);
        if (amount.Currency.IsDefault)
        {
            throw new ArgumentException("amount must carry a currency; default(Money) has none.", nameof(amount));
        }

        Preconditions.CheckNonNegative(amount.Amount, nameof(amount));
        Preconditions.CheckAmount(amount.Amount, nameof(amount));
        Amount = amount;
        Category = Preconditions.CheckDefined(category);
        Campaign = string.IsNullOrWhiteSpace(campaign) ? null : campaign;
    }

    /// <summary>Creates a validated cost entry for one date.</summary>
    /// <param name="source">The source (channel) the money was spent on.</param>
    /// <param name="date">The date of the spend.</param>
    /// <param name="amount">The amount; must not be negative nor above <see cref="Money.MaxFactAmount"/>.</param>
    /// <param name="category">What the money paid for.</param>
    /// <param name="campaign">The campaign, if any.</param>
    public CostEntry(string source, LocalDate date, Money amount, CostCategory category = CostCategory.Media, string? campaign = null)
        : this(source, new DateInterval(date, date), amount, category, campaign)
    {
    }

    /// <summary>The source (channel).</summary>
    public string Source { get; }

    /// <summary>The campaign, or null.</summary>
    public string? Campaign { get; }

    /// <summary>The inclusive dates the spend covers.</summary>
    public DateInterval Interval { get; }

    /// <summary>The amount, zero or more.</summary>
    public Money Amount { get; }

    /// <summary>What the money paid for.</summary>
    public CostCategory Category { get; }
}
