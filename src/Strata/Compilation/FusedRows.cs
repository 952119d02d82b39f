using System.Numerics.Tensors;
using System.Runtime.CompilerServices;
using Strata.Kernels;

namespace Strata.Compilation;

/// <summary>
/// Ops on the rows of a matrix fused into one pass, a block of rows at a time: elementwise ops, row
/// sums and maxima, row softmaxes — what a crossentropy and the softmax's gradient are made of. Each
/// op runs its own span or row function (the ops' kernels use the same), so the result is what the ops
/// compute one by one; values live in block-sized buffers instead of full tensors. A value is either
/// full rows ([R, C]) or one per row ([R] or [R, 1]); inputs may also be one row shared by all ([C])
/// or a single value.
/// </summary>
internal sealed class FusedRows
{
    private const int BlockElements = 1024;

    /// <summary>How a value of the chain is laid out against the rows.</summary>
    public enum Kind
    {
        /// <summary>[R, C]: a row of C values per row.</summary>
        Full,

        /// <summary>[R] or [R, 1]: one value per row.</summary>
        PerRow,

        /// <summary>[C] or [1, C]: one row, the same for every row (inputs only).</summary>
        Shared,

        /// <summary>One value for everything (inputs only).</summary>
        Single,
    }

    /// <summary>One op: an elementwise form or a row form, its operands (≥ 0: an earlier step, below 0: input -i-1), and its value's kind.</summary>
    public sealed record Step(object Form, int[] Operands, Kind Kind, string Name);

    private readonly Step[] _steps;
    private readonly Kind[] _sources;
    private readonly int _columns, _block;
    private readonly float[][] _registers, _loaded, _spread;

    private FusedRows(Step[] steps, Kind[] sources, int columns)
    {
        _steps = steps;
        _sources = sources;
        _columns = columns;
        _block = Math.Max(1, BlockElements / columns);
        int full = _block * columns;
        _registers = steps.Select(s => new float[s.Kind == Kind.Full ? full : _block]).ToArray();
        _loaded = sources.Select(_ => new float[full]).ToArray();
        _spread = [new float[full], new float[full], new float[full]];
    }

    /// <summary>A chain as data: its steps, its inputs' kinds and the row length, for another backend to run it.</summary>
    public sealed record Program(IReadOnlyList<Step> Steps, IReadOnlyList<Kind> Sources, int Columns);

    public static Kernel Create(Step[] steps, Kind[] sources, int columns) =>
        new("FusedRows", new FusedRows(steps, sources, columns).Run, string.Join(" → ", steps.Select(s => s.Name)))
        {
            RowChain = new Program(steps, sources, columns),
        };

    [MethodImpl(MethodImplOptions.AggressiveOptimization)] // hot from the first step: no slow unoptimized tier
    private void Run(Tensor[] inputs, Tensor output)
    {
        int rows = _steps[^1].Kind == Kind.Full ? output.Size / _columns : output.Size;
        for (int r0 = 0; r0 < rows; r0 += _block)
        {
            int b = Math.Min(_block, rows - r0);
            for (int s = 0; s < _steps.Length; s++)
            {
                Step step = _steps[s];
                int length = step.Kind == Kind.Full ? b * _columns : b;
                Span<float> d = s == _steps.Length - 1
                    ? output.Span<float>().Slice(step.Kind == Kind.Full ? r0 * _columns : r0, length)
                    : _registers[s].AsSpan(0, length);
                RunStep(step, inputs, r0, b, d);
            }
        }
    }

    private void RunStep(Step step, Tensor[] inputs, int r0, int b, Span<float> d)
    {
        int[] o = step.Operands;
        switch (step.Form)
        {
            case RowForm.Reduce reduce:
                {
                    ReadOnlySpan<float> x = Operand(o[0], Kind.Full, inputs, r0, b, 0);
                    for (int i = 0; i < b; i++)
                    {
                        ReadOnlySpan<float> row = x.Slice(i * _columns, _columns);
                        d[i] = reduce.Kind == ReduceKind.Sum ? TensorPrimitives.Sum(row) : TensorPrimitives.Max(row);
                    }
                    return;
                }
            case RowForm.Softmax softmax:
                {
                    ReadOnlySpan<float> x = Operand(o[0], Kind.Full, inputs, r0, b, 0);
                    for (int i = 0; i < b; i++) SoftmaxKernel.Row(x.Slice(i * _columns, _columns), d.Slice(i * _columns, _columns), softmax.Log);
                    return;
                }
        }
        var form = (ElementForm)step.Form;
        if (form is ElementForm.Binary binary)
        {
            // A single-value operand: the op's scalar form, when it has one.
            if (IsSingle(o[1]) && !IsSingle(o[0]) && binary.ScalarRight is SpanWithScalar right)
            {
                right(Operand(o[0], step.Kind, inputs, r0, b, 0), FusedElementwise.ReadOne(inputs[-o[1] - 1], 0), d);
                return;
            }
            if (IsSingle(o[0]) && !IsSingle(o[1]) && binary.ScalarLeft is SpanWithScalar left)
            {
                left(Operand(o[1], step.Kind, inputs, r0, b, 1), FusedElementwise.ReadOne(inputs[-o[0] - 1], 0), d);
                return;
            }
        }
        ReadOnlySpan<float> a = Operand(o[0], step.Kind, inputs, r0, b, 0);
        ReadOnlySpan<float> c1 = o.Length > 1 ? Operand(o[1], step.Kind, inputs, r0, b, 1) : default;
        ReadOnlySpan<float> c2 = o.Length > 2 ? Operand(o[2], step.Kind, inputs, r0, b, 2) : default;
        FusedElementwise.Apply(form, a, c1, c2, d);
    }

    private bool IsSingle(int operand) => operand < 0 && _sources[-operand - 1] == Kind.Single;

    /// <summary>An operand for rows r0..r0+b, laid out as <paramref name="target"/> (full rows or one value per row).</summary>
    private ReadOnlySpan<float> Operand(int operand, Kind target, Tensor[] inputs, int r0, int b, int position)
    {
        int length = target == Kind.Full ? b * _columns : b;
        Kind kind = operand >= 0 ? _steps[operand].Kind : _sources[-operand - 1];
        if (kind == target && operand >= 0) return _registers[operand].AsSpan(0, length);
        Span<float> into = (operand >= 0 ? _spread[position] : _loaded[-operand - 1]).AsSpan(0, length);
        if (operand >= 0)
        {
            // One value per row, spread over full rows.
            ReadOnlySpan<float> perRow = _registers[operand].AsSpan(0, b);
            for (int i = 0; i < b; i++) into.Slice(i * _columns, _columns).Fill(perRow[i]);
            return into;
        }
        Tensor input = inputs[-operand - 1];
        switch (kind)
        {
            case Kind.Single:
                into.Fill(FusedElementwise.ReadOne(input, 0));
                return into;
            case Kind.Shared:
                for (int i = 0; i < b; i++) Read(input, 0, into.Slice(i * _columns, _columns));
                return into;
            case Kind.PerRow when target == Kind.Full:
                for (int i = 0; i < b; i++) into.Slice(i * _columns, _columns).Fill(FusedElementwise.ReadOne(input, r0 + i));
                return into;
            default: // laid out as the target already: full rows, or one value per row
                if (input.DType == DType.Float32) return input.Data<float>().Slice(target == Kind.Full ? r0 * _columns : r0, length);
                Read(input, target == Kind.Full ? r0 * _columns : r0, into);
                return into;
        }
    }

    private static void Read(Tensor input, int at, Span<float> into)
    {
        if (input.DType == DType.Float32)
        {
            input.Data<float>().Slice(at, into.Length).CopyTo(into);
            return;
        }
        ReadOnlySpan<bool> bools = input.Data<bool>().Slice(at, into.Length);
        for (int i = 0; i < into.Length; i++) into[i] = bools[i] ? 1f : 0f;
    }
}
