namespace LeadMetrics;

/// <summary>Switches of the columnar kernels.</summary>
internal static class ColumnKernels
{
    /// <summary>
    /// Whether the kernels may use 512-bit vectors where the processor has them. Tests turn it off to
    /// check that the one-at-a-time loops give the same results.
    /// </summary>
    internal static bool UseVectors = true;
}
