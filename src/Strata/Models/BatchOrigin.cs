using System.Runtime.CompilerServices;

namespace Strata;

/// <summary>
/// Where a batch's rows come from: rows <c>Order[Start..]</c> (or, without an order, rows <c>Start..</c>) of a
/// tensor given to Fit, Evaluate or Predict, as many as the batch has, in one pass of a loop over its data
/// (<paramref name="Pass"/>, an object alive as long as the loop). A device that holds that tensor for the pass gathers
/// the batch itself instead of copying it up every step; the CPU ignores it.
/// </summary>
internal sealed record BatchOrigin(Tensor Whole, int[]? Order, int Start, object Pass)
{
    // Keyed by the batch tensor, and dropped with it.
    private static readonly ConditionalWeakTable<Tensor, BatchOrigin> Origins = [];

    /// <summary>Records where <paramref name="batch"/>'s rows were taken from (a gathered batch's buffer is marked again each step).</summary>
    public static Tensor Mark(Tensor batch, Tensor whole, int[]? order, int start, object pass)
    {
        Origins.AddOrUpdate(batch, new BatchOrigin(whole, order, start, pass));
        return batch;
    }

    /// <summary>Where <paramref name="batch"/>'s rows came from, when a loop recorded it.</summary>
    public static BatchOrigin? Of(Tensor batch) => Origins.TryGetValue(batch, out BatchOrigin? origin) ? origin : null;
}
