using System.Diagnostics.CodeAnalysis;
using System.Globalization;
using System.Runtime.CompilerServices;
using NodaTime;

namespace LeadMetrics;

/// <summary>
/// Argument checks shared by every constructor and factory. Each failure names the argument and
/// the offending value, so that a bad row in a million is easy to find.
/// </summary>
internal static class Preconditions
{
    internal static string CheckNotNullOrWhiteSpace(
        [NotNull] string? value, [CallerArgumentExpression(nameof(value))] string? paramName = null)
    {
        if (value is null)
        {
            throw new ArgumentNullException(paramName, $"{paramName} must not be null.");
        }

        if (string.IsNullOrWhiteSpace(value))
        {
            throw new ArgumentException($"{paramName} must not be empty or white space; was '{value}'.", paramName);
        }

        return value;
    }

    internal static T CheckNotNull<T>([NotNull] T? value, [CallerArgumentExpression(nameof(value))] string? paramName = null)
        where T : class
    {
        return value ?? throw new ArgumentNullException(paramName, $"{paramName} must not be null.");
    }

    internal static Instant CheckNotDefault(Instant value, [CallerArgumentExpression(nameof(value))] string? paramName = null)
    {
        if (value == default)
        {
            throw new ArgumentException(
                $"{paramName} must be a real instant, not default(Instant) (1970-01-01T00:00:00Z); was {value}.", paramName);
        }

        return value;
    }

    /// <summary>
    /// The largest magnitude of an amount a fact may carry into a calculator (a deal value, a cost, revenue): 10¹⁸.
    /// Sums of up to 79 billion such amounts fit a decimal (about 7.9 × 10²⁸), so the calculators' running sums cannot
    /// overflow on accepted facts.
    /// </summary>
    internal const decimal MaxAmount = 1_000_000_000_000_000_000m;

    /// <summary>
    /// The largest magnitude of a scoring rule's points: 10¹². A score sums the points of its rules (and of each
    /// matching touchpoint), so the bound keeps any real model's sums far inside the decimal range.
    /// </summary>
    internal const decimal MaxPoints = 1_000_000_000_000m;

    /// <summary>Checks that points lie within ±<see cref="MaxPoints"/>.</summary>
    internal static decimal CheckPoints(decimal value, [CallerArgumentExpression(nameof(value))] string? paramName = null)
    {
        if (value > MaxPoints || value < -MaxPoints)
        {
            throw new ArgumentOutOfRangeException(
                paramName, $"{paramName} must be within ±{MaxPoints.ToString(CultureInfo.InvariantCulture)} (ScoringModel.MaxPoints); was {value.ToString(CultureInfo.InvariantCulture)}.");
        }

        return value;
    }

    /// <summary>Checks that an amount lies within ±<see cref="MaxAmount"/>.</summary>
    internal static decimal CheckAmount(decimal value, [CallerArgumentExpression(nameof(value))] string? paramName = null)
    {
        if (value > MaxAmount || value < -MaxAmount)
        {
            throw new ArgumentOutOfRangeException(
                paramName, $"{paramName} must be within ±{MaxAmount.ToString(CultureInfo.InvariantCulture)} (Money.MaxFactAmount, so that sums cannot overflow); was {value.ToString(CultureInfo.InvariantCulture)}.");
        }

        return value;
    }

    /// <summary>A share such as a gross margin or a churn rate: 0 to 1.</summary>
    internal static decimal CheckShare(decimal value, [CallerArgumentExpression(nameof(value))] string? paramName = null)
    {
        if (value < 0m || value > 1m)
        {
            throw new ArgumentOutOfRangeException(paramName, value, $"{paramName} must be between 0 and 1; was {value}.");
        }

        return value;
    }

    internal static decimal CheckNonNegative(decimal value, [CallerArgumentExpression(nameof(value))] string? paramName = null)
    {
        if (value < 0m)
        {
            throw new ArgumentOutOfRangeException(
                paramName, value, $"{paramName} must be zero or more; was {value.ToString(CultureInfo.InvariantCulture)}.");
        }

        return value;
    }

    /// <summary>
    /// The largest dimension id (source, campaign, owner, segment, channel, actor, stage) a record or event accepts:
    /// 2²⁴ − 1 = 16,777,215, also the largest a serialized group key may name. Grouped calculators keep memory per group
    /// that exists, whatever its id (a map indexed by id only while ids are dense, a table otherwise).
    /// </summary>
    internal const int MaxDimensionId = (1 << 24) - 1;

    /// <summary>Checks a dimension id: 0 to <see cref="MaxDimensionId"/>.</summary>
    internal static int CheckDimensionId(int value, [CallerArgumentExpression(nameof(value))] string? paramName = null)
    {
        if (unchecked((uint)value > MaxDimensionId))
        {
            throw new ArgumentOutOfRangeException(
                paramName, value, $"{paramName} must be a dimension id from 0 to {MaxDimensionId} (dense ids from a DimensionEncoder); was {value}.");
        }

        return value;
    }

    internal static int CheckNonNegative(int value, [CallerArgumentExpression(nameof(value))] string? paramName = null)
    {
        if (value < 0)
        {
            throw new ArgumentOutOfRangeException(paramName, value, $"{paramName} must be zero or more; was {value}.");
        }

        return value;
    }

    internal static int CheckPositive(int value, [CallerArgumentExpression(nameof(value))] string? paramName = null)
    {
        if (value <= 0)
        {
            throw new ArgumentOutOfRangeException(paramName, value, $"{paramName} must be greater than zero; was {value}.");
        }

        return value;
    }

    internal static Duration CheckPositive(Duration value, [CallerArgumentExpression(nameof(value))] string? paramName = null)
    {
        if (value <= Duration.Zero)
        {
            throw new ArgumentOutOfRangeException(paramName, value, $"{paramName} must be greater than zero; was {value}.");
        }

        return value;
    }

    internal static int CheckInRange(int value, int min, int max, [CallerArgumentExpression(nameof(value))] string? paramName = null)
    {
        if (value < min || value > max)
        {
            throw new ArgumentOutOfRangeException(
                paramName, value, $"{paramName} must be between {min.ToString(CultureInfo.InvariantCulture)} and {max.ToString(CultureInfo.InvariantCulture)}; was {value.ToString(CultureInfo.InvariantCulture)}.");
        }

        return value;
    }

    internal static double CheckInRange(double value, double min, double max, [CallerArgumentExpression(nameof(value))] string? paramName = null)
    {
        if (!(value >= min && value <= max))
        {
            throw new ArgumentOutOfRangeException(
                paramName, value, $"{paramName} must be between {min.ToString(CultureInfo.InvariantCulture)} and {max.ToString(CultureInfo.InvariantCulture)}; was {value.ToString(CultureInfo.InvariantCulture)}.");
        }

        return value;
    }

    internal static T CheckDefined<T>(T value, [CallerArgumentExpression(nameof(value))] string? paramName = null)
        where T : struct, Enum
    {
        if (!DefinedValues<T>.Contains(value))
        {
            throw new ArgumentOutOfRangeException(paramName, value, $"{paramName} has an undefined {typeof(T).Name} value {value}.");
        }

        return value;
    }

    /// <summary>The defined values of an enum, cached once: checking them allocates nothing (unlike Enum.IsDefined).</summary>
    private static class DefinedValues<T>
        where T : struct, Enum
    {
        private static readonly T[] Values = Enum.GetValues<T>();

        internal static bool Contains(T value)
        {
            foreach (var defined in Values)
            {
                if (EqualityComparer<T>.Default.Equals(defined, value))
                {
                    return true;
                }
            }

            return false;
        }
    }
}
