using LeadMetrics.Encoding;

namespace LeadMetrics.Samples.Orleans;

/// <summary>
/// The labels of the dimensions the report groups by (sources, campaigns, owners), shared by every partition. The
/// serialized partials hold dense ids, not labels, and carry the fingerprint of the labels their ids stand for; a
/// partition that encodes these labels first, in this order, gives each the same id as every other partition, so
/// their partials merge (and bytes encoded with other labels are refused by the fingerprint check).
/// </summary>
[GenerateSerializer]
public sealed class SharedLabels
{
    /// <summary>Source labels, ordinal order.</summary>
    [Id(0)]
    public string[] Sources { get; set; } = [];

    /// <summary>Campaign labels, ordinal order.</summary>
    [Id(1)]
    public string[] Campaigns { get; set; } = [];

    /// <summary>Owner labels, ordinal order.</summary>
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
