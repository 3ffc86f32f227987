using LeadMetrics.Encoding;

namespace LeadMetrics.Samples.Orleans;

/// <summary>
/// The labels of the dimensions the report groups by (sources, campaigns, owners) in id order: what the ids of a merged
/// report stand for. Partitions encode their own labels (their bytes carry them, and the report merges by label); an
/// encoding seeded with these labels gives them the merged report's ids (tests compare a one pass with it this way).
/// </summary>
[GenerateSerializer]
public sealed class SharedLabels
{
    /// <summary>Source labels, id order (id 1 first).</summary>
    [Id(0)]
    public string[] Sources { get; set; } = [];

    /// <summary>Campaign labels, id order.</summary>
    [Id(1)]
    public string[] Campaigns { get; set; } = [];

    /// <summary>Owner labels, id order.</summary>
    [Id(2)]
    public string[] Owners { get; set; } = [];

    /// <summary>The labels an encoding has met.</summary>
    public static SharedLabels Of(LeadEncoding encoding)
    {
        ArgumentNullException.ThrowIfNull(encoding);
        return new SharedLabels { Sources = Labels(encoding.Sources), Campaigns = Labels(encoding.Campaigns), Owners = Labels(encoding.Owners) };
    }

    /// <summary>The union of several dictionaries, each dimension in ordinal order.</summary>
    public static SharedLabels Union(IEnumerable<SharedLabels> parts)
    {
        var all = parts.ToList();
        return new SharedLabels
        {
            Sources = [.. all.SelectMany(p => p.Sources).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal)],
            Campaigns = [.. all.SelectMany(p => p.Campaigns).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal)],
            Owners = [.. all.SelectMany(p => p.Owners).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal)],
        };
    }

    /// <summary>Encodes the labels, in order, into an encoding that has met none yet.</summary>
    public void Seed(LeadEncoding encoding)
    {
        ArgumentNullException.ThrowIfNull(encoding);
        if (encoding.Sources.Count > 1 || encoding.Campaigns.Count > 1 || encoding.Owners.Count > 1)
        {
            throw new InvalidOperationException("The dictionary seeds a new encoding only (this one has met labels already).");
        }

        foreach (var label in Sources)
        {
            encoding.Sources.Encode(label);
        }

        foreach (var label in Campaigns)
        {
            encoding.Campaigns.Encode(label);
        }

        foreach (var label in Owners)
        {
            encoding.Owners.Encode(label);
        }
    }

    /// <summary>A new encoding holding these labels.</summary>
    public LeadEncoding ToEncoding()
    {
        var encoding = new LeadEncoding();
        Seed(encoding);
        return encoding;
    }

    /// <summary>Whether an encoding seeded by this dictionary met no label beyond it.</summary>
    public bool Covers(LeadEncoding encoding) =>
        encoding.Sources.Count == Sources.Length + 1 && encoding.Campaigns.Count == Campaigns.Length + 1 && encoding.Owners.Count == Owners.Length + 1;

    /// <summary>The labels of an encoding that this dictionary lacks (the first few).</summary>
    public string Missing(LeadEncoding encoding)
    {
        var missing = Labels(encoding.Sources).Except(Sources).Select(l => "source " + l)
            .Concat(Labels(encoding.Campaigns).Except(Campaigns).Select(l => "campaign " + l))
            .Concat(Labels(encoding.Owners).Except(Owners).Select(l => "owner " + l));
        return string.Join(", ", missing.Take(5));
    }

    // Id 0 is "(none)", which every encoder has.
    private static string[] Labels(DimensionEncoder encoder) => [.. encoder.GetLabels().Skip(1)];
}
