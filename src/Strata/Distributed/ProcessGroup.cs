namespace Strata.Distributed;

/// <summary>
/// The processes a training run is spread over (data parallelism: Strata.Distributed's <c>Distribution.Set(new
/// DataParallel())</c> sets one, over MPI). Each process (rank) trains on its shard of every global batch; the
/// gradients are summed over the ranks inside the step, each weighted by its share of the batch, so every rank applies
/// the update one process would for the whole batch; the running loss and metrics are summed too, so every rank logs
/// the same numbers. The core knows only this seam: no MPI.
/// </summary>
internal abstract class ProcessGroup
{
    /// <summary>The group training runs over, or null for this process alone.</summary>
    public static ProcessGroup? Current { get; set; }

    /// <summary>The group when it has more than one process (what the loops shard for), else null.</summary>
    public static ProcessGroup? Spread => Current is { Size: > 1 } group ? group : null;

    /// <summary>This process's rank, 0 to <see cref="Size"/> − 1; rank 0 prints and writes files.</summary>
    public abstract int Rank { get; }

    /// <summary>How many processes train together.</summary>
    public abstract int Size { get; }

    /// <summary>Whether this is rank 0, the one that prints progress and writes checkpoints.</summary>
    public bool IsChief => Rank == 0;

    /// <summary>
    /// This rank's share of the current step's global batch (its rows ÷ the batch's rows), set by the loop before each
    /// step; the gradients are weighted by it before they are summed. Null outside the loops (a custom training loop):
    /// each rank then weighs 1 / <see cref="Size"/>.
    /// </summary>
    public double? Share { get; set; }

    /// <summary>Replaces each value by its sum over the ranks (every rank calls it, in the same order) and waits.</summary>
    public abstract void Sum(double[] values);

    /// <summary>Replaces each value by its sum over the ranks and waits.</summary>
    public abstract void Sum(float[] values);

    /// <summary>Replaces <paramref name="values"/> by rank 0's and waits.</summary>
    public abstract void Broadcast(float[] values);

    /// <summary>
    /// Starts summing <paramref name="gradients"/> (float32 tensors, each weighted by this rank's share first) over the
    /// ranks, in the background: the step goes on with its backward pass meanwhile. <see cref="WaitForGradients"/>
    /// waits for every bucket started, the sums written back into the same tensors.
    /// </summary>
    public abstract void StartGradientSum(Tensor[] gradients);

    /// <summary>Waits until every bucket of gradients started is summed and written back.</summary>
    public abstract void WaitForGradients();

    /// <summary>The rows [start, end) of <paramref name="rows"/> this rank takes: an even split, the first ranks one more when it does not divide.</summary>
    public (int Start, int End) ShardOf(int rows)
    {
        if (rows < Size)
        {
            throw new ArgumentException($"Data parallelism: a batch of {rows} samples cannot be split over {Size} ranks (each needs one); make the batch size, and the last batch, at least {Size}.");
        }
        int each = rows / Size, extra = rows % Size;
        int start = (Rank * each) + Math.Min(Rank, extra);
        return (start, start + each + (Rank < extra ? 1 : 0));
    }
}
