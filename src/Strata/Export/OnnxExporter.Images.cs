using Onnx;
using Strata.Compilation;
using Strata.Kernels;

namespace Strata.Export;

// Convolution, pooling, col2im and resizing: Strata computes images NHWC, ONNX NCHW, so each goes through transposes.
internal sealed partial class OnnxExporter
{
    /// <summary>
    /// Strata's convolution: NHWC input, kernel (kh·kw·cin, cout), output (batch·oh·ow, cout). ONNX's Conv is NCHW
    /// with kernels (cout, cin, kh, kw): the input and kernel are transposed to it, the result back.
    /// </summary>
    private void Convolution(Node node, string[] inputs, string output)
    {
        ConvGeometry g = node.Kernel.Attributes is ConvGeometry geometry ? geometry : throw new NotSupportedException($"Model.Export: {node.Kernel} has no geometry.");
        int filters = _one.Values[node.Output].Shape[^1];
        string x = Emit("Transpose", [inputs[0]], Temporary(), Attribute("perm", [0, 3, 1, 2]));
        string k4 = Emit("Reshape", [inputs[1], Longs([g.KernelHeight, g.KernelWidth, g.Channels, filters])], Temporary());
        string w = Emit("Transpose", [k4], Temporary(), Attribute("perm", [3, 2, 0, 1]));
        string y = Emit("Conv", [x, w], Temporary(), [.. Window(g), Attribute("dilations", [g.DilationH, g.DilationW])]);
        string nhwc = Emit("Transpose", [y], Temporary(), Attribute("perm", [0, 2, 3, 1]));
        Emit("Reshape", [nhwc, Longs([-1, filters])], output);
    }

    /// <summary>Strata's depthwise convolution, one kernel (kh, kw) per channel: ONNX's Conv with a group per channel.</summary>
    private void Depthwise(Node node, string[] inputs, string output)
    {
        ConvGeometry g = node.Kernel.Attributes is WindowGeometry window ? window.Geometry : throw new NotSupportedException($"Model.Export: {node.Kernel} has no geometry.");
        string x = Emit("Transpose", [inputs[0]], Temporary(), Attribute("perm", [0, 3, 1, 2]));
        string k = Emit("Transpose", [inputs[1]], Temporary(), Attribute("perm", [2, 0, 1]));
        string w = Emit("Reshape", [k, Longs([g.Channels, 1, g.KernelHeight, g.KernelWidth])], Temporary());
        string y = Emit("Conv", [x, w], Temporary(), [.. Window(g), Attribute("dilations", [g.DilationH, g.DilationW]), Attribute("group", g.Channels)]);
        Emit("Transpose", [y], output, Attribute("perm", [0, 2, 3, 1]));
    }

    /// <summary>
    /// Ops.Resize: the resampling whose transform is TensorFlow's half-pixel scaler, edges held (the only transform
    /// Resize makes), as ONNX's Resize in half_pixel mode; nearest rounds halves up, as Strata's. Images go NCHW and back.
    /// </summary>
    private void Resize(Node node, SamplingGeometry g, string input, string output)
    {
        Value transform = _one.Values[node.Inputs[1]];
        float[] scaler = Ops.ResizeTransform(g.InHeight, g.InWidth, g.OutHeight, g.OutWidth);
        if (transform.Kind != ValueKind.Constant || !transform.Tensor.ToArray<float>().SequenceEqual(scaler) || g.Fill != FillMode.Nearest)
        {
            throw new NotSupportedException($"Model.Export: {node.Kernel}{(node.Layer is null ? "" : $" (in layer '{node.Layer}')")} resamples through a transform other than a resize's; not exported yet.");
        }
        string x = Emit("Transpose", [input], Temporary(), Attribute("perm", [0, 3, 1, 2]));
        string leading = Emit("Shape", [x], Temporary(), Attribute("start", 0), Attribute("end", 2));
        string sizes = Emit("Concat", [leading, Longs([g.OutHeight, g.OutWidth])], Temporary(), Attribute("axis", 0));
        AttributeProto[] mode = g.Bilinear
            ? [Attribute("mode", "linear"), Attribute("coordinate_transformation_mode", "half_pixel")]
            : [Attribute("mode", "nearest"), Attribute("coordinate_transformation_mode", "half_pixel"), Attribute("nearest_mode", "round_prefer_ceil")];
        string y = Emit("Resize", [x, "", "", sizes], Temporary(), mode);
        Emit("Transpose", [y], output, Attribute("perm", [0, 2, 3, 1]));
    }

    /// <summary>
    /// col2im (a transposed convolution's second half, after the product with the kernel): each row of the columns
    /// (one per window position, its values in (kh, kw, channels) order) added back where its window lies. ONNX's
    /// ConvTranspose does exactly this with a kernel that routes input channel (i, j, c) to output channel c at
    /// offset (i, j): the columns go in as an NCHW image of kh·kw·channels channels. The pads are the window's;
    /// rows and columns of the image that no window reaches come from output_padding.
    /// </summary>
    private void ColumnsToImage(Node node, string input, string output)
    {
        ConvGeometry g = node.Kernel.Attributes is WindowGeometry window ? window.Geometry : throw new NotSupportedException($"Model.Export: {node.Kernel} has no geometry.");
        if (g.DilationH != 1 || g.DilationW != 1) throw new NotSupportedException($"Model.Export: {node.Kernel} is dilated; not exported yet.");
        int c = g.Channels, depth = g.Depth;
        var routing = new float[depth * c * g.KernelHeight * g.KernelWidth];
        for (int i = 0; i < g.KernelHeight; i++)
        {
            for (int j = 0; j < g.KernelWidth; j++)
            {
                for (int ch = 0; ch < c; ch++)
                {
                    int from = (((i * g.KernelWidth) + j) * c) + ch;
                    routing[(((from * c) + ch) * g.KernelHeight * g.KernelWidth) + (i * g.KernelWidth) + j] = 1f;
                }
            }
        }
        string w = Initializer($"col2im_routing_{_temporaries++}", Tensor.FromArray(routing, depth, c, g.KernelHeight, g.KernelWidth));
        string image = Emit("Reshape", [input, Longs([-1, g.OutHeight, g.OutWidth, depth])], Temporary());
        string nchw = Emit("Transpose", [image], Temporary(), Attribute("perm", [0, 3, 1, 2]));
        AttributeProto[] stridesAndPads = Window(g);
        long[] pads = [.. stridesAndPads[1].Ints];
        long Reached(int outSize, int stride, int kernel, long padBegin, long padEnd) => ((outSize - 1L) * stride) + kernel - padBegin - padEnd;
        long[] extra = [g.Height - Reached(g.OutHeight, g.StrideH, g.KernelHeight, pads[0], pads[2]), g.Width - Reached(g.OutWidth, g.StrideW, g.KernelWidth, pads[1], pads[3])];
        string y = Emit("ConvTranspose", [nchw, w], Temporary(), [.. stridesAndPads, Attribute("output_padding", extra)]);
        Emit("Transpose", [y], output, Attribute("perm", [0, 2, 3, 1]));
    }

    private void Pooling(Node node, string input, string output)
    {
        ConvGeometry g = node.Kernel.Attributes is WindowGeometry pool ? pool.Geometry : throw new NotSupportedException($"Model.Export: {node.Kernel} has no geometry.");
        string x = Emit("Transpose", [input], Temporary(), Attribute("perm", [0, 3, 1, 2]));
        string y = Emit(node.Kernel.Name, [x], Temporary(), [Attribute("kernel_shape", [g.KernelHeight, g.KernelWidth]), .. Window(g)]);
        Emit("Transpose", [y], output, Attribute("perm", [0, 2, 3, 1]));
    }

    /// <summary>Strides and pads (top, left, bottom, right) of a window's geometry.</summary>
    private static AttributeProto[] Window(ConvGeometry g)
    {
        int Total(int size, int outSize, int stride, int kernel, int dilation) => Math.Max(0, ((outSize - 1) * stride) + ((kernel - 1) * dilation) + 1 - size);
        int bottom = Total(g.Height, g.OutHeight, g.StrideH, g.KernelHeight, g.DilationH) - g.PadTop;
        int right = Total(g.Width, g.OutWidth, g.StrideW, g.KernelWidth, g.DilationW) - g.PadLeft;
        return [Attribute("strides", [g.StrideH, g.StrideW]), Attribute("pads", [g.PadTop, g.PadLeft, bottom, right])];
    }
}
