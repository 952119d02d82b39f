using ILGPU;
using ILGPU.Runtime;
using Strata.Compilation;
using Strata.Cuda.Kernels;
using Kernel = Strata.Compilation.Kernel;

namespace Strata.Cuda.Compilation;

/// <summary>
/// Each node of a traced step as a GPU launch, found from what the CPU kernel says it computes: a matrix product or
/// convolution (<see cref="ProductForm"/>), a windowed op (<see cref="Strata.Kernels.WindowGeometry"/>), a row op
/// (<see cref="RowForm"/>), a reduction (<see cref="ReductionForm"/>), a fused chain of row or elementwise ops, or a
/// single elementwise op (by the ops' names, as <see cref="ElementOp"/>). A node the GPU cannot run yet is refused by
/// name, with its layer and why, and runs on the host (<see cref="GpuStep"/>). Optimizer updates and label checks,
/// which need the step's own state, are lowered by <see cref="GpuStep"/> itself.
/// </summary>
internal sealed class GpuLowering(GpuKernels kernels, IReadOnlyList<Value> values, ArrayView<float>[] views, Func<IDisposable, IDisposable> own)
{
    private readonly Lazy<ArrayView<float>> _none = new(() => ((MemoryBuffer1D<float, Stride1D.Dense>)own(kernels.Accelerator.Allocate1D<float>(1))).View);

    /// <summary>The node's launch, or null with why the GPU cannot run it (it then runs on the host).</summary>
    public Action? TryLower(Node node, out string? why)
    {
        try
        {
            why = null;
            return Lower(node);
        }
        catch (NotSupportedException e)
        {
            why = e.Message;
            return null;
        }
    }

    public Action Lower(Node node)
    {
        if (node.Output < 0) throw Unsupported(node, "it is a host step");
        foreach (int v in node.Inputs.Append(node.Output))
        {
            if (views[v].Length < values[v].Shape.Size) throw Unsupported(node, $"it reads or writes {values[v].Label} ({values[v].DType.Name()}), which the GPU does not hold");
        }
        ArrayView<float>[] inputs = [.. node.Inputs.Select(i => views[i])];
        ArrayView<float> output = views[node.Output];
        bool floats = node.Inputs.Append(node.Output).All(v => values[v].DType == DType.Float32);
        return (floats ? null : Integers(node, inputs, output))
            ?? Products(node, inputs, output)
            ?? Windowed(node, inputs, output)
            ?? Copies(node, inputs, output)
            ?? Channels(node, inputs, output)
            ?? RowsAndReductions(node, inputs, output)
            ?? Elementwise(node, inputs, output)
            ?? throw Unsupported(node, "it has no GPU kernel yet");
    }

    /// <summary>
    /// Nodes that read or write integers or bools (held as floats): indices of extremes, casts, comparisons, and fused
    /// chains whose result stays exact; anything else that touches them is refused here.
    /// </summary>
    private Action? Integers(Node node, ArrayView<float>[] inputs, ArrayView<float> output)
    {
        Kernel kernel = node.Kernel;
        if (kernel.Reduction is ReductionForm { Index: true } arg)
        {
            if (values[node.Inputs[0]].DType != DType.Float32) throw Unsupported(node, "an index over integers");
            var shape = AxisShape.Of(values[node.Inputs[0]].Shape, arg.Axis);
            return () => kernels.Reduce(inputs[0], output, shape, arg.Kind, index: true);
        }
        if (kernel.Name == "Cast" && kernel.Element is null)
        {
            // To an integer type (the casts to float32 and bool have element forms): floats truncate, integers and bools pass.
            DType from = values[node.Inputs[0]].DType, to = values[node.Output].DType;
            if (to is not (DType.Int32 or DType.Int64) || from == DType.String) throw Unsupported(node, $"a cast from {from.Name()} to {to.Name()}");
            return Chain(node, [(from == DType.Float32 ? ElementOp.Truncate : ElementOp.Identity, [-1])], inputs, output);
        }
        if (kernel.Element is null && Enum.TryParse(kernel.Name, out ElementOp compared) && compared >= ElementOp.Add && ExactOnIntegers(compared))
        {
            // A comparison of integers (no float form on the CPU kernel): exact on the floats that hold them.
            return Chain(node, [(compared, compared == ElementOp.Where ? [-1, -2, -3] : [-1, -2])], inputs, output);
        }
        if (kernel.Element is not null || kernel.Chain is not null) return Elementwise(node, inputs, output);
        throw Unsupported(node, "it reads or writes integers or bools, which the GPU holds for casts, comparisons and label checks only");
    }

    /// <summary>Matrix products with their epilogues, and convolutions as products over the image's windows.</summary>
    private Action? Products(Node node, ArrayView<float>[] inputs, ArrayView<float> output)
    {
        Shape outShape = values[node.Output].Shape;
        switch (node.Kernel.Product)
        {
            case ProductForm { Windows: Strata.Kernels.ConvGeometry g } windowed:
                {
                    // A convolution (positions × window)·(window × filters), or its kernel's gradient (window × positions)·(positions × filters).
                    int filters = values[node.Inputs[1]].Shape[-1];
                    var shape = new GemmShape(outShape.Size / filters, filters, windowed.TransposeA ? g.Rows : g.Depth, windowed.TransposeA, false, windowed.Bias, windowed.Relu, WindowsA: true);
                    ArrayView<float> bias = windowed.Bias ? inputs[2] : _none.Value;
                    var windows = new Windows(g);
                    return () => kernels.MatMul(shape, inputs[0], inputs[1], bias, output, windows);
                }
            case ProductForm product:
                {
                    Shape a = values[node.Inputs[0]].Shape, b = values[node.Inputs[1]].Shape;
                    if (a.Rank != 2 || b.Rank != 2) throw Unsupported(node, "a batched product (operands of rank above 2)");
                    var shape = new GemmShape(outShape[0], outShape[1], product.TransposeA ? a[0] : a[1], product.TransposeA, product.TransposeB, product.Bias, product.Relu);
                    ArrayView<float> bias = product.Bias ? inputs[2] : _none.Value;
                    return () => kernels.MatMul(shape, inputs[0], inputs[1], bias, output);
                }
            default:
                return null;
        }
    }

    /// <summary>Ops that read an image through windows (col2im, pooling and their gradients), and copies.</summary>
    private Action? Windowed(Node node, ArrayView<float>[] inputs, ArrayView<float> output)
    {
        Kernel kernel = node.Kernel;
        if (kernel.Attributes is not Strata.Kernels.WindowGeometry { Geometry: var window }) return null;
        var windows = new Windows(window);
        return kernel.Name switch
        {
            "Col2Im" => () => kernels.Col2Im(inputs[0], output, windows),
            "MaxPool" => () => kernels.MaxPool(inputs[0], output, windows),
            "MaxPoolGradient" => () => kernels.MaxPoolGradient(inputs[0], inputs[1], output, windows),
            "AveragePool" => () => kernels.AveragePool(inputs[0], output, windows),
            "AveragePoolGradient" => () => kernels.AveragePoolGradient(inputs[0], output, windows),
            _ => throw Unsupported(node, "it has no GPU kernel yet"),
        };
    }

    /// <summary>Copies: a value to another buffer, into a variable (an assignment), or inside zeros (padding).</summary>
    private Action? Copies(Node node, ArrayView<float>[] inputs, ArrayView<float> output)
    {
        Kernel kernel = node.Kernel;
        if (node.Inputs.Length != 1) return null;
        bool sameSize = values[node.Inputs[0]].Shape.Size == values[node.Output].Shape.Size;
        if ((kernel.Name == "Copy" || ReferenceEquals(kernel, Variable.AssignKernel)) && sameSize) return () => kernels.Copy(inputs[0], output);
        if (kernel.Attributes is not Strata.PadBegin pad) return null;
        int[] layout = CopyKernels.PlaceLayout(values[node.Inputs[0]].Shape, values[node.Output].Shape, pad.Begin);
        ArrayView<int> placed = ((MemoryBuffer1D<int, Stride1D.Dense>)own(kernels.Accelerator.Allocate1D(layout))).View;
        return () => kernels.Place(inputs[0], output, placed);
    }

    /// <summary>Batch normalization's per-channel passes, with the scratch their block sums need.</summary>
    private Action? Channels(Node node, ArrayView<float>[] inputs, ArrayView<float> output)
    {
        if (node.Kernel.Attributes is not ChannelForm form) return null;
        if (form.Pass == ChannelPass.ScaleShift) return () => kernels.ScaleShift(inputs[0], inputs[1], inputs[2], output);
        int rows = values[node.Inputs[0]].Shape.Size / Math.Max(form.Channels, 1), blocks = (rows + form.Block - 1) / form.Block;
        ArrayView<float> partial = ((MemoryBuffer1D<float, Stride1D.Dense>)own(kernels.Accelerator.Allocate1D<float>(Math.Max(1, blocks * form.Channels)))).View;
        return form.Pass == ChannelPass.Moments
            ? () => kernels.Moments(inputs[0], output, partial, form.Channels, form.Block)
            : () => kernels.GradientSums(inputs[0], inputs[1], output, partial, form.Channels, form.Block);
    }

    /// <summary>Row softmaxes and reductions, reductions over any axis, and fused chains of row ops.</summary>
    private Action? RowsAndReductions(Node node, ArrayView<float>[] inputs, ArrayView<float> output)
    {
        Kernel kernel = node.Kernel;
        if (kernel.Row is RowForm row)
        {
            Shape x = values[node.Inputs[0]].Shape;
            int columns = x[-1], rows = x.Size / Math.Max(columns, 1);
            return row switch
            {
                RowForm.Softmax s => () => kernels.Softmax(inputs[0], output, rows, columns, s.Log),
                RowForm.Reduce r => () => kernels.Reduce(inputs[0], output, new AxisShape(rows, columns, 1), r.Kind),
                _ => throw Unsupported(node, $"the row op {row}"),
            };
        }
        if (kernel.Reduction is ReductionForm reduction)
        {
            var shape = AxisShape.Of(values[node.Inputs[0]].Shape, reduction.Axis);
            return () => kernels.Reduce(inputs[0], output, shape, reduction.Kind, reduction.Index);
        }
        return kernel.RowChain is FusedRows.Program program ? Rows(node, program, inputs, output) : null;
    }

    /// <summary>A fused elementwise chain, or a single elementwise op as a chain of one.</summary>
    private Action? Elementwise(Node node, ArrayView<float>[] inputs, ArrayView<float> output)
    {
        Kernel kernel = node.Kernel;
        if (kernel.Chain is IReadOnlyList<FusedElementwise.Step> steps)
        {
            return Chain(node, [.. steps.Select(s => (Op(node, s.Form, s.Name), s.Operands))], inputs, output);
        }
        if (kernel.Element is not ElementForm form) return null;
        int[] operands = [.. Enumerable.Range(0, node.Inputs.Length).Select(i => -i - 1)];
        return Chain(node, [(Op(node, form, kernel.Name), operands)], inputs, output);
    }

    private Action Chain(Node node, (ElementOp Op, int[] Operands)[] steps, ArrayView<float>[] inputs, ArrayView<float> output)
    {
        // An integer or bool result must come out exact: only ops that give back one of their operands or 0 and 1.
        if (values[node.Output].DType != DType.Float32 && steps.Any(s => !ExactOnIntegers(s.Op)))
        {
            throw Unsupported(node, $"its {values[node.Output].DType.Name()} result would need arithmetic on floats holding integers");
        }
        Shape outShape = values[node.Output].Shape;
        (int Inner, int Size)[] layouts = [.. node.Inputs.Select(i => FusedElementwise.Layout(values[i].Shape, outShape)
            ?? throw Unsupported(node, $"its input {values[i].Label} {values[i].Shape} is not broadcast as a fused chain reads"))];
        var chain = (ElementChain)own(new ElementChain(kernels.Accelerator, steps, layouts));
        return () => kernels.Elementwise(chain, inputs, output);
    }

    private Action Rows(Node node, FusedRows.Program program, ArrayView<float>[] inputs, ArrayView<float> output)
    {
        int columns = program.Columns;
        Shape outShape = values[node.Output].Shape;
        int rows = program.Steps[^1].Kind == FusedRows.Kind.Full ? outShape.Size / Math.Max(columns, 1) : outShape.Size;
        (int, int, int[], int, string)[] steps = [.. program.Steps.Select(s => s.Form switch
        {
            RowForm.Reduce r when r.Kind == Strata.Kernels.ReduceKind.Sum => (RowProgram.Reduce, 0, s.Operands, Kind(s.Kind), s.Name),
            RowForm.Reduce r when r.Kind == Strata.Kernels.ReduceKind.Max => (RowProgram.Reduce, 1, s.Operands, Kind(s.Kind), s.Name),
            RowForm.Softmax softmax => (RowProgram.Softmax, softmax.Log ? 1 : 0, s.Operands, Kind(s.Kind), s.Name),
            ElementForm form => (RowProgram.Elementwise, (int)Op(node, form, s.Name), s.Operands, Kind(s.Kind), s.Name),
            _ => throw Unsupported(node, $"the row step {s.Name} has no GPU form yet"),
        })];
        var chain = (RowChain)own(new RowChain(kernels.Accelerator, steps, [.. program.Sources.Select(Kind)], rows, columns));
        return () => kernels.Rows(chain, inputs, output);
    }

    private static bool ExactOnIntegers(ElementOp op) => op is ElementOp.Identity or ElementOp.ToBool or ElementOp.Truncate or ElementOp.LogicalNot
        or ElementOp.Equal or ElementOp.NotEqual or ElementOp.Greater or ElementOp.GreaterEqual or ElementOp.Less or ElementOp.LessEqual
        or ElementOp.LogicalAnd or ElementOp.LogicalOr or ElementOp.Maximum or ElementOp.Minimum or ElementOp.Where or ElementOp.Negative or ElementOp.Abs or ElementOp.Sign;

    private static int Kind(FusedRows.Kind kind) => kind switch
    {
        FusedRows.Kind.Full => RowProgram.Full,
        FusedRows.Kind.PerRow => RowProgram.PerRow,
        FusedRows.Kind.Shared => RowProgram.Shared,
        _ => RowProgram.Single,
    };

    /// <summary>The GPU's op for a chain step: conversions and broadcasts by their form, the others by the op's name.</summary>
    private static ElementOp Op(Node node, ElementForm form, string name) => form switch
    {
        ElementForm.Select => ElementOp.Where,
        ElementForm.Broadcast => ElementOp.Identity,
        ElementForm.Convert { ToBool: true } => ElementOp.ToBool,
        ElementForm.Convert => ElementOp.Identity,
        _ when name == "Pow" => ElementOp.Power,
        _ when Enum.TryParse(name, out ElementOp op) && op != ElementOp.Identity && op != ElementOp.ToBool => op,
        _ => throw Unsupported(node, $"the elementwise op {name} has no GPU form yet"),
    };

    private static NotSupportedException Unsupported(Node node, string why) =>
        new($"GPU: cannot run {node.Kernel}{(node.Layer is null ? "" : $" (layer '{node.Layer}')")}: {why}.");
}
