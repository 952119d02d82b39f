namespace Strata.Kernels;

/// <summary>
/// The shape of a 2-D convolution or pooling on channels-last data, as Keras computes it: the output
/// size and the padding before each axis. "valid" uses only full windows; "same" pads so that the
/// output has ceil(input / stride) positions, putting the smaller half of the padding first.
/// </summary>
internal readonly record struct ConvGeometry(int Batch, int Height, int Width, int Channels, int KernelHeight, int KernelWidth,
    int StrideH, int StrideW, int DilationH, int DilationW, int PadTop, int PadLeft, int OutHeight, int OutWidth)
{
    /// <summary>Output positions over the batch: the rows of the im2col matrix.</summary>
    public int Rows => Batch * OutHeight * OutWidth;

    /// <summary>Values under one window: the columns of the im2col matrix.</summary>
    public int Depth => KernelHeight * KernelWidth * Channels;

    public static ConvGeometry Of(Shape input, int kernelHeight, int kernelWidth, (int H, int W) strides, string padding, (int H, int W) dilation, string op)
    {
        if (input.Rank != 4) throw new ArgumentException($"{op}: expects inputs of shape (batch, height, width, channels), got {input}.");
        if (strides.H < 1 || strides.W < 1) throw new ArgumentException($"{op}: strides must be positive, got ({strides.H}, {strides.W}).");
        if (dilation.H < 1 || dilation.W < 1) throw new ArgumentException($"{op}: dilation rates must be positive, got ({dilation.H}, {dilation.W}).");
        if (kernelHeight < 1 || kernelWidth < 1) throw new ArgumentException($"{op}: window sizes must be positive, got ({kernelHeight}, {kernelWidth}).");
        bool same = padding switch
        {
            "same" => true,
            "valid" => false,
            _ => throw new ArgumentException($"{op}: padding must be \"valid\" or \"same\", got \"{padding}\"."),
        };
        (int outH, int padTop) = Axis(input[1], kernelHeight, strides.H, dilation.H, same, op, "height");
        (int outW, int padLeft) = Axis(input[2], kernelWidth, strides.W, dilation.W, same, op, "width");
        return new ConvGeometry(input[0], input[1], input[2], input[3], kernelHeight, kernelWidth, strides.H, strides.W,
            dilation.H, dilation.W, padTop, padLeft, outH, outW);
    }

    private static (int Out, int PadBefore) Axis(int size, int kernel, int stride, int dilation, bool same, string op, string axis)
    {
        int span = ((kernel - 1) * dilation) + 1;
        if (same)
        {
            int outSize = (size + stride - 1) / stride;
            int total = Math.Max(((outSize - 1) * stride) + span - size, 0);
            return (outSize, total / 2);
        }
        if (size < span)
        {
            throw new ArgumentException($"{op}: the input's {axis} ({size}) is smaller than the window ({span} with dilation) and padding is \"valid\"; use padding: \"same\" or a larger input.");
        }
        return (((size - span) / stride) + 1, 0);
    }
}
