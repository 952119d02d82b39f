using ILGPU;
using ILGPU.Runtime;
using Strata.Cuda.Kernels;

namespace Strata.Cuda;

/// <summary>
/// The GPU kernels, compiled once for an accelerator, and the host calls that launch them on its <see cref="Stream"/>
/// (asynchronously: the results are there after <c>Stream.Synchronize()</c> or a copy back on it).
/// </summary>
internal sealed class GpuKernels(Accelerator accelerator) : IDisposable
{
    // cuBLAS for the plain products on a CUDA GPU, once it has shown it computes what the reference kernel does.
    private readonly Lazy<Native.Cublas?> _cublas = new(() => accelerator is ILGPU.Runtime.Cuda.CudaAccelerator ? Native.Cublas.TryLoad() : null);
    private readonly Dictionary<(bool Bias, bool Relu), ElementChain> _epilogues = [];
    private bool? _cublasChecked;

    private readonly Action<AcceleratorStream, Index1D, ArrayView<int>, int, ArrayView<int>, ElementInputs, ArrayView<float>> _element =
        accelerator.LoadAutoGroupedKernel<Index1D, ArrayView<int>, int, ArrayView<int>, ElementInputs, ArrayView<float>>(ElementProgram.Run);

    private readonly Action<AcceleratorStream, Index1D, ArrayView<int>, int, ArrayView<int>, ElementInputs, ArrayView<float>, ArrayView<float>, int, int> _rows =
        accelerator.LoadAutoGroupedKernel<Index1D, ArrayView<int>, int, ArrayView<int>, ElementInputs, ArrayView<float>, ArrayView<float>, int, int>(RowProgram.Run);

    private readonly Action<AcceleratorStream, Index2D, ArrayView<float>, ArrayView<float>, ArrayView<float>, ArrayView<float>, GemmArguments, Windows> _gemm =
        accelerator.LoadAutoGroupedKernel<Index2D, ArrayView<float>, ArrayView<float>, ArrayView<float>, ArrayView<float>, GemmArguments, Windows>(GemmKernel.Run);

    private readonly Action<AcceleratorStream, Index1D, ArrayView<float>, ArrayView<float>, ArrayView<float>, int, int, int> _checkLabels =
        accelerator.LoadAutoGroupedKernel<Index1D, ArrayView<float>, ArrayView<float>, ArrayView<float>, int, int, int>(LabelKernels.Check);

    private readonly Action<AcceleratorStream, Index1D, ArrayView<float>, ArrayView<float>, Windows> _col2Im =
        accelerator.LoadAutoGroupedKernel<Index1D, ArrayView<float>, ArrayView<float>, Windows>(WindowKernels.Col2Im);

    private readonly Action<AcceleratorStream, Index1D, ArrayView<float>, ArrayView<float>, Windows> _maxPool =
        accelerator.LoadAutoGroupedKernel<Index1D, ArrayView<float>, ArrayView<float>, Windows>(WindowKernels.MaxPool);

    private readonly Action<AcceleratorStream, Index1D, ArrayView<float>, ArrayView<float>, Windows> _averagePool =
        accelerator.LoadAutoGroupedKernel<Index1D, ArrayView<float>, ArrayView<float>, Windows>(WindowKernels.AveragePool);

    private readonly Action<AcceleratorStream, Index1D, ArrayView<float>, ArrayView<float>, Windows> _averagePoolGradient =
        accelerator.LoadAutoGroupedKernel<Index1D, ArrayView<float>, ArrayView<float>, Windows>(WindowKernels.AveragePoolGradient);

    private readonly Action<AcceleratorStream, Index1D, ArrayView<float>, ArrayView<float>, ArrayView<float>, Windows> _maxPoolGradient =
        accelerator.LoadAutoGroupedKernel<Index1D, ArrayView<float>, ArrayView<float>, ArrayView<float>, Windows>(WindowKernels.MaxPoolGradient);

    private readonly Action<AcceleratorStream, Index1D, ArrayView<float>, ArrayView<float>, int, int> _softmax =
        accelerator.LoadAutoGroupedKernel<Index1D, ArrayView<float>, ArrayView<float>, int, int>(RowKernels.Softmax);

    private readonly Action<AcceleratorStream, Index1D, ArrayView<float>, ArrayView<float>, int, int, int> _reduce =
        accelerator.LoadAutoGroupedKernel<Index1D, ArrayView<float>, ArrayView<float>, int, int, int>(ReduceKernel.Run);

    private readonly Action<AcceleratorStream, Index1D, ArrayView<float>, ArrayView<int>, int> _argMax =
        accelerator.LoadAutoGroupedKernel<Index1D, ArrayView<float>, ArrayView<int>, int>(RowKernels.ArgMax);


    private readonly Action<AcceleratorStream, Index1D, ArrayView<float>, ArrayView<float>, ArrayView<float>, ArrayView<float>> _rmsprop =
        accelerator.LoadAutoGroupedKernel<Index1D, ArrayView<float>, ArrayView<float>, ArrayView<float>, ArrayView<float>>(OptimizerKernels.Rmsprop);

    private readonly Action<AcceleratorStream, Index1D, ArrayView<float>, ArrayView<float>, ArrayView<float>, ArrayView<float>> _sgd =
        accelerator.LoadAutoGroupedKernel<Index1D, ArrayView<float>, ArrayView<float>, ArrayView<float>, ArrayView<float>>(OptimizerKernels.Sgd);

    private readonly Action<AcceleratorStream, Index1D, ArrayView<float>, ArrayView<float>, ArrayView<float>, ArrayView<float>, ArrayView<float>> _adam =
        accelerator.LoadAutoGroupedKernel<Index1D, ArrayView<float>, ArrayView<float>, ArrayView<float>, ArrayView<float>, ArrayView<float>>(OptimizerKernels.Adam);

    private readonly Action<AcceleratorStream, Index2D, ArrayView<float>, ArrayView<float>, ArrayView<float>, ArrayView<float>, int, int, int> _blockSums =
        accelerator.LoadAutoGroupedKernel<Index2D, ArrayView<float>, ArrayView<float>, ArrayView<float>, ArrayView<float>, int, int, int>(ChannelKernels.BlockSums);

    private readonly Action<AcceleratorStream, Index1D, ArrayView<float>, ArrayView<float>, int, float> _combineBlocks =
        accelerator.LoadAutoGroupedKernel<Index1D, ArrayView<float>, ArrayView<float>, int, float>(ChannelKernels.CombineBlocks);

    private readonly Action<AcceleratorStream, Index1D, ArrayView<float>, ArrayView<float>, ArrayView<float>, ArrayView<float>> _scaleShift =
        accelerator.LoadAutoGroupedKernel<Index1D, ArrayView<float>, ArrayView<float>, ArrayView<float>, ArrayView<float>>(ChannelKernels.ScaleShift);

    private readonly Action<AcceleratorStream, Index1D, ArrayView<float>, ArrayView<float>, ArrayView<int>> _place =
        accelerator.LoadAutoGroupedKernel<Index1D, ArrayView<float>, ArrayView<float>, ArrayView<int>>(CopyKernels.Place);

    private readonly Action<AcceleratorStream, Index1D, ArrayView<float>, ArrayView<int>, ArrayView<float>, int, ArrayView<float>> _gatherRows =
        accelerator.LoadAutoGroupedKernel<Index1D, ArrayView<float>, ArrayView<int>, ArrayView<float>, int, ArrayView<float>>(CopyKernels.GatherRows);

    public Accelerator Accelerator { get; } = accelerator;

    /// <summary>Runs a fused chain (<see cref="ElementChain"/>) over <paramref name="output"/>'s elements.</summary>
    public void Elementwise(ElementChain chain, IReadOnlyList<ArrayView<float>> inputs, ArrayView<float> output)
    {
        if (inputs.Count != chain.Inputs)
        {
            throw new ArgumentException($"GPU Fused[{chain}]: {inputs.Count} inputs given for a chain of {chain.Inputs}.", nameof(inputs));
        }
        Enqueue(() => _element(Stream, (int)output.Length, chain.Code, chain.Steps, chain.Layouts, ElementInputs.Of(inputs), output));
    }

    /// <summary>Runs a fused chain of row ops (<see cref="RowChain"/>), one thread per row.</summary>
    public void Rows(RowChain chain, IReadOnlyList<ArrayView<float>> inputs, ArrayView<float> output)
    {
        if (inputs.Count != chain.Inputs)
        {
            throw new ArgumentException($"GPU FusedRows[{chain}]: {inputs.Count} inputs given for a chain of {chain.Inputs}.", nameof(inputs));
        }
        Enqueue(() => _rows(Stream, chain.Rows, chain.Code, chain.Steps, chain.Kinds, ElementInputs.Of(inputs), chain.Scratch, output, chain.Rows, chain.Columns));
    }

    /// <summary>C = op(A)·op(B) [+ bias] [then ReLU], row-major, as <paramref name="shape"/> says.</summary>
    public void MatMul(GemmShape shape, ArrayView<float> a, ArrayView<float> b, ArrayView<float> bias, ArrayView<float> c, Windows windows = default)
    {
        if (!shape.WindowsA && Cublas() is Native.Cublas cublas)
        {
            Enqueue(() => cublas.Sgemm(CudaStream, shape.M, shape.N, shape.K, shape.TransposeA, shape.TransposeB,
                a.LoadEffectiveAddressAsPtr(), b.LoadEffectiveAddressAsPtr(), c.LoadEffectiveAddressAsPtr()));
            if (shape.Bias || shape.Relu) Epilogue(shape, bias, c);
            return;
        }
        Reference(shape, a, b, bias, c, windows);
    }

    /// <summary>The product by Strata's own kernel: the reference cuBLAS is checked against, and the path without it.</summary>
    private void Reference(GemmShape shape, ArrayView<float> a, ArrayView<float> b, ArrayView<float> bias, ArrayView<float> c, Windows windows) =>
        Enqueue(() => _gemm(Stream, new Index2D(shape.M, shape.N), a, b, bias, c, new GemmArguments(shape), windows));

    /// <summary>
    /// The stream every launch and copy of a step goes on, in order: one of its own, as CUDA cannot capture a graph on
    /// the default (NULL) stream ILGPU launches on otherwise.
    /// </summary>
    public AcceleratorStream Stream { get; } = accelerator.CreateStream();

    // While a step is recorded as a graph on a device without CUDA graphs (the simulator): the launches, not run.
    private List<Action>? _recording;

    /// <summary>
    /// Launches (or copies) on <see cref="Stream"/>; while <see cref="Record"/> runs, keeps them instead, each with the
    /// arguments it was given then, as a CUDA graph captures them.
    /// </summary>
    private void Enqueue(Action launch)
    {
        if (_recording is List<Action> recording) recording.Add(launch);
        else launch();
    }

    /// <summary>The launches <paramref name="enqueue"/> makes, kept with their arguments instead of run: the simulator's graph capture.</summary>
    public List<Action> Record(Action enqueue)
    {
        _recording = [];
        try
        {
            enqueue();
            return _recording;
        }
        finally
        {
            _recording = null;
        }
    }

    /// <summary>to = from, on the device.</summary>
    public void Copy(ArrayView<float> from, ArrayView<float> to) => Enqueue(() => from.CopyTo(Stream, to));

    /// <summary>Sets <paramref name="view"/> to zeros.</summary>
    public void Zero(ArrayView<float> view) => Enqueue(() => view.MemSetToZero(Stream));

    /// <summary>The CUDA handle of <see cref="Stream"/>, for cuBLAS to work on the same one.</summary>
    private IntPtr CudaStream => ((ILGPU.Runtime.Cuda.CudaStream)Stream).StreamPtr;

    /// <summary>The bias and ReLU after cuBLAS's product, in place: one elementwise launch.</summary>
    private void Epilogue(GemmShape shape, ArrayView<float> bias, ArrayView<float> c)
    {
        if (!_epilogues.TryGetValue((shape.Bias, shape.Relu), out ElementChain? chain))
        {
            (ElementOp, int[])[] steps = (shape.Bias, shape.Relu) switch
            {
                (true, true) => [(ElementOp.Add, [-1, -2]), (ElementOp.Relu, [0])],
                (true, false) => [(ElementOp.Add, [-1, -2])],
                _ => [(ElementOp.Relu, [-1])],
            };
            (int, int)[] layouts = shape.Bias ? [(1, shape.M * shape.N), (1, shape.N)] : [(1, shape.M * shape.N)];
            _epilogues[(shape.Bias, shape.Relu)] = chain = new ElementChain(Accelerator, steps, layouts);
        }
        Elementwise(chain, shape.Bias ? [c, bias] : [c], c);
    }

    /// <summary>
    /// cuBLAS when it is there and, on its first use, computes a small product of every transpose as the reference
    /// kernel does; otherwise null (and a warning says why), so a broken or mismatched library costs speed, not results.
    /// </summary>
    private Native.Cublas? Cublas()
    {
        if (_cublasChecked is bool ok) return ok ? _cublas.Value : null;
        Native.Cublas? cublas = _cublas.Value;
        _cublasChecked = false;
        if (cublas is null) return null;
        try
        {
            const int m = 33, n = 17, k = 29;
            var random = new System.Random(7);
            using var a = Accelerator.Allocate1D(Enumerable.Range(0, m * k).Select(_ => (float)random.NextDouble() - 0.5f).ToArray());
            using var b = Accelerator.Allocate1D(Enumerable.Range(0, k * n).Select(_ => (float)random.NextDouble() - 0.5f).ToArray());
            using var expected = Accelerator.Allocate1D<float>(m * n);
            using var actual = Accelerator.Allocate1D<float>(m * n);
            foreach ((bool ta, bool tb) in new[] { (false, false), (true, false), (false, true), (true, true) })
            {
                var shape = new GemmShape(m, n, k, ta, tb, false, false);
                Reference(shape, a.View, b.View, expected.View, expected.View, default);
                cublas.Sgemm(CudaStream, m, n, k, ta, tb,
                    a.View.BaseView.LoadEffectiveAddressAsPtr(), b.View.BaseView.LoadEffectiveAddressAsPtr(), actual.View.BaseView.LoadEffectiveAddressAsPtr());
                Stream.Synchronize();
                float[] e = expected.GetAsArray1D(), g = actual.GetAsArray1D();
                float worst = e.Zip(g, (x, y) => Math.Abs(x - y)).Max();
                if (!(worst <= 1e-4f)) throw new InvalidOperationException($"its product (transposes {ta}, {tb}) differs from the reference by {worst}");
            }
            _cublasChecked = true;
            return cublas;
        }
        catch (Exception e) when (e is InvalidOperationException or EntryPointNotFoundException or DllNotFoundException)
        {
            Engine.Warnings.WriteLine($"Strata.Cuda: not using {cublas.Name} for matrix products ({e.Message}); Strata's own GPU kernel computes them.");
            return null;
        }
    }

    /// <summary>Releases cuBLAS and the epilogue programs.</summary>
    public void Dispose()
    {
        foreach (ElementChain chain in _epilogues.Values) chain.Dispose();
        Stream.Dispose();
        if (_cublas.IsValueCreated) _cublas.Value?.Dispose();
    }

    /// <summary>
    /// Batch normalization's moments of x (rows × channels) into moments (2 × channels): the means, then the biased
    /// variances around them, each summed in blocks of rows into <paramref name="partial"/> (blocks × channels), then in order.
    /// </summary>
    public void Moments(ArrayView<float> x, ArrayView<float> moments, ArrayView<float> partial, int channels, int block)
    {
        int rows = (int)(x.Length / channels), blocks = (rows + block - 1) / block;
        ArrayView<float> mean = moments.SubView(0, channels), variance = moments.SubView(channels, channels);
        Enqueue(() => _blockSums(Stream, new Index2D(blocks, channels), x, x, mean, partial, rows, block, ChannelKernels.Plain));
        Enqueue(() => _combineBlocks(Stream, channels, partial, mean, blocks, rows));
        Enqueue(() => _blockSums(Stream, new Index2D(blocks, channels), x, x, mean, partial, rows, block, ChannelKernels.Squared));
        Enqueue(() => _combineBlocks(Stream, channels, partial, variance, blocks, rows));
    }

    /// <summary>sums (2 × channels) = Σ g, then Σ g · x, over the rows, in blocks as <see cref="Moments"/>.</summary>
    public void GradientSums(ArrayView<float> x, ArrayView<float> g, ArrayView<float> sums, ArrayView<float> partial, int channels, int block)
    {
        int rows = (int)(x.Length / channels), blocks = (rows + block - 1) / block;
        ArrayView<float> first = sums.SubView(0, channels), second = sums.SubView(channels, channels);
        Enqueue(() => _blockSums(Stream, new Index2D(blocks, channels), g, g, first, partial, rows, block, ChannelKernels.Plain));
        Enqueue(() => _combineBlocks(Stream, channels, partial, first, blocks, 1f));
        Enqueue(() => _blockSums(Stream, new Index2D(blocks, channels), x, g, first, partial, rows, block, ChannelKernels.Product));
        Enqueue(() => _combineBlocks(Stream, channels, partial, second, blocks, 1f));
    }

    /// <summary>y = x · scale + shift, one scale and shift per channel (the last axis).</summary>
    public void ScaleShift(ArrayView<float> x, ArrayView<float> scale, ArrayView<float> shift, ArrayView<float> y) => Enqueue(() => _scaleShift(Stream, (int)y.Length, x, scale, shift, y));

    /// <summary>batch = rows order[start..] (or start.. without an order) of whole, each <paramref name="rowSize"/> values; the start is read on the device.</summary>
    public void GatherRows(ArrayView<float> whole, ArrayView<int> order, ArrayView<float> start, int rowSize, ArrayView<float> batch) =>
        Enqueue(() => _gatherRows(Stream, (int)batch.Length, whole, order, start, rowSize, batch));

    /// <summary>y = zeros with x written where <paramref name="layout"/> (<see cref="CopyKernels.PlaceLayout"/>) says.</summary>
    public void Place(ArrayView<float> x, ArrayView<float> y, ArrayView<int> layout)
    {
        Zero(y);
        if (x.Length > 0) Enqueue(() => _place(Stream, (int)x.Length, x, y, layout));
    }

    /// <summary>dx (the image) = the im2col matrix's entries added back where their windows lie.</summary>
    public void Col2Im(ArrayView<float> columns, ArrayView<float> dx, Windows windows) => Enqueue(() => _col2Im(Stream, (int)dx.Length, columns, dx, windows));

    public void MaxPool(ArrayView<float> x, ArrayView<float> y, Windows windows) => Enqueue(() => _maxPool(Stream, (int)y.Length, x, y, windows));

    public void AveragePool(ArrayView<float> x, ArrayView<float> y, Windows windows) => Enqueue(() => _averagePool(Stream, (int)y.Length, x, y, windows));

    public void AveragePoolGradient(ArrayView<float> gy, ArrayView<float> dx, Windows windows) => Enqueue(() => _averagePoolGradient(Stream, (int)dx.Length, gy, dx, windows));

    public void MaxPoolGradient(ArrayView<float> x, ArrayView<float> gy, ArrayView<float> dx, Windows windows) => Enqueue(() => _maxPoolGradient(Stream, (int)dx.Length, x, gy, dx, windows));

    public void Softmax(ArrayView<float> x, ArrayView<float> y, int rows, int columns, bool log) => Enqueue(() => _softmax(Stream, rows, x, y, columns, log ? 1 : 0));

    /// <summary>
    /// Reduces the middle axis of x laid out as <paramref name="shape"/>: y has outer × inner elements, the sum, maximum
    /// or minimum, or with <paramref name="index"/> the position of the maximum or minimum.
    /// </summary>
    public void Reduce(ArrayView<float> x, ArrayView<float> y, AxisShape shape, Strata.Kernels.ReduceKind kind, bool index = false) =>
        Enqueue(() => _reduce(Stream, shape.Outer * shape.Inner, x, y, shape.Length, shape.Inner, (kind, index) switch
        {
            (Strata.Kernels.ReduceKind.Sum, _) => ReduceKernel.Sum,
            (Strata.Kernels.ReduceKind.Max, false) => ReduceKernel.Max,
            (Strata.Kernels.ReduceKind.Max, true) => ReduceKernel.ArgMax,
            (_, false) => ReduceKernel.Min,
            _ => ReduceKernel.ArgMin,
        }));

    /// <summary>Copies the labels through, raising <paramref name="flag"/>[0] if one is out of range (<see cref="LabelKernels"/>).</summary>
    public void CheckLabels(ArrayView<float> labels, ArrayView<float> checkedLabels, ArrayView<float> flag, int classes, int? ignoreClass) =>
        Enqueue(() => _checkLabels(Stream, (int)labels.Length, labels, checkedLabels, flag, classes, ignoreClass ?? 0, ignoreClass is null ? 0 : 1));

    public void ArgMaxRows(ArrayView<float> x, ArrayView<int> y, int rows, int columns) => Enqueue(() => _argMax(Stream, rows, x, y, columns));


    public void Rmsprop(ArrayView<float> g, ArrayView<float> v, ArrayView<float> w, ArrayView<float> hyper) => Enqueue(() => _rmsprop(Stream, (int)g.Length, g, v, w, hyper));

    public void Sgd(ArrayView<float> g, ArrayView<float> m, ArrayView<float> w, ArrayView<float> hyper) => Enqueue(() => _sgd(Stream, (int)g.Length, g, m, w, hyper));

    public void Adam(ArrayView<float> g, ArrayView<float> m, ArrayView<float> v, ArrayView<float> w, ArrayView<float> hyper) => Enqueue(() => _adam(Stream, (int)g.Length, g, m, v, w, hyper));
}
