using Strata.Kernels;

namespace Strata.Tests.Kernels;

public unsafe class GemmWorkersTests
{
    private static int* _hits;

    private static void CountHit(int part, void* state) => Interlocked.Increment(ref _hits[part]);

    private static void FailOnThree(int part, void* state)
    {
        if (part == 3) throw new InvalidOperationException("part 3 failed");
    }

    /// <summary>Parts are claimed by whoever is free: each must still run exactly once, job after job.</summary>
    [Fact]
    public void EveryPartRunsExactlyOnce()
    {
        int* hits = stackalloc int[8];
        _hits = hits;
        for (int job = 0; job < 2000; job++)
        {
            int count = 1 + (job % 8);
            for (int i = 0; i < 8; i++) hits[i] = 0;
            GemmWorkers.Run(count, &CountHit, null);
            for (int i = 0; i < 8; i++) Assert.Equal(i < count ? 1 : 0, hits[i]);
        }
    }

    [Fact]
    public void APartsExceptionReachesTheCallerAndThePoolGoesOn()
    {
        var error = Assert.Throws<InvalidOperationException>(() => GemmWorkers.Run(6, &FailOnThree, null));
        Assert.Equal("part 3 failed", error.Message);
        int* hits = stackalloc int[8];
        _hits = hits;
        GemmWorkers.Run(4, &CountHit, null);
        Assert.Equal(4, hits[0] + hits[1] + hits[2] + hits[3]);
    }
}
