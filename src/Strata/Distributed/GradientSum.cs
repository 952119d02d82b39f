using Strata.Compilation;

namespace Strata.Distributed;

/// <summary>
/// The gradients summed over a <see cref="ProcessGroup"/> inside a step, as DistributedDataParallel and Horovod do it:
/// in buckets (in reverse order of the variables, roughly the order the backward pass finishes them), each started as
/// a host step the compiler moves up to just after its last gradient is computed (<see cref="StartsEarly"/>), so the
/// sums overlap the rest of the backward pass; one host step before the optimizer's update waits for them all.
/// </summary>
internal static class GradientSum
{
    /// <summary>About this many bytes of gradients a bucket: DDP's first bucket, small enough to start early.</summary>
    public const long BucketBytes = 1 << 20;

    /// <summary>Sums <paramref name="gradients"/> over the group's ranks, in place (recorded as host steps in a traced step).</summary>
    public static void Run(ProcessGroup group, IReadOnlyList<Tensor> gradients)
    {
        foreach (Tensor[] bucket in Buckets(gradients))
        {
            Trace.Host("GradientSum.Start", bucket, group.StartGradientSum, StartsEarly.Instance);
        }
        Trace.Host("GradientSum.Wait", [.. gradients], _ => group.WaitForGradients());
    }

    /// <summary>The gradients in reverse order, cut into buckets of about <see cref="BucketBytes"/> (one tensor counted once).</summary>
    private static IEnumerable<Tensor[]> Buckets(IReadOnlyList<Tensor> gradients)
    {
        var bucket = new List<Tensor>();
        long bytes = 0;
        var seen = new HashSet<Tensor>(ReferenceEqualityComparer.Instance);
        for (int i = gradients.Count - 1; i >= 0; i--)
        {
            if (!seen.Add(gradients[i])) continue; // one tensor given for two variables is summed once
            bucket.Add(gradients[i]);
            bytes += gradients[i].Size * sizeof(float);
            if (bytes < BucketBytes) continue;
            yield return [.. bucket];
            bucket.Clear();
            bytes = 0;
        }
        if (bucket.Count > 0) yield return [.. bucket];
    }
}

/// <summary>A host step that only starts work in the background: the compiler moves it up to just after its inputs are computed.</summary>
internal sealed class StartsEarly
{
    public static readonly StartsEarly Instance = new();

    private StartsEarly()
    {
    }
}
