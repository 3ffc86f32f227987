namespace LeadMetrics.Serialization;

/// <summary>
/// The labels that travel with serialized state (format version 4 and later): for each dimension of the encoding the
/// state was written with, its labels in id order, so that a receiver whose encoding gave the same labels other ids
/// can remap the state's ids by label (<see cref="IdMap"/>). Id 0, the missing value, is not written: it is 0 in
/// every encoding. Layout (little-endian): the number of dimensions (int32); per dimension its name and the number
/// of labels n (int32), then the labels of ids 1 to n, each as length-prefixed UTF-8.
/// </summary>
internal sealed class StateLabels
{
    /// <summary>The dimension of lead keys (their labels are lead ids).</summary>
    internal const string Leads = "lead_id";

    /// <summary>Sources.</summary>
    internal const string Sources = "source";

    /// <summary>Campaigns.</summary>
    internal const string Campaigns = "campaign";

    /// <summary>Owners (and touchpoint actors).</summary>
    internal const string Owners = "owner";

    /// <summary>Touchpoint channels.</summary>
    internal const string Channels = "channel";

    /// <summary>The prefix of an attribute's dimension name: <c>attribute:</c> and the attribute's name.</summary>
    internal const string AttributePrefix = "attribute:";

    /// <summary>The segment ids of a grouping or mix (the values of one attribute, named by the caller): remapped through the one attribute the labels carry.</summary>
    internal const string Segment = "segment";

    internal StateLabels(IReadOnlyList<(string Dimension, string[] Labels)> dimensions) => Dimensions = dimensions;

    /// <summary>The dimensions in the order written; <c>Labels[i]</c> is the label of id <c>i + 1</c>.</summary>
    internal IReadOnlyList<(string Dimension, string[] Labels)> Dimensions { get; }

    /// <summary>Writes the labels (the section after the configuration).</summary>
    internal byte[] ToBytes()
    {
        var writer = new StateWriter();
        writer.WriteInt32(Dimensions.Count);
        foreach (var (dimension, labels) in Dimensions)
        {
            writer.WriteString(dimension);
            writer.WriteInt32(labels.Length);
            foreach (var label in labels)
            {
                writer.WriteString(label);
            }
        }

        return writer.Written.ToArray();
    }

    /// <summary>Reads what <see cref="ToBytes"/> wrote, refusing a repeated dimension or a blank label as damage.</summary>
    internal static StateLabels Read(ReadOnlySpan<byte> bytes, string paramName)
    {
        var reader = new StateReader(bytes, paramName);
        var count = reader.ReadCount("labels.dimensions", 8);
        var dimensions = new List<(string, string[])>(count);
        var names = new HashSet<string>(StringComparer.Ordinal);
        for (var d = 0; d < count; d++)
        {
            var name = reader.ReadString($"labels[{d}].dimension");
            if (name.Length == 0 || !names.Add(name))
            {
                throw reader.Error($"labels[{d}] names dimension \"{name}\", blank or repeated");
            }

            var labels = new string[reader.ReadCount($"labels[{d}].count", 4)];
            for (var i = 0; i < labels.Length; i++)
            {
                labels[i] = reader.ReadString($"labels[{d}].labels[{i + 1}]");
                if (string.IsNullOrWhiteSpace(labels[i]))
                {
                    throw reader.Error($"labels[{d}] ({name}) has a blank label for id {i + 1}; only id 0 is the missing value");
                }
            }

            dimensions.Add((name, labels));
        }

        reader.CheckAtEnd();
        return new StateLabels(dimensions);
    }
}
