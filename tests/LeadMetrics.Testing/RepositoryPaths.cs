namespace LeadMetrics.Testing;

/// <summary>Paths of the repository a test runs from.</summary>
public static class RepositoryPaths
{
    /// <summary>The folder holding LeadMetrics.sln, found upward from the test's base directory.</summary>
    /// <returns>The repository root.</returns>
    /// <exception cref="InvalidOperationException">No LeadMetrics.sln above the base directory.</exception>
    public static string Root()
    {
        var dir = new DirectoryInfo(AppContext.BaseDirectory);
        while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "LeadMetrics.sln")))
        {
            dir = dir.Parent;
        }

        return dir?.FullName ?? throw new InvalidOperationException("LeadMetrics.sln not found above " + AppContext.BaseDirectory);
    }
}
