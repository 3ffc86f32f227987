using LeadMetrics.Calculators;

namespace LeadMetrics.Samples.Orleans;

/// <summary>A slice of the data: a leads file, its stages and revenue files (one part of a split, see <see cref="DataParts"/>).</summary>
[GenerateSerializer]
public sealed class Slice
{
    /// <summary>The leads CSV of the slice.</summary>
    [Id(0)]
    public string LeadsPath { get; set; } = "";

    /// <summary>The stages CSV of the slice, or null.</summary>
    [Id(1)]
    public string? StagesPath { get; set; }

    /// <summary>The revenue CSV of the slice (split by the same lead-id hash), or null.</summary>
    [Id(2)]
    public string? RevenuePath { get; set; }

    /// <summary>The slice's index, 0 to <see cref="Parts"/> - 1: its leads get keys 1 + (k - 1) x Parts + Part, unique across the slices.</summary>
    [Id(3)]
    public int Part { get; set; }

    /// <summary>The number of slices of the split.</summary>
    [Id(4)]
    public int Parts { get; set; } = 1;

    /// <summary>The ingest options of the slice.</summary>
    public LeadMetrics.Data.LeadDataSetOptions Options() => ReportPartial.Options(LeadsPath, StagesPath, RevenuePath, Part, Parts);
}

/// <summary>
/// A partition: ingests its slice through the ingest layer, keeps its partial report as bytes in grain storage (so a
/// silo that stops loses nothing: the grain re-activates elsewhere and reads them back), and answers with bytes.
/// </summary>
public interface IPartitionGrain : IGrainWithIntegerKey
{
    /// <summary>Reads the slice's labels (sources, campaigns, owners) for the shared dictionary, from its leads file.</summary>
    Task<SharedLabels> ScanLabels(Slice slice);

    /// <summary>Ingests the slice with the shared dictionary, stores the partial's bytes and returns their length.</summary>
    Task<long> Ingest(Slice slice, SharedLabels dictionary);

    /// <summary>The stored partial's bytes, or null before <see cref="Ingest"/>.</summary>
    Task<PartialBytes?> GetPartial();
}

/// <summary>Merges the partitions' bytes into the report.</summary>
public interface IReportGrain : IGrainWithStringKey
{
    /// <summary>Ingests every slice on its partition grain (partition i gets slice i): labels first, then the data.</summary>
    Task<IngestSummary> IngestAll(Slice[] slices);

    /// <summary>Merges the stored partials of partitions 0 to <paramref name="partitions"/> - 1 into the report's bytes.</summary>
    Task<MergedReport> Merge(int partitions);
}

/// <summary>What an ingest did: the dictionary and the bytes each partition stored.</summary>
[GenerateSerializer]
public sealed class IngestSummary
{
    /// <summary>The shared dictionary.</summary>
    [Id(0)]
    public SharedLabels Dictionary { get; set; } = new();

    /// <summary>The bytes each partition stored (and sends when asked).</summary>
    [Id(1)]
    public long[] BytesPerPartition { get; set; } = [];

    /// <summary>The wall time of the label scan (every partition reading its slice's labels).</summary>
    [Id(2)]
    public TimeSpan Scan { get; set; }

    /// <summary>The wall time of the ingest (every partition reading its slice and storing its bytes).</summary>
    [Id(3)]
    public TimeSpan Ingest { get; set; }
}

/// <summary>The merged report: the merged partial's bytes and the dictionary its ids stand for.</summary>
[GenerateSerializer]
public sealed class MergedReport
{
    /// <summary>The merged state.</summary>
    [Id(0)]
    public PartialBytes Bytes { get; set; } = new();

    /// <summary>The labels of the ids.</summary>
    [Id(1)]
    public SharedLabels Dictionary { get; set; } = new();

    /// <summary>The bytes received from each partition.</summary>
    [Id(2)]
    public long[] BytesPerPartition { get; set; } = [];

    /// <summary>The merged calculators (read from the bytes), to snapshot.</summary>
    public ReportPartial ToPartial()
    {
        var partial = ReportPartial.Create();
        partial.MergeSerialized(Bytes, Dictionary.ToEncoding());
        return partial;
    }

    /// <summary>The lead KPIs of every grouping.</summary>
    public CalculatorSetResult<LeadKpis> Kpis() => ToPartial().Kpis.Snapshot();
}

/// <summary>The persisted state of a partition: its partial's bytes and the dictionary they were encoded with.</summary>
[GenerateSerializer]
public sealed class PartitionState
{
    /// <summary>The partial's bytes, or null before the first ingest.</summary>
    [Id(0)]
    public PartialBytes? Partial { get; set; }

    /// <summary>The dictionary of the ingest.</summary>
    [Id(1)]
    public SharedLabels? Dictionary { get; set; }
}

/// <summary>The partition grain: stores only bytes; no calculator outlives a call. Partitions are placed at random over
/// the silos (each is one heavy ingest): the default resource-optimized placement, and activation-count placement before
/// the silos have published their statistics, put them all on the silo of the caller.</summary>
[global::Orleans.Placement.RandomPlacement]
public sealed class PartitionGrain([PersistentState("partial", FileGrainStorage.Name)] IPersistentState<PartitionState> state) : Grain, IPartitionGrain
{
    /// <inheritdoc />
    public Task<SharedLabels> ScanLabels(Slice slice)
    {
        ArgumentNullException.ThrowIfNull(slice);
        var partial = ReportPartial.Create();
        // The labels are in the leads file: its stages are not read (a label of a lead that the stages would reject
        // only gets an id that no group uses).
        return Task.FromResult(SharedLabels.Of(partial.Ingest(ReportPartial.Options(slice.LeadsPath, null))));
    }

    /// <inheritdoc />
    public async Task<long> Ingest(Slice slice, SharedLabels dictionary)
    {
        ArgumentNullException.ThrowIfNull(slice);
        var partial = ReportPartial.Create();
        var encoding = partial.Ingest(slice.Options(), dictionary);
        state.State = new PartitionState { Partial = partial.Serialize(encoding), Dictionary = dictionary };
        await state.WriteStateAsync();
        return state.State.Partial.Length;
    }

    /// <inheritdoc />
    public Task<PartialBytes?> GetPartial() => Task.FromResult(state.State.Partial);
}

/// <summary>The report grain: asks each partition for its bytes and merges them (checking their encoding fingerprints).</summary>
public sealed class ReportGrain([PersistentState("report", FileGrainStorage.Name)] IPersistentState<SharedLabels> dictionary) : Grain, IReportGrain
{
    /// <inheritdoc />
    public async Task<IngestSummary> IngestAll(Slice[] slices)
    {
        ArgumentNullException.ThrowIfNull(slices);
        var partitions = slices.Select((_, i) => GrainFactory.GetGrain<IPartitionGrain>(i)).ToArray();
        var clock = System.Diagnostics.Stopwatch.StartNew();
        var labels = await Task.WhenAll(partitions.Select((p, i) => p.ScanLabels(slices[i])));
        dictionary.State = SharedLabels.Union(labels);
        await dictionary.WriteStateAsync();
        var scan = clock.Elapsed;
        clock.Restart();
        var bytes = await Task.WhenAll(partitions.Select((p, i) => p.Ingest(slices[i], dictionary.State)));
        return new IngestSummary { Dictionary = dictionary.State, BytesPerPartition = bytes, Scan = scan, Ingest = clock.Elapsed };
    }

    /// <inheritdoc />
    public async Task<MergedReport> Merge(int partitions)
    {
        var parts = await Task.WhenAll(Enumerable.Range(0, partitions).Select(i => GrainFactory.GetGrain<IPartitionGrain>(i).GetPartial()));
        var encoding = dictionary.State.ToEncoding();
        var merged = ReportPartial.Create();
        for (var i = 0; i < parts.Length; i++)
        {
            merged.MergeSerialized(parts[i] ?? throw new InvalidOperationException($"Partition {i} has no partial: ingest its slice first."), encoding);
        }

        return new MergedReport { Bytes = merged.Serialize(encoding), Dictionary = dictionary.State, BytesPerPartition = [.. parts.Select(p => p!.Length)] };
    }
}
