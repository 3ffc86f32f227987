namespace LeadMetrics;

/// <summary>Switches of the columnar kernels.</summary>
internal static class ColumnKernels
{
    [ThreadStatic]
    private static bool t_scalarOnly;

    /// <summary>
    /// Whether the kernels may use 512-bit vectors where the processor has them (true unless turned off). The switch is
    /// per thread: a test that turns it off to check that the one-at-a-time loops give the same results changes only
    /// its own thread, so tests running in parallel cannot compare vector with vector (or scalar with scalar).
    /// </summary>
    internal static bool UseVectors
    {
        get => !t_scalarOnly;
        set => t_scalarOnly = !value;
    }
}
