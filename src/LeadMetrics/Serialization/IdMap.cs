namespace LeadMetrics.Serialization;

/// <summary>
/// How the ids of serialized state become the receiver's ids when the state was encoded with other labels (format
/// version 4): per dimension, the receiver's id of each id of the state, found by label (<see cref="StateLabels"/>).
/// Id 0 (the missing value) is 0 everywhere. Lead keys of a state that carries no lead labels (keys numbered by a
/// reader, not by <c>LeadEncoding.Leads</c>) are kept as they are; the caller vouches for them. The map of a merge that
/// folds (<see cref="LabelFold"/>) may give several ids of its dimension one id, id 0 included (<see cref="Folds"/>).
/// </summary>
internal sealed class IdMap
{
    private readonly Dictionary<string, int[]> _maps;

    /// <param name="maps">Per dimension name, the receiver's id of each id of the state (index = the state's id; entry 0 is 0 unless <paramref name="folds"/>).</param>
    /// <param name="folds">Whether the map is a fold's: several ids may have one id, so a group read twice merges (<see cref="StateReader.Folds"/>).</param>
    internal IdMap(Dictionary<string, int[]> maps, bool folds = false)
    {
        _maps = maps;
        Folds = folds;
    }

    /// <summary>Whether this is the map of a merge that folds (<see cref="LabelFold"/>): the groups of several ids of the state may be one group here.</summary>
    internal bool Folds { get; }

    /// <summary>
    /// The receiver's id of <paramref name="id"/> of <paramref name="dimension"/>, or an error naming
    /// <paramref name="field"/> when the state carries no label for it.
    /// </summary>
    internal int Map(string dimension, int id, string field, in StateReader reader)
    {
        if (id == 0 && !Folds)
        {
            return 0;
        }

        if (!_maps.TryGetValue(dimension == StateLabels.Segment ? SegmentDimension(reader) : dimension, out var map))
        {
            // Id 0 of a dimension without labels stays 0 (under a fold too: only the folded dimension's missing value may move).
            return id == 0 || dimension == StateLabels.Leads
                ? id
                : throw reader.Error($"{field} is {dimension} id {id}, but the state carries no {dimension} labels");
        }

        return (uint)id < (uint)map.Length ? map[id] : throw reader.Error($"{field} is {dimension} id {id}, but the state carries labels for ids 1 to {map.Length - 1} only");
    }

    // Segment ids are the values of one attribute, which the grouping does not name: the state must carry exactly one.
    private string SegmentDimension(in StateReader reader)
    {
        string? found = null;
        foreach (var name in _maps.Keys)
        {
            if (name.StartsWith(StateLabels.AttributePrefix, StringComparison.Ordinal))
            {
                if (found is not null)
                {
                    throw reader.Error($"its segment ids cannot be remapped by label: it carries the labels of several attributes ({found[StateLabels.AttributePrefix.Length..]}, {name[StateLabels.AttributePrefix.Length..]}) and a segment names none");
                }

                found = name;
            }
        }

        return found ?? StateLabels.Segment;
    }
}
