using System.Globalization;

namespace LeadMetrics.Scoring;

/// <summary>Validates and orders named thresholds: names unique, minimums distinct, exactly one catch-all (null minimum), highest first.</summary>
internal static class ThresholdOrder
{
    internal static int[] Order(IReadOnlyList<(string Name, decimal? Minimum)> items, string paramName, string what)
    {
        if (items.Count == 0)
        {
            throw new ArgumentException($"{paramName} must hold at least one {what}; was empty.", paramName);
        }

        var names = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        var minimums = new HashSet<decimal>();
        var catchAll = -1;
        for (var i = 0; i < items.Count; i++)
        {
            var (name, minimum) = items[i];
            if (!names.Add(name))
            {
                throw new ArgumentException($"{paramName}[{i}]: the {what} name '{name}' appears more than once (names are case-insensitive).", paramName);
            }

            if (minimum is { } min)
            {
                if (!minimums.Add(min))
                {
                    throw new ArgumentException(
                        string.Create(CultureInfo.InvariantCulture, $"{paramName}[{i}] '{name}': the minimum score {min} is used by another {what}; minimums must differ."),
                        paramName);
                }
            }
            else if (catchAll >= 0)
            {
                throw new ArgumentException(
                    $"{paramName}[{i}] '{name}' has no minimum score, like '{items[catchAll].Name}'; exactly one {what} (the lowest) has none.", paramName);
            }
            else
            {
                catchAll = i;
            }
        }

        if (catchAll < 0)
        {
            throw new ArgumentException(
                $"{paramName} needs one {what} without a minimum score (the lowest, which catches every score below the others); none was given.", paramName);
        }

        var order = Enumerable.Range(0, items.Count).ToArray();
        Array.Sort(order, (a, b) => (items[b].Minimum ?? decimal.MinValue).CompareTo(items[a].Minimum ?? decimal.MinValue));
        return order;
    }
}
