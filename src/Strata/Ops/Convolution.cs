using Strata.Compilation;
using Strata.Kernels;

namespace Strata;

public static partial class Ops
{
    /// <summary>
    /// A 2-D convolution, as keras.ops.conv on channels-last data: x (batch, height, width, channels)
    /// with a kernel (kernelHeight, kernelWidth, channels, filters) gives (batch, outHeight, outWidth,
    /// filters). Padding "valid" or "same" (Keras's rule), strides and dilation per axis.
    /// </summary>
    /// <param name="x">The inputs, (batch, height, width, channels).</param>
    /// <param name="kernel">The filters, (kernelHeight, kernelWidth, channels / groups, filters).</param>
    /// <param name="strides">The step of the window along both spatial axes; 1 by default.</param>
    /// <param name="padding">"valid" (no padding, the default) or "same" (output size ceil(input / strides)); anything else throws.</param>
    /// <param name="dilationRate">The spacing between kernel taps along both spatial axes; 1 by default.</param>
    /// <param name="groups">
    /// Split the channels into this many groups, each convolved with its own filters (Keras's groups): the
    /// kernel is then (kernelHeight, kernelWidth, channels / groups, filters), and filters / groups of them
    /// see each group.
    /// </param>
    /// <exception cref="ArgumentException">Shapes, strides, dilation, padding or groups do not fit.</exception>
    public static Tensor Conv(Tensor x, Tensor kernel, int strides = 1, string padding = "valid", int dilationRate = 1, int groups = 1) =>
        Conv(x, kernel, (strides, strides), padding, (dilationRate, dilationRate), groups);

    /// <summary>
    /// <see cref="Conv(Tensor, Tensor, int, string, int, int)"/> with strides and dilation rates given per
    /// spatial axis, (height, width).
    /// </summary>
    public static Tensor Conv(Tensor x, Tensor kernel, (int H, int W) strides, string padding, (int H, int W) dilationRate, int groups = 1)
    {
        ArgumentNullException.ThrowIfNull(x);
        ArgumentNullException.ThrowIfNull(kernel);
        if (kernel.Rank != 4) throw new ArgumentException($"Conv: the kernel must have shape (height, width, channels / groups, filters), got {kernel.Shape}.", nameof(kernel));
        ConvGeometry g = ConvGeometry.Of(x.Shape, kernel.Shape[0], kernel.Shape[1], strides, padding, dilationRate, "Conv");
        int filters = kernel.Shape[3];
        if (groups < 1 || g.Channels % groups != 0 || filters % groups != 0)
        {
            throw new ArgumentException($"Conv: groups must be positive and divide both the input's {g.Channels} channels and the kernel's {filters} filters, got {groups}.", nameof(groups));
        }
        if (kernel.Shape[2] * groups != g.Channels)
        {
            throw new ArgumentException($"Conv: the input has {g.Channels} channels (shape {x.Shape}) but the kernel expects {kernel.Shape[2]}{(groups > 1 ? $" per group × {groups} groups" : "")} (shape {kernel.Shape}).");
        }
        Tensor xf = ToFloat(x, "Conv"), kf = ToFloat(kernel, "Conv");
        if (groups == 1) return Convolve(xf, kf, g);
        // Each group of channels convolved with its own filters, the results side by side.
        int cg = g.Channels / groups, fg = filters / groups;
        ConvGeometry one = ConvGeometry.Of(new Shape(g.Batch, g.Height, g.Width, cg), g.KernelHeight, g.KernelWidth, strides, padding, dilationRate, "Conv");
        Tensor[] outputs = Enumerable.Range(0, groups).Select(i => Convolve(
            Slice(xf, [0, 0, 0, i * cg], [g.Batch, g.Height, g.Width, cg]),
            Slice(kf, [0, 0, 0, i * fg], [g.KernelHeight, g.KernelWidth, cg, fg]), one)).ToArray();
        return Concat(outputs, axis: 3);
    }

    /// <summary>
    /// A transposed 2-D convolution, as keras.ops.conv_transpose on channels-last data: x (batch, height,
    /// width, channels) with a kernel (kernelHeight, kernelWidth, filters, channels) gives (batch,
    /// outHeight, outWidth, filters), where "valid" makes out = (in − 1)·stride + kernel and "same" makes
    /// out = in · stride. It is the gradient of the convolution that maps the output back to x.
    /// </summary>
    public static Tensor ConvTranspose(Tensor x, Tensor kernel, int strides = 1, string padding = "valid")
    {
        ArgumentNullException.ThrowIfNull(x);
        ArgumentNullException.ThrowIfNull(kernel);
        if (x.Rank != 4) throw new ArgumentException($"ConvTranspose: expects inputs of shape (batch, height, width, channels), got {x.Shape}.", nameof(x));
        if (kernel.Rank != 4 || kernel.Shape[3] != x.Shape[3])
        {
            throw new ArgumentException($"ConvTranspose: the kernel must have shape (height, width, filters, {x.Shape[3]}) for inputs of shape {x.Shape}, got {kernel.Shape}.", nameof(kernel));
        }
        if (strides < 1) throw new ArgumentException($"ConvTranspose: strides must be positive, got {strides}.", nameof(strides));
        int kh = kernel.Shape[0], kw = kernel.Shape[1];
        (int h, int w) = padding switch
        {
            "valid" => (((x.Shape[1] - 1) * strides) + kh, ((x.Shape[2] - 1) * strides) + kw),
            "same" => (x.Shape[1] * strides, x.Shape[2] * strides),
            _ => throw new ArgumentException($"ConvTranspose: padding must be \"valid\" or \"same\", got \"{padding}\".", nameof(padding)),
        };
        // The convolution from the output's shape back to x's: its input gradient is the transposed convolution.
        ConvGeometry g = ConvGeometry.Of(Shape.Own([x.Shape[0], h, w, kernel.Shape[2]]), kh, kw, (strides, strides), padding, (1, 1), "ConvTranspose");
        return ConvInputGradient(ToFloat(x, "ConvTranspose"), ToFloat(kernel, "ConvTranspose"), g);
    }

    /// <summary>
    /// The convolution for a known geometry: one GEMM of the windows' matrix (im2col) with the kernel as a
    /// (window × filters) matrix, the windows read from the image while the GEMM packs its panels (never
    /// stored), then a reshape to images. The kernel's gradient is the windows' transpose times the output's
    /// gradient, read the same way; the input's scatters the output's gradient times the kernel's transpose
    /// back over the windows.
    /// </summary>
    private static Tensor Convolve(Tensor x, Tensor kernel, ConvGeometry g)
    {
        int filters = kernel.Shape[3];
        Tensor y = WindowsProduct(x, Reshape(kernel, g.Depth, filters), g);
        return Reshape(y, g.Batch, g.OutHeight, g.OutWidth, filters);
    }

    /// <summary>windows(x) · w: (positions × window) times (window × filters), by the implicit GEMM.</summary>
    private static Tensor WindowsProduct(Tensor x, Tensor w, ConvGeometry g)
    {
        Tensor y = Run(ConvProductKernel(g, bias: false, relu: false), Shape.Own([g.Rows, w.Shape[1]]), DType.Float32, x, w);
        return y.Record(x, w, gy => Unwindows(MatMul(gy, w, transA: false, transB: true), g), gy => WindowsTransposedProduct(x, gy, g));
    }

    /// <summary>windows(x)ᵀ · gy: the kernel's gradient, (window × positions) times (positions × filters).</summary>
    private static Tensor WindowsTransposedProduct(Tensor x, Tensor gy, ConvGeometry g)
    {
        float[]? transposed = null; // the GEMM's (filters × window) result, kept by the kernel from call to call
        var k = new Kernel("ConvKernelGradient", (i, dw) =>
        {
            int filters = i[1].Shape[1];
            if (transposed is null || transposed.Length < filters * g.Depth) transposed = new float[filters * g.Depth];
            // gyᵀ·windows(x), with the windows as the GEMM's B (packed once per block), then turned around.
            Gemm.MultiplyTransposedByWindows(g, filters, i[1].Array<float>(), i[1].Offset, i[0].Array<float>(), i[0].Offset, transposed, 0, Engine.Threads);
            Span<float> into = dw.Span<float>();
            for (int f = 0; f < filters; f++)
            {
                for (int d = 0; d < g.Depth; d++) into[(d * filters) + f] = transposed[(f * g.Depth) + d];
            }
        }, Describe(g))
        {
            Product = new ProductForm(TransposeA: true, TransposeB: false, Bias: false, Relu: false, Windows: g),
        };
        Tensor dw = Run(k, Shape.Own([g.Depth, gy.Shape[1]]), DType.Float32, x, gy);
        // Linear in each: Σ v·(windows(x)ᵀ·gy) is windows(x)·v against gy, and gy·vᵀ scattered over the windows against x.
        return dw.Record(x, gy, v => Unwindows(MatMul(gy, v, transA: false, transB: true), g), v => WindowsProduct(x, v, g));
    }

    /// <summary>
    /// The forward product's kernel, optionally with the bias added and ReLU applied in the GEMM's epilogue
    /// (inputs x, w and then the bias): the pass that fuses a convolution's bias asks for it here.
    /// </summary>
    internal static Kernel ConvProductKernel(ConvGeometry g, bool bias, bool relu)
    {
        string name = bias ? (relu ? "Conv+Bias+Relu" : "Conv+Bias") : "Conv";
        return new Kernel(name, (i, y) => Gemm.MultiplyWindows(g, i[1].Shape[1], i[0].Array<float>(), i[0].Offset,
            i[1].Array<float>(), i[1].Offset, y.Array<float>(), y.Offset, Engine.Threads,
            bias ? i[2].Array<float>() : null, bias ? i[2].Offset : 0, relu), Describe(g))
        { Attributes = bias ? null : g, Product = new ProductForm(TransposeA: false, TransposeB: false, bias, relu, Windows: g) };
    }

    /// <summary>Whether a kernel is a plain product a pass may rewrite: a MatMul without transposes, or a convolution's windows product without epilogue.</summary>
    internal static bool IsProduct(Kernel kernel) => IsPlainMatMul(kernel) || kernel.Attributes is ConvGeometry;

    /// <summary>The transposed convolution: x times the kernel's transpose, scattered back over the windows of the geometry.</summary>
    private static Tensor ConvInputGradient(Tensor x, Tensor kernel, ConvGeometry g)
    {
        int filters = kernel.Shape[3];
        Tensor columns = MatMul(Reshape(x, g.Rows, filters), Reshape(kernel, g.Depth, filters), transA: false, transB: true);
        return Unwindows(columns, g);
    }

    /// <summary>im2col: one row per output position, one column per value under its window (zeros for padding).</summary>
    private static Tensor Windows(Tensor x, ConvGeometry g)
    {
        var k = new Kernel("Im2Col", (i, cols) => Im2Col.Gather(i[0].Array<float>(), i[0].Offset, g, cols.Array<float>(), cols.Offset), Describe(g));
        return Run(k, Shape.Own([g.Rows, g.Depth]), DType.Float32, x).Record(x, gc => Unwindows(gc, g));
    }

    /// <summary>col2im, the transpose of <see cref="Windows"/>: each row's values added back where its window lies.</summary>
    private static Tensor Unwindows(Tensor columns, ConvGeometry g)
    {
        var k = new Kernel("Col2Im", (i, x) => Im2Col.Scatter(i[0].Array<float>(), i[0].Offset, g, x.Array<float>(), x.Offset), Describe(g))
        {
            Attributes = new WindowGeometry(g),
        };
        return Run(k, Shape.Own([g.Batch, g.Height, g.Width, g.Channels]), DType.Float32, columns).Record(columns, gx => Windows(gx, g));
    }

    /// <summary>
    /// A depthwise 2-D convolution, as keras.ops.depthwise_conv: each channel of x (batch, height, width,
    /// channels) is convolved with its own kernels (kernelHeight, kernelWidth, channels, multiplier),
    /// giving channels × multiplier outputs, channel c's as c·multiplier + m.
    /// </summary>
    public static Tensor DepthwiseConv(Tensor x, Tensor kernel, int strides = 1, string padding = "valid", int dilationRate = 1)
    {
        ArgumentNullException.ThrowIfNull(x);
        ArgumentNullException.ThrowIfNull(kernel);
        if (kernel.Rank != 4) throw new ArgumentException($"DepthwiseConv: the kernel must have shape (height, width, channels, multiplier), got {kernel.Shape}.", nameof(kernel));
        ConvGeometry g = ConvGeometry.Of(x.Shape, kernel.Shape[0], kernel.Shape[1], (strides, strides), padding, (dilationRate, dilationRate), "DepthwiseConv");
        if (kernel.Shape[2] != g.Channels)
        {
            throw new ArgumentException($"DepthwiseConv: the input has {g.Channels} channels (shape {x.Shape}) but the kernel expects {kernel.Shape[2]} (shape {kernel.Shape}).");
        }
        Tensor xf = ToFloat(x, "DepthwiseConv"), kf = ToFloat(kernel, "DepthwiseConv");
        int multiplier = kernel.Shape[3];
        if (multiplier == 1) return Depthwise(xf, Reshape(kf, kernel.Shape.Dims[..3]), g);
        // Output channel c·M + m convolves input channel c with k[:, :, c, m]: the same as one kernel per channel
        // over the input with each channel repeated M times (the repeat's gradient sums the copies back).
        int[] repeated = Enumerable.Range(0, g.Channels * multiplier).Select(q => q / multiplier).ToArray();
        ConvGeometry wide = ConvGeometry.Of(new Shape(g.Batch, g.Height, g.Width, g.Channels * multiplier), g.KernelHeight, g.KernelWidth,
            (g.StrideH, g.StrideW), padding, (g.DilationH, g.DilationW), "DepthwiseConv");
        return Depthwise(Take(xf, Tensor.FromArray(repeated), axis: 3), Reshape(kf, [kernel.Shape[0], kernel.Shape[1], g.Channels * multiplier]), wide);
    }

    /// <summary>One kernel (height, width, channels) per channel.</summary>
    private static Tensor Depthwise(Tensor x, Tensor kernel, ConvGeometry g)
    {
        var k = new Kernel("DepthwiseConv", (i, y) => DepthwiseKernel.Forward(i[0].Array<float>(), i[0].Offset, i[1].Array<float>(), i[1].Offset, g, y.Array<float>(), y.Offset), Describe(g))
        {
            Attributes = new WindowGeometry(g),
        };
        Tensor y = Run(k, Shape.Own([g.Batch, g.OutHeight, g.OutWidth, g.Channels]), DType.Float32, x, kernel);
        return y.Record(x, kernel, gy => DepthwiseInputGradient(gy, kernel, g), gy => DepthwiseKernelGradient(x, gy, g, kernel.Shape));
    }

    private static Tensor DepthwiseInputGradient(Tensor gy, Tensor kernel, ConvGeometry g)
    {
        var k = new Kernel("DepthwiseInputGradient", (i, dx) => DepthwiseKernel.InputGradient(i[0].Array<float>(), i[0].Offset, i[1].Array<float>(), i[1].Offset, g, dx.Array<float>(), dx.Offset), Describe(g));
        Tensor dx = Run(k, Shape.Own([g.Batch, g.Height, g.Width, g.Channels]), DType.Float32, gy, kernel);
        return dx.Record(gy, kernel, u => Depthwise(u, kernel, g), u => DepthwiseKernelGradient(u, gy, g, kernel.Shape));
    }

    private static Tensor DepthwiseKernelGradient(Tensor x, Tensor gy, ConvGeometry g, Shape kernelShape)
    {
        float[]? scratch = null; // the chunks' partial sums, kept by the kernel from call to call
        var k = new Kernel("DepthwiseKernelGradient", (i, dk) => DepthwiseKernel.KernelGradient(i[0].Array<float>(), i[0].Offset, i[1].Array<float>(), i[1].Offset, g, dk.Array<float>(), dk.Offset, ref scratch), Describe(g));
        Tensor dk = Run(k, kernelShape, DType.Float32, x, gy);
        return dk.Record(x, gy, v => DepthwiseInputGradient(gy, v, g), v => Depthwise(x, v, g));
    }

    private static string Describe(ConvGeometry g) =>
        $"{g.KernelHeight}x{g.KernelWidth}, strides ({g.StrideH}, {g.StrideW}), dilation ({g.DilationH}, {g.DilationW}), pad ({g.PadTop}, {g.PadLeft})";
}
