using System.Collections.Immutable;
using NodaTime;

namespace LeadMetrics.Capacity;

/// <summary>
/// The configuration of rep capacity: how many leads a rep can handle well per ISO week (a default
/// and per-rep values), the response target that separates handled leads from "dead" ones, the
/// moment of observation, and the business's time zone. Immutable; equal options merge.
/// </summary>
public sealed record CapacityOptions
{
    /// <summary>The default response target: 1 hour.</summary>
    public static readonly Duration DefaultResponseTarget = Duration.FromHours(1);

    /// <summary>Creates the options.</summary>
    /// <param name="defaultWeeklyCapacity">Leads per ISO week a rep without a value of their own can handle; zero or more.</param>
    /// <param name="repCapacities">Leads per ISO week by owner id (from <see cref="Encoding.LeadEncoding.Owners"/>); each zero or more. Reps listed here form the roster: they appear in every week, with or without leads.</param>
    /// <param name="responseTarget">A lead not answered within this long after creation is dead; <see cref="DefaultResponseTarget"/> when null.</param>
    /// <param name="asOf">
    /// When the data was observed: an unanswered lead younger than the target is pending, not dead.
    /// When null, every unanswered lead is dead.
    /// </param>
    /// <param name="zone">The zone whose ISO weeks (Monday to Sunday) split the leads; UTC when null.</param>
    /// <exception cref="ArgumentException">A capacity is negative, an owner id is 0 or negative, or the target is not positive.</exception>
    public CapacityOptions(
        int defaultWeeklyCapacity,
        IEnumerable<KeyValuePair<int, int>>? repCapacities = null,
        Duration? responseTarget = null,
        Instant? asOf = null,
        DateTimeZone? zone = null)
    {
        DefaultWeeklyCapacity = Preconditions.CheckNonNegative(defaultWeeklyCapacity);
        var builder = ImmutableSortedDictionary.CreateBuilder<int, int>();
        foreach (var (owner, capacity) in repCapacities ?? [])
        {
            if (owner <= 0)
            {
                throw new ArgumentOutOfRangeException(nameof(repCapacities), owner, $"repCapacities must be keyed by owner ids of 1 or more (0 is \"(none)\"); had {owner}.");
            }

            if (capacity < 0)
            {
                throw new ArgumentOutOfRangeException(nameof(repCapacities), capacity, $"repCapacities[{owner}] must be zero or more; was {capacity}.");
            }

            if (!builder.TryAdd(owner, capacity))
            {
                throw new ArgumentException($"repCapacities lists owner {owner} more than once.", nameof(repCapacities));
            }
        }

        RepCapacities = builder.ToImmutable();
        ResponseTarget = Preconditions.CheckPositive(responseTarget ?? DefaultResponseTarget, nameof(responseTarget));
        AsOf = asOf;
        Zone = zone ?? DateTimeZone.Utc;
    }

    /// <summary>Leads per ISO week a rep without a value of their own can handle.</summary>
    public int DefaultWeeklyCapacity { get; }

    /// <summary>Leads per ISO week by owner id: the roster.</summary>
    public ImmutableSortedDictionary<int, int> RepCapacities { get; }

    /// <summary>A lead not answered within this long is dead.</summary>
    public Duration ResponseTarget { get; }

    /// <summary>When the data was observed, or null.</summary>
    public Instant? AsOf { get; }

    /// <summary>The zone of the ISO weeks.</summary>
    public DateTimeZone Zone { get; }

    /// <summary>The canonical text compared when serialized state is merged.</summary>
    internal string CanonicalText()
    {
        var c = System.Globalization.CultureInfo.InvariantCulture;
        return $"default={DefaultWeeklyCapacity.ToString(c)};reps={string.Join(",", RepCapacities.Select(p => p.Key.ToString(c) + ":" + p.Value.ToString(c)))};target={ResponseTarget.BclCompatibleTicks.ToString(c)};asOf={(AsOf is { } asOf ? asOf.ToUnixTimeTicks().ToString(c) : "none")};zone={Zone.Id}";
    }

    /// <summary>The weekly capacity of a rep: their own value, else the default.</summary>
    /// <param name="owner">The owner id.</param>
    /// <returns>Leads per ISO week.</returns>
    internal int CapacityOf(int owner) => RepCapacities.TryGetValue(owner, out var capacity) ? capacity : DefaultWeeklyCapacity;

    /// <inheritdoc />
    public bool Equals(CapacityOptions? other) =>
        other is not null &&
        DefaultWeeklyCapacity == other.DefaultWeeklyCapacity &&
        ResponseTarget == other.ResponseTarget &&
        AsOf == other.AsOf &&
        Zone.Id == other.Zone.Id &&
        RepCapacities.Count == other.RepCapacities.Count &&
        RepCapacities.All(p => other.RepCapacities.TryGetValue(p.Key, out var c) && c == p.Value);

    /// <inheritdoc />
    public override int GetHashCode() => HashCode.Combine(DefaultWeeklyCapacity, ResponseTarget, AsOf, Zone.Id, RepCapacities.Count);
}
