using NodaTime;

namespace LeadMetrics.Events;

/// <summary>The value-type, encoded form of a <see cref="RevenueEntry"/>.</summary>
public readonly struct RevenueEvent
{
    /// <summary>Creates the event.</summary>
    /// <param name="lead">The dense lead key of the customer (1 or more).</param>
    /// <param name="at">When the revenue was realized.</param>
    /// <param name="amount">The amount (negative for a refund), within ±<see cref="Money.MaxFactAmount"/>.</param>
    /// <exception cref="ArgumentException">An argument is out of range; the message names it.</exception>
    public RevenueEvent(int lead, Instant at, Money amount)
    {
        Lead = EventChecks.Key(lead, nameof(lead));
        At = EventChecks.At(at, nameof(at));
        if (amount.Currency.IsDefault)
        {
            throw new ArgumentException("amount must carry a currency; default(Money) has none.", nameof(amount));
        }

        Preconditions.CheckAmount(amount.Amount, nameof(amount));
        Amount = amount;
    }

    /// <summary>The dense lead key.</summary>
    public int Lead { get; }

    /// <summary>When the revenue was realized.</summary>
    public Instant At { get; }

    /// <summary>The amount.</summary>
    public Money Amount { get; }
}
