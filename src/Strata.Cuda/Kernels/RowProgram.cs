using ILGPU;
using ILGPU.Runtime;

namespace Strata.Cuda.Kernels;

/// <summary>
/// A fused chain of row ops (elementwise ops, row sums and maxima, row softmaxes: a crossentropy and its gradient)
/// as one GPU kernel, one thread per row. Like <see cref="ElementProgram"/>, the chain is data: six ints a step
/// (what it is, its op, three operands, whether its value is full rows or one value per row). A step of one value
/// per row keeps it in a register; a step of full rows writes its row into a scratch buffer the kernel is given.
/// Inputs are read as their kinds say: full rows, one value per row, one row shared by all, or a single value.
/// </summary>
internal static class RowProgram
{
    public const int IntsPerStep = 6;

    /// <summary>What a step is (its first int).</summary>
    public const int Elementwise = 0, Reduce = 1, Softmax = 2;

    /// <summary>How a value is laid out against the rows (a step's last int; an input's entry in the kinds).</summary>
    public const int Full = 0, PerRow = 1, Shared = 2, Single = 3;

    public static void Run(Index1D row, ArrayView<int> code, int steps, ArrayView<int> kinds, ElementInputs inputs,
        ArrayView<float> scratch, ArrayView<float> output, int rows, int columns)
    {
        var registers = LocalMemory.Allocate<float>(ElementProgram.MaxSteps);
        for (int s = 0; s < steps; s++)
        {
            int at = s * IntsPerStep, what = code[at], op = code[at + 1], kind = code[at + 5];
            bool last = s == steps - 1;
            if (what == Reduce)
            {
                float value = op == 0 ? 0f : float.NegativeInfinity;
                for (int j = 0; j < columns; j++)
                {
                    float v = Read(code[at + 2], row, j, Full, code, kinds, inputs, scratch, registers, rows, columns);
                    value = op == 0 ? value + v : MathF.Max(value, v);
                }
                Write(s, row, 0, PerRow, value, last, scratch, output, registers, rows, columns);
            }
            else if (what == Softmax)
            {
                float max = float.NegativeInfinity, sum = 0f;
                for (int j = 0; j < columns; j++) max = MathF.Max(max, Read(code[at + 2], row, j, Full, code, kinds, inputs, scratch, registers, rows, columns));
                for (int j = 0; j < columns; j++) sum += MathF.Exp(Read(code[at + 2], row, j, Full, code, kinds, inputs, scratch, registers, rows, columns) - max);
                float logSum = MathF.Log(sum);
                for (int j = 0; j < columns; j++)
                {
                    float x = Read(code[at + 2], row, j, Full, code, kinds, inputs, scratch, registers, rows, columns);
                    Write(s, row, j, Full, op != 0 ? x - max - logSum : MathF.Exp(x - max) / sum, last, scratch, output, registers, rows, columns);
                }
            }
            else
            {
                var element = (ElementOp)op;
                int count = kind == Full ? columns : 1;
                for (int j = 0; j < count; j++)
                {
                    float a = Read(code[at + 2], row, j, kind, code, kinds, inputs, scratch, registers, rows, columns);
                    float b = element >= ElementOp.Add ? Read(code[at + 3], row, j, kind, code, kinds, inputs, scratch, registers, rows, columns) : 0f;
                    float c = element == ElementOp.Where ? Read(code[at + 4], row, j, kind, code, kinds, inputs, scratch, registers, rows, columns) : 0f;
                    Write(s, row, j, kind, ElementProgram.Apply(element, a, b, c), last, scratch, output, registers, rows, columns);
                }
            }
        }
    }

    /// <summary>An operand's value at (row, column j), read as the step that reads it lays values out.</summary>
    private static float Read(int operand, int row, int j, int target, ArrayView<int> code, ArrayView<int> kinds, ElementInputs inputs,
        ArrayView<float> scratch, ArrayView<float> registers, int rows, int columns)
    {
        if (operand >= 0)
        {
            int kind = code[(operand * IntsPerStep) + 5];
            return kind == PerRow ? registers[operand] : scratch[((((long)operand * rows) + row) * columns) + j];
        }
        int k = -operand - 1;
        ArrayView<float> x = inputs[k];
        return kinds[k] switch
        {
            Full => x[((long)row * columns) + (target == Full ? j : 0)],
            PerRow => x[row],
            Shared => x[j],
            _ => x[0],
        };
    }

    private static void Write(int step, int row, int j, int kind, float value, bool last, ArrayView<float> scratch, ArrayView<float> output,
        ArrayView<float> registers, int rows, int columns)
    {
        if (kind == PerRow)
        {
            registers[step] = value;
            if (last) output[row] = value;
            return;
        }
        if (last) output[((long)row * columns) + j] = value;
        else scratch[((((long)step * rows) + row) * columns) + j] = value;
    }
}
