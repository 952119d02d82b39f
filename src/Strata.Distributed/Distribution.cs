namespace Strata.Distributed;

/// <summary>How training is spread over processes, as Keras's <c>keras.distribution.set_distribution</c> and <c>distribution()</c>.</summary>
public static class Distribution
{
    /// <summary>The distribution set, or null (one process).</summary>
    public static DataParallel? Current { get; private set; }

    /// <summary>
    /// Spreads the loops of every model over the job's processes (null: back to this process alone). The processes
    /// also agree on one random seed, rank 0's, so that Fit shuffles the same way on all (and layers built from the
    /// global generator draw the same weights, which rank 0 then shares anyway).
    /// </summary>
    public static void Set(DataParallel? distribution)
    {
        Current = distribution;
        ProcessGroup.Current = distribution?.Group;
        if (distribution is null || distribution.ProcessCount == 1) return;
        float[] seed = [System.Random.Shared.Next(1 << 24)];
        distribution.Group.Broadcast(seed);
        Random.SetSeed((int)seed[0]);
    }
}
