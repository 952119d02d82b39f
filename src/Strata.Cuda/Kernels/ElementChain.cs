using ILGPU;
using ILGPU.Runtime;

namespace Strata.Cuda.Kernels;

/// <summary>
/// A fused elementwise chain ready for the GPU: its program (<see cref="ElementProgram"/>) and its inputs'
/// broadcast layouts, in device memory, built once per graph node and launched at every step.
/// </summary>
internal sealed class ElementChain : IDisposable
{
    private readonly MemoryBuffer1D<int, Stride1D.Dense> _code;
    private readonly MemoryBuffer1D<int, Stride1D.Dense> _layouts;
    private readonly string _names;

    /// <param name="accelerator">Where the program lives.</param>
    /// <param name="steps">Each step's op and operands (≥ 0 an earlier step, -k-1 input k), in order.</param>
    /// <param name="layouts">Each input's (inner, size): output element i reads input[(i / inner) % size].</param>
    public ElementChain(Accelerator accelerator, IReadOnlyList<(ElementOp Op, int[] Operands)> steps, IReadOnlyList<(int Inner, int Size)> layouts)
    {
        ChainChecks.Size("fused chain", steps.Count, layouts.Count);
        var code = new int[steps.Count * ElementProgram.IntsPerStep];
        for (int s = 0; s < steps.Count; s++)
        {
            (ElementOp op, int[] operands) = steps[s];
            int arity = op == ElementOp.Where ? 3 : op >= ElementOp.Add ? 2 : 1;
            if (operands.Length != arity) throw new ArgumentException($"GPU fused chain: step {s} ({op}) takes {arity} operand(s), got {operands.Length}.", nameof(steps));
            ChainChecks.Operands("fused chain", s, $"step {s} ({op})", operands, layouts.Count);
            code[s * ElementProgram.IntsPerStep] = (int)op;
            for (int o = 0; o < operands.Length; o++) code[(s * ElementProgram.IntsPerStep) + 1 + o] = operands[o];
        }
        _code = accelerator.Allocate1D(code);
        _layouts = accelerator.Allocate1D(layouts.Count == 0 ? [1, 1] : layouts.SelectMany(l => new[] { l.Inner, l.Size }).ToArray());
        Steps = steps.Count;
        Inputs = layouts.Count;
        _names = string.Join(" → ", steps.Select(s => s.Op));
    }

    public int Steps { get; }

    public int Inputs { get; }

    public ArrayView<int> Code => _code.View;

    public ArrayView<int> Layouts => _layouts.View;

    public override string ToString() => _names;

    public void Dispose()
    {
        _code.Dispose();
        _layouts.Dispose();
    }
}
