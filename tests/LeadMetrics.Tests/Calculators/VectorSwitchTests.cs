using LeadMetrics.Engine;

namespace LeadMetrics.Tests.Calculators;

/// <summary>The kernels' vector switch is per thread (issue 13, item 4): turning it off in one test cannot reach another.</summary>
public class VectorSwitchTests
{
    [Fact]
    public void Turning_vectors_off_on_one_thread_leaves_other_threads_on()
    {
        Assert.True(ColumnKernels.UseVectors);
        using var off = new ManualResetEventSlim();
        using var checkedOther = new ManualResetEventSlim();
        var other = true;
        var thread = new Thread(() =>
        {
            ColumnKernels.UseVectors = false;
            off.Set();
            checkedOther.Wait();
            ColumnKernels.UseVectors = true;
        });
        thread.Start();
        off.Wait();
        other = ColumnKernels.UseVectors;
        checkedOther.Set();
        thread.Join();
        Assert.True(other);
        Assert.True(ColumnKernels.UseVectors);
    }
}
