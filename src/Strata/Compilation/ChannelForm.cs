namespace Strata.Compilation;

/// <summary>Batch normalization's passes over (rows × channels) data, channels on the last axis.</summary>
internal enum ChannelPass
{
    /// <summary>(2, channels): the means, then the biased variances, in two passes.</summary>
    Moments,

    /// <summary>x · scale + shift, one scale and shift per channel.</summary>
    ScaleShift,

    /// <summary>(2, channels): Σ g, then Σ g · x, over the rows: the gradients of a per-channel shift and scale.</summary>
    GradientSums,
}

/// <summary>
/// What a per-channel pass computes (<see cref="Kernels.BatchNormKernel"/>), for another backend to run: rows are summed in
/// blocks of <paramref name="Block"/> into partial sums, then the blocks in order, so a backend that keeps the blocking
/// adds in the CPU's order.
/// </summary>
internal sealed record ChannelForm(ChannelPass Pass, int Channels, int Block);
