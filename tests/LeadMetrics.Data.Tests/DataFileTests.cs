using System.Text;

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
}
