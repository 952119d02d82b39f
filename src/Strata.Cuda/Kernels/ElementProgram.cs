using ILGPU;
using ILGPU.Runtime;

namespace Strata.Cuda.Kernels;

/// <summary>
/// Up to <see cref="MaxInputs"/> float inputs of a kernel, each read broadcast against the output: element i of the
/// output reads input[(i / inner) % size], the layouts <see cref="ElementProgram"/> is given (a single value, a bias
/// row, a per-row value), as the CPU's fused chains read them.
/// </summary>
internal struct ElementInputs
{
    public const int MaxInputs = 8;

    public ArrayView<float> X0, X1, X2, X3, X4, X5, X6, X7;

    public readonly ArrayView<float> this[int k] => k switch
    {
        0 => X0,
        1 => X1,
        2 => X2,
        3 => X3,
        4 => X4,
        5 => X5,
        6 => X6,
        _ => X7,
    };

    /// <summary>The views of a launch's inputs, in order.</summary>
    public static ElementInputs Of(IReadOnlyList<ArrayView<float>> views)
    {
        var inputs = new ElementInputs();
        for (int k = 0; k < views.Count; k++) inputs.Set(k, views[k]);
        return inputs;
    }

    private void Set(int k, ArrayView<float> view)
    {
        switch (k)
        {
            case 0: X0 = view; break;
            case 1: X1 = view; break;
            case 2: X2 = view; break;
            case 3: X3 = view; break;
            case 4: X4 = view; break;
            case 5: X5 = view; break;
            case 6: X6 = view; break;
            default: X7 = view; break;
        }
    }
}

/// <summary>
/// A fused chain of elementwise ops as one GPU kernel: each thread computes one output element by running the
/// chain's steps in order, each step's value in a register. The program is data (four ints a step: the op and up
/// to three operands, an operand ≥ 0 naming an earlier step and -k-1 input k), so one compiled kernel runs every
/// chain the compiler fuses, and a chain costs one launch however long it is.
/// </summary>
internal static class ElementProgram
{
    public const int MaxSteps = 32;

    public const int IntsPerStep = 4;

    /// <summary>The kernel: output[i] = the last step's value at element i.</summary>
    public static void Run(Index1D i, ArrayView<int> code, int steps, ArrayView<int> layouts, ElementInputs inputs, ArrayView<float> output)
    {
        var registers = LocalMemory.Allocate<float>(MaxSteps);
        for (int s = 0; s < steps; s++)
        {
            int at = s * IntsPerStep;
            var op = (ElementOp)code[at];
            float a = Operand(code[at + 1], i, registers, layouts, inputs);
            float b = op >= ElementOp.Add ? Operand(code[at + 2], i, registers, layouts, inputs) : 0f;
            float c = op == ElementOp.Where ? Operand(code[at + 3], i, registers, layouts, inputs) : 0f;
            registers[s] = Apply(op, a, b, c);
        }
        output[i] = registers[steps - 1];
    }

    private static float Operand(int operand, int i, ArrayView<float> registers, ArrayView<int> layouts, ElementInputs inputs)
    {
        if (operand >= 0) return registers[operand];
        int k = -operand - 1;
        int inner = layouts[2 * k], size = layouts[(2 * k) + 1];
        return inputs[k][(i / inner) % size];
    }

    /// <summary>One op on one element: the scalar form of what the op's CPU kernel computes.</summary>
    public static float Apply(ElementOp op, float a, float b, float c) => op switch
    {
        ElementOp.Identity => a,
        ElementOp.Negative => -a,
        ElementOp.Exp => MathF.Exp(a),
        ElementOp.Log => MathF.Log(a),
        ElementOp.Sqrt => MathF.Sqrt(a),
        ElementOp.Square => a * a,
        ElementOp.Abs => MathF.Abs(a),
        ElementOp.Relu => a > 0f ? a : 0f,
        ElementOp.Sigmoid => 1f / (1f + MathF.Exp(-a)),
        ElementOp.Tanh => MathF.Tanh(a),
        ElementOp.Sign => a > 0f ? 1f : a < 0f ? -1f : a,
        ElementOp.LogicalNot => a == 0f ? 1f : 0f,
        ElementOp.ToBool => a != 0f ? 1f : 0f,
        ElementOp.Truncate => MathF.Truncate(a),
        ElementOp.Add => a + b,
        ElementOp.Subtract => a - b,
        ElementOp.Multiply => a * b,
        ElementOp.Divide => a / b,
        ElementOp.Maximum => float.IsNaN(a) || float.IsNaN(b) ? float.NaN : a > b ? a : b,  // NaN spreads, as TensorPrimitives.Max
        ElementOp.Minimum => float.IsNaN(a) || float.IsNaN(b) ? float.NaN : a < b ? a : b,
        ElementOp.Power => MathF.Pow(a, b),
        ElementOp.Equal => a == b ? 1f : 0f,
        ElementOp.NotEqual => a != b ? 1f : 0f,
        ElementOp.Greater => a > b ? 1f : 0f,
        ElementOp.GreaterEqual => a >= b ? 1f : 0f,
        ElementOp.Less => a < b ? 1f : 0f,
        ElementOp.LessEqual => a <= b ? 1f : 0f,
        ElementOp.LogicalAnd => a != 0f && b != 0f ? 1f : 0f,
        ElementOp.LogicalOr => a != 0f || b != 0f ? 1f : 0f,
        _ => a != 0f ? b : c, // Where
    };
}
