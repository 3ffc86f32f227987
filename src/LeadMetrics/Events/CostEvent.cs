using NodaTime;

namespace LeadMetrics.Events;

/// <summary>The value-type, encoded form of a <see cref="CostEntry"/>.</summary>
public readonly struct CostEvent
{
    /// <summary>Creates the event.</summary>
    /// <param name="source">The source id.</param>
    /// <param name="from">The first date the spend covers.</param>
    /// <param name="to">The last date the spend covers (inclusive; equal to <paramref name="from"/> for one day).</param>
    /// <param name="amount">The amount; not negative, at most <see cref="Money.MaxFactAmount"/>.</param>
    /// <param name="category">What the money paid for.</param>
    /// <param name="campaign">The campaign id (0 = none).</param>
    /// <exception cref="ArgumentException">An argument is out of range; the message names it and the value.</exception>
    public CostEvent(int source, LocalDate from, LocalDate to, Money amount, CostCategory category = CostCategory.Media, int campaign = 0)
    {
        Source = EventChecks.Id(source, nameof(source));
        if (to < from)
        {
            throw new ArgumentException($"to {to} is before from {from}.", nameof(to));
        }

        if (amount.Currency.IsDefault)
        {
            throw new ArgumentException("amount must carry a currency; default(Money) has none.", nameof(amount));
        }

        Preconditions.CheckNonNegative(amount.Amount, nameof(amount));
        Preconditions.CheckAmount(amount.Amount, nameof(amount));
        From = from;
        To = to;
        Amount = amount;
        Category = Preconditions.CheckDefined(category);
        Campaign = EventChecks.Id(campaign, nameof(campaign));
    }

    /// <summary>The source id.</summary>
    public int Source { get; }

    /// <summary>The campaign id.</summary>
    public int Campaign { get; }

    /// <summary>The first date covered.</summary>
    public LocalDate From { get; }

    /// <summary>The last date covered (inclusive).</summary>
    public LocalDate To { get; }

    /// <summary>The amount.</summary>
    public Money Amount { get; }

    /// <summary>What the money paid for.</summary>
    public CostCategory Category { get; }
}
