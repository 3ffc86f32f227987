using System.Diagnostics.CodeAnalysis;
using System.Runtime.CompilerServices;

namespace LeadMetrics.Records;

/// <summary>The argument check every lead sink makes of a <see cref="LeadRecord"/> (the Records layer's part of <see cref="Preconditions"/>).</summary>
internal static class RecordChecks
{
    /// <summary>
    /// Rejects <c>default(LeadRecord)</c> (lead key 0, which no constructed record has), for example an unused slot
    /// of a pooled array: one comparison, so every calculator's <c>Add</c> can afford it.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    internal static void CheckRecord(in LeadRecord lead, [CallerArgumentExpression(nameof(lead))] string? paramName = null)
    {
        if (lead.Lead <= 0)
        {
            ThrowDefaultRecord(paramName);
        }
    }

    [DoesNotReturn]
    [MethodImpl(MethodImplOptions.NoInlining)]
    private static void ThrowDefaultRecord(string? paramName) =>
        throw new ArgumentException(
            $"{paramName} is default(LeadRecord) (lead key 0, created at the Unix epoch), not a record: build records with the LeadRecord constructor, LeadRecord.FromLead or LeadRecordAssembler, and do not pass unused slots of a pooled array.",
            paramName);

    /// <summary>Checks a deal value (a currency, not negative) and gives its amount and currency, 0 and default when null.</summary>
    internal static (decimal Amount, Currency Currency) DealValue(Money? dealValue)
    {
        if (dealValue is not { } value)
        {
            return (0m, default);
        }

        if (value.Currency.IsDefault)
        {
            throw new ArgumentException("dealValue must carry a currency; default(Money) has none.", nameof(dealValue));
        }

        Preconditions.CheckNonNegative(value.Amount, nameof(dealValue));
        Preconditions.CheckAmount(value.Amount, nameof(dealValue));
        return (value.Amount, value.Currency);
    }
}
