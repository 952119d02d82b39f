using Strata.Compilation;
using Strata.Kernels;

namespace Strata;

public static partial class Ops
{
    /// <summary>
    /// The mean and (biased) variance of each channel over every other axis, as keras.ops.moments over all
    /// axes but the last: a (2, channels) tensor, means in row 0 and variances in row 1, computed in two
    /// passes. Batch normalization's statistics.
    /// </summary>
    internal static Tensor Moments(Tensor x)
    {
        Tensor xf = ToFloat(x, "Moments");
        int c = x.Shape[-1], n = x.Size / c;
        var k = new Kernel("Moments", (i, m) => BatchNormKernel.Moments(i[0].Data<float>(), c, m.Span<float>()))
        {
            Attributes = new ChannelForm(ChannelPass.Moments, c, BatchNormKernel.Block),
        };
        Tensor m = Run(k, Shape.Own([2, c]), DType.Float32, xf);
        // d mean/dx = 1/n and d variance/dx = 2 (x − mean) / n, per channel.
        return m.Record(xf, g => (Channel(g, 0) * (1f / n)) + ((xf - Channel(m, 0)) * (Channel(g, 1) * (2f / n))));
    }

    /// <summary>
    /// x · scale + shift with one scale and shift per channel (the last axis): batch normalization's
    /// output once its statistics, gamma and beta are folded into the two vectors. Its gradient needs the
    /// per-channel sums of g and g · x, taken in one pass.
    /// </summary>
    internal static Tensor ScaleShift(Tensor x, Tensor scale, Tensor shift)
    {
        int c = x.Shape[-1];
        if (scale.Shape != new Shape(c) || shift.Shape != new Shape(c))
        {
            throw new ArgumentException($"ScaleShift: scale and shift must have shape ({c},) for x of shape {x.Shape}, got {scale.Shape} and {shift.Shape}.");
        }
        var k = new Kernel("ScaleShift", (i, y) => BatchNormKernel.Normalize(i[0].Data<float>(), i[1].Data<float>(), i[2].Data<float>(), y.Span<float>()))
        {
            Attributes = new ChannelForm(ChannelPass.ScaleShift, c, BatchNormKernel.Block),
        };
        Tensor y = Run(k, x.Shape, DType.Float32, x, scale, shift);
        return y.Record([x, scale, shift], g =>
        {
            Tensor sums = ScaleShiftSums(x, g);
            return [g * scale, Channel(sums, 1), Channel(sums, 0)];
        });
    }

    /// <summary>(2, channels): Σ g and Σ g · x over every axis but the last, in one pass.</summary>
    private static Tensor ScaleShiftSums(Tensor x, Tensor g)
    {
        int c = x.Shape[-1];
        var k = new Kernel("ScaleShiftSums", (i, s) => BatchNormKernel.GradientSums(i[0].Data<float>(), i[1].Data<float>(), c, s.Span<float>()))
        {
            Attributes = new ChannelForm(ChannelPass.GradientSums, c, BatchNormKernel.Block),
        };
        Tensor sums = Run(k, Shape.Own([2, c]), DType.Float32, x, g);
        // Linear in each input: row 0 is Σ g, row 1 is Σ g · x.
        return sums.Record(x, g, u => (g * Channel(u, 1), Channel(u, 0) + (x * Channel(u, 1))));
    }

    /// <summary>Row <paramref name="row"/> of a (2, channels) tensor, as a (channels) vector.</summary>
    internal static Tensor Channel(Tensor pair, int row) => Reshape(Slice(pair, [row, 0], [1, pair.Shape[1]]), pair.Shape[1]);
}
