using NodaTime;

namespace LeadMetrics;

/// <summary>Revenue a customer (a won lead) brought at an instant: a payment, an invoice, a renewal.</summary>
public sealed record RevenueEntry
{
    /// <summary>Creates a validated revenue entry.</summary>
    /// <param name="lead">The lead (customer) that paid.</param>
    /// <param name="at">When the revenue was realized.</param>
    /// <param name="amount">The amount; negative for a refund; within ±<see cref="Money.MaxFactAmount"/>.</param>
    /// <exception cref="ArgumentException">An argument is default or out of range; the message names it.</exception>
    public RevenueEntry(LeadId lead, Instant at, Money amount)
    {
        Lead = LeadId.CheckValid(lead, nameof(lead));
        At = Preconditions.CheckNotDefault(at);
        if (amount.Currency.IsDefault)
        {
            throw new ArgumentException("amount must carry a currency; default(Money) has none.", nameof(amount));
        }

        Preconditions.CheckAmount(amount.Amount, nameof(amount));
        Amount = amount;
    }

    /// <summary>The customer.</summary>
    public LeadId Lead { get; }

    /// <summary>When the revenue was realized.</summary>
    public Instant At { get; }

    /// <summary>The amount (negative for a refund).</summary>
    public Money Amount { get; }
}
