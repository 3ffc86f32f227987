using System.Globalization;
using System.Text;
using LeadMetrics.Calculators;
using LeadMetrics.Grouping;
using NodaTime;

namespace LeadMetrics.Data.Tests;

/// <summary>
/// A test class that writes its data files into a folder of its own under the temporary path, deleted when xUnit
/// disposes the instance (one folder per test).
/// </summary>
public abstract class DataFileTests : IDisposable
{
    /// <summary>Creates the folder <c>leadmetrics-{name}-tests-{random}</c>.</summary>
    protected DataFileTests(string name)
    {
        Folder = Path.Combine(Path.GetTempPath(), $"leadmetrics-{name}-tests-" + Guid.NewGuid().ToString("N")[..12]);
        Directory.CreateDirectory(Folder);
    }

    /// <summary>The test's folder.</summary>
    protected string Folder { get; }

    /// <summary>Deletes the folder and what is in it.</summary>
    public void Dispose()
    {
        Directory.Delete(Folder, recursive: true);
        GC.SuppressFinalize(this);
    }

    /// <summary>Writes <paramref name="text"/> as UTF-8 without a byte order mark; returns the file's path.</summary>
    protected string Write(string name, string text) => WriteBytes(name, new UTF8Encoding(false).GetBytes(text));

    /// <summary>Writes the bytes as they are; returns the file's path.</summary>
    protected string WriteBytes(string name, byte[] bytes)
    {
        var path = Path.Combine(Folder, name);
        File.WriteAllBytes(path, bytes);
        return path;
    }

    /// <summary>
    /// Reads a data set on <paramref name="threads"/> threads into a KPI set (total, source, owner by day) and returns
    /// everything a reader decides, as text to compare between runs: each batch's size and first and last lead, the
    /// files, every file's counts, rejections and examples, inferred responses, the source labels in id order and each
    /// group's KPIs; or the bad row (<c>fail: </c>) or the data-set error (<c>error: </c>) that stopped it.
    /// </summary>
    protected static string ReadToText(LeadDataSetOptions options, int threads)
    {
        var data = LeadDataSet.Open(options);
        var set = LeadKpiSet.Create(null, LeadGrouping.Total, LeadGrouping.BySource, new LeadGrouping(GroupDimension.Owner, TimeBucket.Day, DateTimeZone.Utc));
        var keys = new StringBuilder();
        try
        {
            data.Read(
                batch =>
                {
                    keys.Append(CultureInfo.InvariantCulture, $"{batch.Count}:{batch[0].Lead}:{batch[batch.Count - 1].Lead};");
                    set.AddRange(batch);
                },
                threads);
        }
        catch (BadRowException e)
        {
            return "fail: " + e.Row.Describe();
        }
        catch (DataSetException e)
        {
            return "error: " + e.Message;
        }

        var quality = string.Join("\n", data.Quality.Files.Select(f =>
            $"{f.File} read {f.RowsRead} accepted {f.RowsAccepted} " +
            string.Join(",", f.Rejected.OrderBy(r => r.Key, StringComparer.Ordinal).Select(r => $"{r.Key}={r.Value}")) + " " +
            string.Join("|", f.Examples.OrderBy(r => r.Key, StringComparer.Ordinal).SelectMany(r => r.Value).Select(b => b.Describe()))));
        var results = string.Join("\n", set.Snapshot().Groupings.Select(g => string.Join(";", g.Groups.Select(x =>
            $"{x.Key}:{x.Result.Funnel.Leads}/{x.Result.Funnel.Won}/{x.Result.Funnel.Lost}/{string.Join(",", x.Result.Funnel.Stages.Select(s => s.Reached))}/" +
            $"{x.Result.WonValue}/{x.Result.TimeToConversion.Distribution.P90}/{x.Result.ResponseTime.Distribution.Mean}/{x.Result.ResponseTime.Distribution.P90}"))));
        return $"{keys}\n{string.Join(",", data.Files)}\n{quality}\ninferred {data.Quality.Responses.Inferred} not {data.Quality.Responses.NotAResponse}\n" +
            $"{string.Join(",", data.Encoding.Sources.GetLabels())}\n{results}";
    }
}

/// <summary>
/// The tests that read the process's live managed bytes (<c>GC.GetTotalMemory</c>): they run after every other test
/// class, alone, so that no test beside them holds objects while they measure.
/// </summary>
[CollectionDefinition("Memory-sensitive reads", DisableParallelization = true)]
public sealed class MemorySensitiveReads
{
}
