using ILGPU;
using ILGPU.Runtime;
using Strata.Cuda.Kernels;

namespace Strata.Cuda;

/// <summary>
/// The GPU kernels, compiled once for an accelerator, and the host calls that launch them on its default stream
/// (asynchronously: the results are there after <c>Accelerator.Synchronize()</c> or a copy back).
/// </summary>
internal sealed class GpuKernels(Accelerator accelerator)
{
    private readonly Action<Index1D, ArrayView<int>, int, ArrayView<int>, ElementInputs, ArrayView<float>> _element =
        accelerator.LoadAutoGroupedStreamKernel<Index1D, ArrayView<int>, int, ArrayView<int>, ElementInputs, ArrayView<float>>(ElementProgram.Run);

    private readonly Action<Index1D, ArrayView<int>, int, ArrayView<int>, ElementInputs, ArrayView<float>, ArrayView<float>, int, int> _rows =
        accelerator.LoadAutoGroupedStreamKernel<Index1D, ArrayView<int>, int, ArrayView<int>, ElementInputs, ArrayView<float>, ArrayView<float>, int, int>(RowProgram.Run);

    private readonly Action<Index2D, ArrayView<float>, ArrayView<float>, ArrayView<float>, ArrayView<float>, GemmArguments, Windows> _gemm =
        accelerator.LoadAutoGroupedStreamKernel<Index2D, ArrayView<float>, ArrayView<float>, ArrayView<float>, ArrayView<float>, GemmArguments, Windows>(GemmKernel.Run);

    private readonly Action<Index1D, ArrayView<float>, ArrayView<float>, Windows> _col2Im =
        accelerator.LoadAutoGroupedStreamKernel<Index1D, ArrayView<float>, ArrayView<float>, Windows>(WindowKernels.Col2Im);

    private readonly Action<Index1D, ArrayView<float>, ArrayView<float>, Windows> _maxPool =
        accelerator.LoadAutoGroupedStreamKernel<Index1D, ArrayView<float>, ArrayView<float>, Windows>(WindowKernels.MaxPool);

    private readonly Action<Index1D, ArrayView<float>, ArrayView<float>, ArrayView<float>, Windows> _maxPoolGradient =
        accelerator.LoadAutoGroupedStreamKernel<Index1D, ArrayView<float>, ArrayView<float>, ArrayView<float>, Windows>(WindowKernels.MaxPoolGradient);

    private readonly Action<Index1D, ArrayView<float>, ArrayView<float>, int, int> _softmax =
        accelerator.LoadAutoGroupedStreamKernel<Index1D, ArrayView<float>, ArrayView<float>, int, int>(RowKernels.Softmax);

    private readonly Action<Index1D, ArrayView<float>, ArrayView<float>, int, int, int> _reduce =
        accelerator.LoadAutoGroupedStreamKernel<Index1D, ArrayView<float>, ArrayView<float>, int, int, int>(ReduceKernel.Run);

    private readonly Action<Index1D, ArrayView<float>, ArrayView<int>, int> _argMax =
        accelerator.LoadAutoGroupedStreamKernel<Index1D, ArrayView<float>, ArrayView<int>, int>(RowKernels.ArgMax);


    private readonly Action<Index1D, ArrayView<float>, ArrayView<float>, ArrayView<float>, ArrayView<float>> _rmsprop =
        accelerator.LoadAutoGroupedStreamKernel<Index1D, ArrayView<float>, ArrayView<float>, ArrayView<float>, ArrayView<float>>(OptimizerKernels.Rmsprop);

    private readonly Action<Index1D, ArrayView<float>, ArrayView<float>, ArrayView<float>, ArrayView<float>> _sgd =
        accelerator.LoadAutoGroupedStreamKernel<Index1D, ArrayView<float>, ArrayView<float>, ArrayView<float>, ArrayView<float>>(OptimizerKernels.Sgd);

    private readonly Action<Index1D, ArrayView<float>, ArrayView<float>, ArrayView<float>, ArrayView<float>, ArrayView<float>> _adam =
        accelerator.LoadAutoGroupedStreamKernel<Index1D, ArrayView<float>, ArrayView<float>, ArrayView<float>, ArrayView<float>, ArrayView<float>>(OptimizerKernels.Adam);

    public Accelerator Accelerator { get; } = accelerator;

    /// <summary>Runs a fused chain (<see cref="ElementChain"/>) over <paramref name="output"/>'s elements.</summary>
    public void Elementwise(ElementChain chain, IReadOnlyList<ArrayView<float>> inputs, ArrayView<float> output)
    {
        if (inputs.Count != chain.Inputs)
        {
            throw new ArgumentException($"GPU Fused[{chain}]: {inputs.Count} inputs given for a chain of {chain.Inputs}.", nameof(inputs));
        }
        var views = new ElementInputs();
        for (int k = 0; k < inputs.Count; k++) views.Set(k, inputs[k]);
        _element((int)output.Length, chain.Code, chain.Steps, chain.Layouts, views, output);
    }

    /// <summary>Runs a fused chain of row ops (<see cref="RowChain"/>), one thread per row.</summary>
    public void Rows(RowChain chain, IReadOnlyList<ArrayView<float>> inputs, ArrayView<float> output)
    {
        if (inputs.Count != chain.Inputs)
        {
            throw new ArgumentException($"GPU FusedRows[{chain}]: {inputs.Count} inputs given for a chain of {chain.Inputs}.", nameof(inputs));
        }
        var views = new ElementInputs();
        for (int k = 0; k < inputs.Count; k++) views.Set(k, inputs[k]);
        _rows(chain.Rows, chain.Code, chain.Steps, chain.Kinds, views, chain.Scratch, output, chain.Rows, chain.Columns);
    }

    /// <summary>C = op(A)·op(B) [+ bias] [then ReLU], row-major, as <paramref name="shape"/> says.</summary>
    public void MatMul(GemmShape shape, ArrayView<float> a, ArrayView<float> b, ArrayView<float> bias, ArrayView<float> c, Windows windows = default) =>
        _gemm(new Index2D(shape.M, shape.N), a, b, bias, c, new GemmArguments(shape), windows);

    /// <summary>dx (the image) = the im2col matrix's entries added back where their windows lie.</summary>
    public void Col2Im(ArrayView<float> columns, ArrayView<float> dx, Windows windows) => _col2Im((int)dx.Length, columns, dx, windows);

    public void MaxPool(ArrayView<float> x, ArrayView<float> y, Windows windows) => _maxPool((int)y.Length, x, y, windows);

    public void MaxPoolGradient(ArrayView<float> x, ArrayView<float> gy, ArrayView<float> dx, Windows windows) => _maxPoolGradient((int)dx.Length, x, gy, dx, windows);

    public void Softmax(ArrayView<float> x, ArrayView<float> y, int rows, int columns, bool log) => _softmax(rows, x, y, columns, log ? 1 : 0);

    /// <summary>Reduces the middle axis of x laid out as <paramref name="shape"/>: y has outer × inner elements.</summary>
    public void Reduce(ArrayView<float> x, ArrayView<float> y, AxisShape shape, Strata.Kernels.ReduceKind kind) =>
        _reduce(shape.Outer * shape.Inner, x, y, shape.Length, shape.Inner, kind switch
        {
            Strata.Kernels.ReduceKind.Sum => ReduceKernel.Sum,
            Strata.Kernels.ReduceKind.Max => ReduceKernel.Max,
            _ => ReduceKernel.Min,
        });

    public void ArgMaxRows(ArrayView<float> x, ArrayView<int> y, int rows, int columns) => _argMax(rows, x, y, columns);


    public void Rmsprop(ArrayView<float> g, ArrayView<float> v, ArrayView<float> w, ArrayView<float> hyper) => _rmsprop((int)g.Length, g, v, w, hyper);

    public void Sgd(ArrayView<float> g, ArrayView<float> m, ArrayView<float> w, ArrayView<float> hyper) => _sgd((int)g.Length, g, m, w, hyper);

    public void Adam(ArrayView<float> g, ArrayView<float> m, ArrayView<float> v, ArrayView<float> w, ArrayView<float> hyper) => _adam((int)g.Length, g, m, v, w, hyper);
}
