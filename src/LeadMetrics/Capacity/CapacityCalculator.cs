using System.Collections.Immutable;
using LeadMetrics.Calculators;
using LeadMetrics.Encoding;
using LeadMetrics.Grouping;
using LeadMetrics.Records;
using LeadMetrics.Serialization;

namespace LeadMetrics.Capacity;

/// <summary>
/// Streams leads into rep capacity per ISO week: leads assigned to each rep against the rep's
/// capacity, utilization, weeks over capacity, "dead" leads (not answered within the response
/// target), and the team's total volume against its total capacity.
/// </summary>
/// <remarks>
/// A lead belongs to its owner and to the ISO week of its creation in <see cref="CapacityOptions.Zone"/>.
/// One tally per owner and ISO week (<see cref="CapacityCalculator.Grouping"/>):
/// adding allocates only when a new rep-week appears; merging adds counts.
/// <para>Single-writer: one thread adds to a calculator at a time; two threads calling <c>Add</c> on one calculator at once lose leads silently. For several cores give each thread its own calculator and <c>Merge</c> them at the end, which gives exactly the one-pass result.</para>
/// </remarks>
public sealed class CapacityCalculator : ILeadCalculator<CapacityCalculator, CapacityReport>, ISerializableCalculator, ISerializableState
{
    private readonly GroupedCalculator<RepWeekTally, RepWeekCounts> _groups;

    /// <summary>Creates an empty calculator.</summary>
    /// <param name="options">Capacities, response target, observation instant and zone.</param>
    public CapacityCalculator(CapacityOptions options)
    {
        Options = Preconditions.CheckNotNull(options);
        Grouping = new LeadGrouping(GroupDimension.Owner, TimeBucket.IsoWeek, options.Zone, PeriodInstant.Created);
        _groups = new GroupedCalculator<RepWeekTally, RepWeekCounts>(Grouping, new RepWeekTally(options));
    }

    /// <summary>The options.</summary>
    public CapacityOptions Options { get; }

    /// <summary>The grouping: owner by ISO week of creation in the options' zone.</summary>
    public LeadGrouping Grouping { get; }

    /// <inheritdoc />
    public void Add(in LeadRecord lead) => _groups.Add(lead); // the grouped calculator rejects a default record

    /// <inheritdoc />
    /// <exception cref="ArgumentException">The options differ.</exception>
    public void Merge(CapacityCalculator other)
    {
        Preconditions.CheckNotNull(other);
        if (!Options.Equals(other.Options))
        {
            throw new ArgumentException($"other has options {other.Options}; this has {Options}. Only equal configurations merge.", nameof(other));
        }

        _groups.Merge(other._groups);
    }

    /// <inheritdoc />
    public CapacityReport Snapshot()
    {
        var groups = _groups.Snapshot().Groups;
        var weeks = new SortedDictionary<int, GroupKey>();
        var counts = new Dictionary<(int Owner, int Week), RepWeekCounts>();
        foreach (var group in groups)
        {
            weeks.TryAdd(group.Key.Period, group.Key);
            counts[(group.Key.DimensionId, group.Key.Period)] = group.Result;
        }

        var repWeeks = ImmutableArray.CreateBuilder<RepWeekCapacity>();
        var teamWeeks = ImmutableArray.CreateBuilder<TeamWeekCapacity>();
        var owners = new SortedSet<int>(Options.RepCapacities.Keys);
        foreach (var (week, key) in weeks)
        {
            var weekStart = key.PeriodStart!.Value;
            var label = key.PeriodLabel;
            var weekOwners = new SortedSet<int>(Options.RepCapacities.Keys);
            foreach (var group in groups)
            {
                if (group.Key.Period == week && group.Key.DimensionId != 0)
                {
                    weekOwners.Add(group.Key.DimensionId);
                }
            }

            int leads = 0, capacity = 0, dead = 0, overCapacity = 0;
            var unassigned = counts.TryGetValue((0, week), out var none) ? none : default;
            leads += unassigned.Assigned;
            dead += unassigned.Dead;
            foreach (var owner in weekOwners)
            {
                owners.Add(owner);
                var c = counts.TryGetValue((owner, week), out var found) ? found : default;
                var row = new RepWeekCapacity(owner, weekStart, label, Options.CapacityOf(owner), c.Assigned, c.AnsweredInTime, c.Dead, c.Pending);
                repWeeks.Add(row);
                leads += row.Assigned;
                capacity += row.Capacity;
                dead += row.Dead;
                overCapacity += row.IsOverCapacity ? 1 : 0;
            }

            teamWeeks.Add(new TeamWeekCapacity(weekStart, label, leads, unassigned.Assigned, capacity, dead, weekOwners.Count, overCapacity));
        }

        var reps = ImmutableArray.CreateBuilder<RepCapacitySummary>();
        foreach (var owner in owners)
        {
            int weeksCount = 0, over = 0, assigned = 0, capacity = 0, dead = 0;
            foreach (var row in repWeeks)
            {
                if (row.Owner == owner)
                {
                    weeksCount++;
                    over += row.IsOverCapacity ? 1 : 0;
                    assigned += row.Assigned;
                    capacity += row.Capacity;
                    dead += row.Dead;
                }
            }

            reps.Add(new RepCapacitySummary(owner, weeksCount, over, assigned, capacity, dead));
        }

        return new CapacityReport(Options, repWeeks.ToImmutable(), reps.ToImmutable(), teamWeeks.ToImmutable());
    }

    /// <inheritdoc />
    public CapacityCalculator CreateEmpty() => new(Options);

    /// <inheritdoc />
    public byte[] Serialize(LeadEncoding? encoding = null) => StateMerge.Serialize(this, encoding);

    /// <inheritdoc />
    public void MergeSerialized(ReadOnlySpan<byte> state, LeadEncoding? encoding = null) =>
        StateMerge.MergeSerialized<CapacityCalculator, CapacityReport>(this, state, encoding);

    string ISerializableState.Configuration => "capacity;" + Options.CanonicalText();

    void ISerializableState.WriteState(StateWriter writer) => ((ISerializableState)_groups).WriteState(writer);

    void ISerializableState.ReadState(ref StateReader reader)
    {
        // The roster names owners by id in the configuration, which matched as text: state of another encoding merges
        // only when those ids name the same owners here (build the capacity options from each encoding's own ids
        // and the configurations differ; encode the roster first, in one order, and they agree).
        foreach (var owner in Options.RepCapacities.Keys)
        {
            var here = reader.MapId(StateLabels.Owners, owner, $"roster owner id {owner}");
            if (here != owner)
            {
                throw reader.Error($"its roster's owner id {owner} names the owner this encoding gives id {here}: the roster's ids must name the same owners in both encodings");
            }
        }

        ((ISerializableState)_groups).ReadState(ref reader);
    }
}
