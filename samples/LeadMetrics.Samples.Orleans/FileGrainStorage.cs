using Microsoft.Extensions.DependencyInjection;
using Orleans.Runtime;
using Orleans.Serialization;
using Orleans.Storage;

namespace LeadMetrics.Samples.Orleans;

/// <summary>
/// Grain storage in a directory that every silo can read (a shared disk here; a blob store or database in production):
/// one file per grain and state, written to a temporary file and renamed, so a reader sees the old or the new state,
/// never half of one. State survives the silo that wrote it: a grain re-activated on another silo reads it back.
/// </summary>
public sealed class FileGrainStorage(string directory, Serializer serializer) : IGrainStorage
{
    /// <summary>The provider name the grains use.</summary>
    public const string Name = "leadmetrics";

    /// <inheritdoc />
    public async Task ReadStateAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState)
    {
        var path = PathOf(stateName, grainId);
        if (!File.Exists(path))
        {
            return;
        }

        var bytes = await File.ReadAllBytesAsync(path);
        grainState.State = serializer.Deserialize<T>(bytes);
        grainState.ETag = ETag(path);
        grainState.RecordExists = true;
    }

    /// <inheritdoc />
    public async Task WriteStateAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState)
    {
        var path = PathOf(stateName, grainId);
        if (File.Exists(path) && grainState.ETag != ETag(path))
        {
            throw new InconsistentStateException($"{path} was written by another activation (ETag {ETag(path)}, expected {grainState.ETag}).");
        }

        var temporary = path + "." + Guid.NewGuid().ToString("N") + ".tmp";
        await File.WriteAllBytesAsync(temporary, serializer.SerializeToArray(grainState.State));
        File.Move(temporary, path, overwrite: true);
        grainState.ETag = ETag(path);
        grainState.RecordExists = true;
    }

    /// <inheritdoc />
    public Task ClearStateAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState)
    {
        File.Delete(PathOf(stateName, grainId));
        grainState.ETag = null;
        grainState.RecordExists = false;
        return Task.CompletedTask;
    }

    /// <summary>Registers the storage under <see cref="Name"/>.</summary>
    public static void Register(IServiceCollection services, string directory)
    {
        Directory.CreateDirectory(directory);
        services.AddKeyedSingleton<IGrainStorage>(Name, (provider, _) => new FileGrainStorage(directory, provider.GetRequiredService<Serializer>()));
    }

    private string PathOf(string stateName, GrainId grainId)
    {
        var key = grainId.ToString();
        var safe = string.Concat(key.Select(c => char.IsLetterOrDigit(c) ? c : '_'));
        return Path.Combine(directory, $"{stateName}.{safe}.bin");
    }

    private static string ETag(string path)
    {
        var info = new FileInfo(path);
        return $"{info.LastWriteTimeUtc.Ticks}-{info.Length}";
    }
}
