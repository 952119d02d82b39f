using Strata.Compilation;
using Strata.Kernels;

namespace Strata;

public static partial class Ops
{
    /// <summary>
    /// 2-D max pooling, as keras.ops.max_pool on channels-last data: (batch, height, width, channels)
    /// to the largest value of each window. Strides default to the pool size; padding "valid" or "same".
    /// </summary>
    public static Tensor MaxPool(Tensor x, int poolSize = 2, int? strides = null, string padding = "valid") =>
        MaxPool(x, (poolSize, poolSize), strides is int s ? (s, s) : (poolSize, poolSize), padding);

    /// <summary>
    /// <see cref="MaxPool(Tensor, int, int?, string)"/> with the pool size and strides given per spatial axis, (height, width).
    /// </summary>
    public static Tensor MaxPool(Tensor x, (int H, int W) poolSize, (int H, int W) strides, string padding)
    {
        ArgumentNullException.ThrowIfNull(x);
        ConvGeometry g = ConvGeometry.Of(x.Shape, poolSize.H, poolSize.W, strides, padding, (1, 1), "MaxPool");
        Tensor xf = ToFloat(x, "MaxPool");
        var kernel = new Kernel("MaxPool", (i, y) => ImageParts.For(g, (part, first) => MaxPoolKernel.Forward(In(i[0], part, first), part, Out(y, part, first))),
            $"{g.KernelHeight}x{g.KernelWidth}, strides ({g.StrideH}, {g.StrideW}), pad ({g.PadTop}, {g.PadLeft})")
        {
            Attributes = new WindowGeometry(g),
        };
        Tensor y = Run(kernel, Shape.Own([g.Batch, g.OutHeight, g.OutWidth, g.Channels]), DType.Float32, xf);
        return y.Record(x, gy => MaxPoolGradient(xf, gy, g));
    }

    /// <summary>dL/dx of max pooling: each output's gradient at its window's winner; linear in the gradient (the winners are fixed by x).</summary>
    private static Tensor MaxPoolGradient(Tensor x, Tensor gy, ConvGeometry g)
    {
        var kernel = new Kernel("MaxPoolGradient", (i, dx) => ImageParts.For(g, (part, first) => MaxPoolKernel.Backward(In(i[0], part, first), Out(i[1], part, first), part, In(dx, part, first))))
        {
            Attributes = new WindowGeometry(g),
        };
        Tensor dx = Run(kernel, x.Shape, DType.Float32, x, gy);
        return dx.Record(gy, u => MaxPoolGather(x, u, g));
    }

    /// <summary>The transpose of <see cref="MaxPoolGradient"/>: u read at each window's winner.</summary>
    private static Tensor MaxPoolGather(Tensor x, Tensor u, ConvGeometry g)
    {
        var kernel = new Kernel("MaxPoolGather", (i, y) => ImageParts.For(g, (part, first) => MaxPoolKernel.Gather(In(i[0], part, first), In(i[1], part, first), part, Out(y, part, first))));
        Tensor y = Run(kernel, Shape.Own([g.Batch, g.OutHeight, g.OutWidth, g.Channels]), DType.Float32, x, u);
        return y.Record(u, v => MaxPoolGradient(x, v, g));
    }

    /// <summary>
    /// 2-D average pooling, as keras.ops.average_pool on channels-last data: the mean of each window's
    /// positions inside the image. Strides default to the pool size; padding "valid" or "same".
    /// </summary>
    public static Tensor AveragePool(Tensor x, int poolSize = 2, int? strides = null, string padding = "valid") =>
        AveragePool(x, (poolSize, poolSize), strides is int s ? (s, s) : (poolSize, poolSize), padding);

    /// <summary>
    /// <see cref="AveragePool(Tensor, int, int?, string)"/> with the pool size and strides given per spatial axis, (height, width).
    /// </summary>
    public static Tensor AveragePool(Tensor x, (int H, int W) poolSize, (int H, int W) strides, string padding)
    {
        ArgumentNullException.ThrowIfNull(x);
        ConvGeometry g = ConvGeometry.Of(x.Shape, poolSize.H, poolSize.W, strides, padding, (1, 1), "AveragePool");
        return AveragePooled(ToFloat(x, "AveragePool"), g);
    }

    private static Tensor AveragePooled(Tensor x, ConvGeometry g)
    {
        var kernel = new Kernel("AveragePool", (i, y) => ImageParts.For(g, (part, first) => AveragePoolKernel.Forward(In(i[0], part, first), part, Out(y, part, first))),
            $"{g.KernelHeight}x{g.KernelWidth}, strides ({g.StrideH}, {g.StrideW}), pad ({g.PadTop}, {g.PadLeft})")
        {
            Attributes = new WindowGeometry(g),
        };
        Tensor y = Run(kernel, Shape.Own([g.Batch, g.OutHeight, g.OutWidth, g.Channels]), DType.Float32, x);
        return y.Record(x, gy => AveragePoolGradient(gy, g));
    }

    /// <summary>dL/dx of average pooling: linear, so its own gradient is the pooling again.</summary>
    private static Tensor AveragePoolGradient(Tensor gy, ConvGeometry g)
    {
        var kernel = new Kernel("AveragePoolGradient", (i, dx) => ImageParts.For(g, (part, first) => AveragePoolKernel.Backward(Out(i[0], part, first), part, In(dx, part, first))))
        {
            Attributes = new WindowGeometry(g),
        };
        Tensor dx = Run(kernel, Shape.Own([g.Batch, g.Height, g.Width, g.Channels]), DType.Float32, gy);
        return dx.Record(gy, u => AveragePooled(u, g));
    }

    /// <summary>The input-shaped values of a part's images (first image on), as a kernel writes or reads them.</summary>
    private static Span<float> In(Tensor t, in ConvGeometry part, int first) =>
        t.Span<float>().Slice(first * ImageParts.InImage(part), part.Batch * ImageParts.InImage(part));

    /// <summary>The output-shaped values of a part's images.</summary>
    private static Span<float> Out(Tensor t, in ConvGeometry part, int first) =>
        t.Span<float>().Slice(first * ImageParts.OutImage(part), part.Batch * ImageParts.OutImage(part));
}
