using NodaTime;

namespace LeadMetrics.Events;

internal static class EventChecks
{
    internal static int Key(int value, string paramName)
    {
        if (value <= 0)
        {
            throw new ArgumentOutOfRangeException(paramName, value, $"{paramName} must be a dense lead key from LeadEncoding.Leads (1 or more); was {value}.");
        }

        return value;
    }

    internal static int Id(int value, string paramName) => Preconditions.CheckDimensionId(value, paramName);

    internal static Instant At(Instant value, string paramName) => Preconditions.CheckNotDefault(value, paramName);
}
