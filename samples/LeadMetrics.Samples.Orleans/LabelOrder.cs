using nietras.SeparatedValues;

namespace LeadMetrics.Samples.Orleans;

/// <summary>
/// The order in which a report's labels get their ids. The CLI encodes sources, campaigns and owners in the order the
/// leads file first names them (then the costs file's others), and some of its output follows the ids: the reps are
/// listed, and sums over sources are added, in id order. Partitions read slices, so each knows only its own first-seen
/// order; with the index in the whole file of each slice row (<see cref="DataParts.Split"/>) each tells where the whole
/// file first names its labels, and the merger encodes the labels in that order before merging (the costs file's
/// other labels follow as the partition with the costs file gives them).
/// </summary>
public static class LabelOrder
{
    /// <summary>For each label of the slice's source, campaign and owner columns, the index of the whole file's first row that names it.</summary>
    /// <param name="leadsPath">The slice's leads CSV (the canonical column names source, campaign, owner).</param>
    /// <param name="rowsPath">The index in the whole file of each of its rows (64-bit little-endian).</param>
    public static LabelRows Of(string leadsPath, string rowsPath)
    {
        var rows = File.ReadAllBytes(rowsPath);
        var result = new LabelRows();
        var firsts = new[] { new Dictionary<string, long>(StringComparer.Ordinal), new Dictionary<string, long>(StringComparer.Ordinal), new Dictionary<string, long>(StringComparer.Ordinal) };
        using (var reader = Sep.Reader(o => o with { Unescape = true }).FromFile(leadsPath))
        {
            string[] names = ["source", "campaign", "owner"];
            var header = reader.Header.ColNames.Select(n => n.Trim()).ToList();
            var columns = names.Select(n => header.IndexOf(n)).ToArray();
            var row = 0;
            foreach (var line in reader)
            {
                var at = BitConverter.ToInt64(rows, row * sizeof(long));
                for (var d = 0; d < columns.Length; d++)
                {
                    if (columns[d] >= 0)
                    {
                        var label = line[columns[d]].ToString().Trim();
                        if (label.Length > 0)
                        {
                            firsts[d].TryAdd(label, at);
                        }
                    }
                }

                row++;
            }
        }

        result.Sources = [.. firsts[0].Keys];
        result.SourceRows = [.. firsts[0].Values];
        result.Campaigns = [.. firsts[1].Keys];
        result.CampaignRows = [.. firsts[1].Values];
        result.Owners = [.. firsts[2].Keys];
        result.OwnerRows = [.. firsts[2].Values];
        return result;
    }

    /// <summary>The sources, campaigns and owners of every partition, each in the order the whole file first names them.</summary>
    public static IReadOnlyList<IReadOnlyList<string>> Merge(IEnumerable<LabelRows> partitions)
    {
        var all = partitions.ToList();
        static List<string> Order(IEnumerable<(string[] Labels, long[] Rows)> parts) =>
            [.. parts.SelectMany(p => p.Labels.Zip(p.Rows)).GroupBy(p => p.First, StringComparer.Ordinal).Select(g => (Label: g.Key, Row: g.Min(p => p.Second))).OrderBy(p => p.Row).Select(p => p.Label)];
        return [Order(all.Select(p => (p.Sources, p.SourceRows))), Order(all.Select(p => (p.Campaigns, p.CampaignRows))), Order(all.Select(p => (p.Owners, p.OwnerRows)))];
    }
}

/// <summary>Where a slice's leads file first names each of its labels, as indexes of rows in the whole file.</summary>
[GenerateSerializer]
public sealed class LabelRows
{
    /// <summary>The sources.</summary>
    [Id(0)]
    public string[] Sources { get; set; } = [];

    /// <summary>The first row of each source.</summary>
    [Id(1)]
    public long[] SourceRows { get; set; } = [];

    /// <summary>The campaigns.</summary>
    [Id(2)]
    public string[] Campaigns { get; set; } = [];

    /// <summary>The first row of each campaign.</summary>
    [Id(3)]
    public long[] CampaignRows { get; set; } = [];

    /// <summary>The owners.</summary>
    [Id(4)]
    public string[] Owners { get; set; } = [];

    /// <summary>The first row of each owner.</summary>
    [Id(5)]
    public long[] OwnerRows { get; set; } = [];
}
