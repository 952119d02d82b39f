using ILGPU;
using ILGPU.Runtime;

namespace Strata.Cuda.Kernels;

/// <summary>
/// A fused chain of row ops ready for the GPU (<see cref="RowProgram"/>): its program, its inputs' kinds and the
/// scratch its full-row steps write, in device memory, built once per graph node and launched at every step.
/// </summary>
internal sealed class RowChain : IDisposable
{
    private readonly MemoryBuffer1D<int, Stride1D.Dense> _code, _kinds;
    private readonly MemoryBuffer1D<float, Stride1D.Dense> _scratch;
    private readonly string _names;

    /// <param name="accelerator">Where the chain lives.</param>
    /// <param name="steps">Each step: what it is (<see cref="RowProgram.Elementwise"/>...), its op, its operands, its kind.</param>
    /// <param name="kinds">Each input's kind (<see cref="RowProgram.Full"/>...).</param>
    /// <param name="rows">The rows of the matrices it works on.</param>
    /// <param name="columns">Their row length.</param>
    public RowChain(Accelerator accelerator, IReadOnlyList<(int What, int Op, int[] Operands, int Kind, string Name)> steps, IReadOnlyList<int> kinds, int rows, int columns)
    {
        ChainChecks.Size("fused rows", steps.Count, kinds.Count);
        var code = new int[steps.Count * RowProgram.IntsPerStep];
        for (int s = 0; s < steps.Count; s++)
        {
            (int what, int op, int[] operands, int kind, _) = steps[s];
            ChainChecks.Operands("fused rows", s, $"step {s}", operands, kinds.Count);
            int at = s * RowProgram.IntsPerStep;
            code[at] = what;
            code[at + 1] = op;
            for (int o = 0; o < operands.Length; o++) code[at + 2 + o] = operands[o];
            code[at + 5] = kind;
        }
        _code = accelerator.Allocate1D(code);
        _kinds = accelerator.Allocate1D(kinds.Count == 0 ? [RowProgram.Single] : kinds.ToArray());
        _scratch = accelerator.Allocate1D<float>(Math.Max(1L, (long)steps.Count * rows * columns));
        Steps = steps.Count;
        Inputs = kinds.Count;
        Rows = rows;
        Columns = columns;
        _names = string.Join(" → ", steps.Select(s => s.Name));
    }

    public int Steps { get; }

    public int Inputs { get; }

    public int Rows { get; }

    public int Columns { get; }

    public ArrayView<int> Code => _code.View;

    public ArrayView<int> Kinds => _kinds.View;

    public ArrayView<float> Scratch => _scratch.View;

    public override string ToString() => _names;

    public void Dispose()
    {
        _code.Dispose();
        _kinds.Dispose();
        _scratch.Dispose();
    }
}
