namespace Strata.Compilation;

/// <summary>
/// An op's forward computation, written into a destination it is given: the eager path hands it a
/// fresh tensor, a compiled step a buffer from its memory plan. The same kernel object serves both,
/// so an op's maths exists once. A kernel must write every element of its output (a planned
/// buffer holds the last step's values) and may keep state that depends only on the shapes it
/// sees (a broadcast layout worked out on the first run).
/// </summary>
internal sealed class Kernel(string name, Action<Tensor[], Tensor> run, string? detail = null)
{
    /// <summary>The op's name, as a graph prints it (Add, MatMul, Sum...).</summary>
    public string Name { get; } = name;

    /// <summary>For elementwise float ops: how it computes a stretch of elements, so the compiler can fuse it with its neighbours.</summary>
    public ElementForm? Element { get; init; }

    /// <summary>For ops on the last axis of a matrix: how it computes a row, so the compiler can fuse it with its neighbours.</summary>
    public RowForm? Row { get; init; }

    /// <summary>For a matrix product (a Dense layer's, after epilogue fusion): what it computes, for another backend to run.</summary>
    public ProductForm? Product { get; init; }

    /// <summary>For a fused chain of row ops (a crossentropy, a softmax's gradient): its program, for another backend to run.</summary>
    public FusedRows.Program? RowChain { get; init; }

    /// <summary>For a reduction over one axis: which, for another backend to run.</summary>
    public ReductionForm? Reduction { get; init; }

    /// <summary>For a fused elementwise chain: its steps, for another backend to run the same chain.</summary>
    public IReadOnlyList<FusedElementwise.Step>? Chain { get; init; }

    /// <summary>
    /// For a kernel shared by every eager call that keeps per-shape state when it can (a broadcast walk):
    /// makes the copy a graph node owns, with state of its own.
    /// </summary>
    public Func<Kernel>? ForNode { get; init; }

    /// <summary>Whether the kernel reads or writes string tensors (copies, text lookups); no other kernel is handed one.</summary>
    public bool TakesStrings { get; init; }

    /// <summary>Whether the result depends only on the inputs (false for random draws and host steps): only pure ops are folded or removed.</summary>
    public bool Pure { get; init; } = true;

    /// <summary>What a pass needs to know to rebuild the op (a convolution's geometry, to add an epilogue); null for most ops.</summary>
    public object? Attributes { get; init; }

    /// <summary>The attributes that change what the op computes (axes, transposes), for printing and comparing traces.</summary>
    public string? Detail { get; } = detail;

    public void Run(Tensor[] inputs, Tensor output) => run(inputs, output);

    /// <summary>Whether two kernels compute the same thing (same code and attributes), as two traces of one step must.</summary>
    public bool SameAs(Kernel other) =>
        Name == other.Name && Detail == other.Detail && run.Method == other.Body.Method;

    private Delegate Body => run;

    public override string ToString() => Detail is null ? Name : $"{Name}[{Detail}]";
}
