using System.Runtime.CompilerServices;
using System.Numerics;

namespace Strata.Compilation;

/// <summary>
/// A chain of elementwise ops fused into one pass: the output is computed a stretch of elements at
/// a time, each op of the chain applied to the stretch with its own span function (so the result is
/// what the ops compute one by one), the intermediates living in small buffers that stay in the L1
/// cache instead of full-size tensors. Inputs may be broadcast: a single value, a trailing block (a
/// bias row), or values each repeated over trailing axes (a per-row sum). Steps that depend only on
/// single values (a scale times a constant) are computed once per run, and ops with a single-value
/// operand use their scalar forms.
/// </summary>
internal sealed class FusedElementwise
{
    private const int Stretch = 1024;

    /// <summary>Elements per thread below which a second thread costs more than it saves.</summary>
    private const int MinPerThread = 64 * 1024;

    private readonly Step[] _steps;
    private readonly Source[] _sources;
    private readonly bool[] _uniform; // per step: it reads single values only, so it has one value
    private readonly float[] _values; // the uniform steps' values, for this run
    private readonly List<Scratch> _scratch = [];

    /// <summary>One op of the chain: its form and operands (an index ≥ 0: an earlier step; below 0: input -index-1).</summary>
    public sealed record Step(ElementForm Form, int[] Operands, string Name);

    /// <summary>How an input is read: its broadcast layout against the output, as (inner, size): element i reads input[(i / inner) % size].</summary>
    private readonly record struct Source(int Inner, int Size, bool Direct);

    private FusedElementwise(Step[] steps, Source[] sources)
    {
        _steps = steps;
        _sources = sources;
        _uniform = new bool[steps.Length];
        for (int s = 0; s < steps.Length; s++) _uniform[s] = steps[s].Operands.All(o => o >= 0 ? _uniform[o] : sources[-o - 1].Size == 1);
        _values = new float[steps.Length];
    }

    /// <summary>The buffers one thread computes a stretch in: a register per step, and room for each input that is loaded rather than read in place.</summary>
    private sealed class Scratch(int steps, Source[] sources)
    {
        public readonly float[][] Registers = Enumerable.Range(0, steps).Select(_ => new float[Stretch]).ToArray();
        public readonly float[][] Loaded = sources.Select(s => s.Direct ? [] : new float[Stretch]).ToArray();
    }

    /// <summary>
    /// The input's broadcast layout against <paramref name="output"/>, or null when a fused chain cannot
    /// read it so (its non-broadcast axes are not one contiguous block).
    /// </summary>
    public static (int Inner, int Size)? Layout(Shape input, Shape output)
    {
        if (input.Size == output.Size) return input == output || input.Size == 0 ? (1, output.Size) : null;
        if (input.Size == 1) return (1, 1);
        int lead = output.Rank - input.Rank;
        if (lead < 0) return null;
        int first = -1, last = -1;
        for (int i = 0; i < input.Rank; i++)
        {
            int d = input.Dims[i], o = output.Dims[lead + i];
            if (d == o && d != 1)
            {
                if (first < 0) first = i;
                else if (last != i - 1) return null; // a second block of kept axes
                last = i;
            }
            else if (d != 1) return null;
        }
        int inner = 1;
        for (int i = lead + last + 1; i < output.Rank; i++) inner *= output.Dims[i];
        return (inner, input.Size);
    }

    /// <summary>The kernel running <paramref name="steps"/> over inputs of the given shapes into the output shape.</summary>
    public static Kernel Create(Step[] steps, IReadOnlyList<(Shape Shape, DType DType)> inputs, Shape output)
    {
        var sources = inputs.Select(i =>
        {
            (int inner, int size) = Layout(i.Shape, output) ?? throw new ArgumentException($"Fused: input {i.Shape} cannot be broadcast to {output} in a fused chain.");
            return new Source(inner, size, Direct: i.DType == DType.Float32 && size == output.Size && inner == 1);
        }).ToArray();
        var fused = new FusedElementwise(steps, sources);
        return new Kernel("Fused", fused.Run, string.Join(" → ", steps.Select(s => s.Name))) { Chain = steps };
    }

    private void Run(Tensor[] inputs, Tensor output)
    {
        ComputeUniform(inputs);
        int n = output.Size;
        int parts = Kernels.GemmWorkers.PartsFor(n, MinPerThread, Engine.Threads);
        while (_scratch.Count < parts) _scratch.Add(new Scratch(_steps.Length, _sources));
        if (parts <= 1) RunRange(inputs, output, 0, n, _scratch[0]);
        else RunParts(inputs, output, n, parts);
    }

    // Apart from Run, so that a small output allocates no closure. Parts end on stretch boundaries.
    private void RunParts(Tensor[] inputs, Tensor output, int n, int parts) =>
        Kernels.ParallelElementwise.For(n, parts, (begin, end) => RunRange(inputs, output, begin, end, _scratch[PartOf(begin, n, parts)]));

    /// <summary>Which part starts at <paramref name="begin"/> (part boundaries are n·k/parts rounded down to 64 elements).</summary>
    private static int PartOf(int begin, int n, int parts) => (int)Math.Min(parts - 1, (((long)begin * parts) + n - 1) / n);

    /// <summary>The single-value steps, once for the run: each op's own span function on one element.</summary>
    private void ComputeUniform(Tensor[] inputs)
    {
        Span<float> args = stackalloc float[3];
        for (int s = 0; s < _steps.Length; s++)
        {
            if (!_uniform[s]) continue;
            Step step = _steps[s];
            for (int k = 0; k < step.Operands.Length; k++) args[k] = Single(step.Operands[k], inputs);
            Span<float> result = _values.AsSpan(s, 1);
            Apply(step.Form, args[..1], args.Slice(1, 1), args.Slice(2, 1), result);
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)] // hot from the first step: no slow unoptimized tier
    private void RunRange(Tensor[] inputs, Tensor output, int begin, int end, Scratch scratch)
    {
        int last = _steps.Length - 1;
        for (int start = begin; start < end; start += Stretch)
        {
            int length = Math.Min(Stretch, end - start);
            for (int s = 0; s < _steps.Length; s++)
            {
                if (_uniform[s]) continue;
                // The last step writes straight into a float32 output.
                Span<float> d = s == last && output.DType == DType.Float32 ? output.Span<float>().Slice(start, length) : scratch.Registers[s].AsSpan(0, length);
                RunStep(_steps[s], inputs, start, d, scratch);
            }
            if (_uniform[last] && output.DType == DType.Float32) output.Span<float>().Slice(start, length).Fill(_values[last]);
            if (output.DType == DType.Bool) StoreBools(_uniform[last] ? null : scratch.Registers[last], _values[last], output.Span<bool>().Slice(start, length));
        }
    }

    private static void StoreBools(float[]? register, float value, Span<bool> d)
    {
        for (int i = 0; i < d.Length; i++) d[i] = (register is null ? value : register[i]) != 0f;
    }

    private void RunStep(Step step, Tensor[] inputs, int start, Span<float> d, Scratch scratch)
    {
        int[] o = step.Operands;
        if (step.Form is ElementForm.Binary binary && (IsSingle(o[0]) || IsSingle(o[1])))
        {
            // One operand is a single value: the op's scalar form, when it has one.
            if (IsSingle(o[1]) && binary.ScalarRight is SpanWithScalar right)
            {
                right(Operand(o[0], inputs, start, d.Length, scratch), Single(o[1], inputs), d);
                return;
            }
            if (IsSingle(o[0]) && binary.ScalarLeft is SpanWithScalar left)
            {
                left(Operand(o[1], inputs, start, d.Length, scratch), Single(o[0], inputs), d);
                return;
            }
        }
        ReadOnlySpan<float> a = Operand(o[0], inputs, start, d.Length, scratch);
        ReadOnlySpan<float> b = o.Length > 1 ? Operand(o[1], inputs, start, d.Length, scratch) : default;
        ReadOnlySpan<float> c = o.Length > 2 ? Operand(o[2], inputs, start, d.Length, scratch) : default;
        Apply(step.Form, a, b, c, d);
    }

    /// <summary>One op on spans of one length (a, b, c as many as it takes).</summary>
    internal static void Apply(ElementForm form, ReadOnlySpan<float> a, ReadOnlySpan<float> b, ReadOnlySpan<float> c, Span<float> d)
    {
        switch (form)
        {
            case ElementForm.Unary u:
                u.Map(a, d);
                break;
            case ElementForm.Binary z:
                z.Zip(a, b, d);
                break;
            case ElementForm.Select:
                Select(a, b, c, d);
                break;
            case ElementForm.Convert { ToBool: true }:
                for (int i = 0; i < d.Length; i++) d[i] = a[i] != 0f ? 1f : 0f;
                break;
            default: // a conversion to float32 or a broadcast: the values as they are
                a.CopyTo(d);
                break;
        }
    }

    /// <summary>Whether an operand has a single value: a uniform step, or an input of one element.</summary>
    private bool IsSingle(int operand) => operand >= 0 ? _uniform[operand] : _sources[-operand - 1].Size == 1;

    /// <summary>The value of a single-valued operand.</summary>
    private float Single(int operand, Tensor[] inputs) => operand >= 0 ? _values[operand] : ReadOne(inputs[-operand - 1], 0);

    /// <summary>The elements [start, start + length) of an operand: a step's register, or an input read in place or loaded.</summary>
    private ReadOnlySpan<float> Operand(int operand, Tensor[] inputs, int start, int length, Scratch scratch)
    {
        if (IsSingle(operand))
        {
            // A single value where the op has no scalar form: spread over the step's register or the input's buffer.
            Span<float> spread = (operand >= 0 ? scratch.Registers[operand] : scratch.Loaded[-operand - 1]).AsSpan(0, length);
            spread.Fill(Single(operand, inputs));
            return spread;
        }
        if (operand >= 0) return scratch.Registers[operand].AsSpan(0, length);
        int j = -operand - 1;
        Tensor input = inputs[j];
        Source source = _sources[j];
        if (source.Direct) return input.Data<float>().Slice(start, length);
        Span<float> loaded = scratch.Loaded[j].AsSpan(0, length);
        Load(input, source, start, loaded);
        return loaded;
    }

    /// <summary>Element start + i of the broadcast input, converted to float32, for each i.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)] // hot from the first step: no slow unoptimized tier
    private static void Load(Tensor input, Source source, int start, Span<float> into)
    {
        for (int i = 0; i < into.Length;)
        {
            int index = start + i;
            int at = index / source.Inner % source.Size;
            // A run of elements that read consecutive input values (inner 1) or the same one (inner > 1).
            int run = source.Inner == 1 ? Math.Min(into.Length - i, source.Size - at) : Math.Min(into.Length - i, source.Inner - index % source.Inner);
            Span<float> part = into.Slice(i, run);
            if (source.Inner == 1) Read(input, at, part);
            else part.Fill(ReadOne(input, at));
            i += run;
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)] // hot from the first step: no slow unoptimized tier
    private static void Read(Tensor input, int at, Span<float> into)
    {
        switch (input.DType)
        {
            case DType.Float32: input.Data<float>().Slice(at, into.Length).CopyTo(into); break;
            case DType.Bool:
                ReadOnlySpan<bool> b = input.Data<bool>().Slice(at, into.Length);
                for (int i = 0; i < into.Length; i++) into[i] = b[i] ? 1f : 0f;
                break;
            case DType.Int32: System.Numerics.Tensors.TensorPrimitives.ConvertTruncating(input.Data<int>().Slice(at, into.Length), into); break;
            case DType.Int64: System.Numerics.Tensors.TensorPrimitives.ConvertTruncating(input.Data<long>().Slice(at, into.Length), into); break;
            default: System.Numerics.Tensors.TensorPrimitives.ConvertTruncating(input.Data<byte>().Slice(at, into.Length), into); break;
        }
    }

    internal static float ReadOne(Tensor input, int at) => input.DType switch
    {
        DType.Float32 => input.Data<float>()[at],
        DType.Bool => input.Data<bool>()[at] ? 1f : 0f,
        DType.Int32 => input.Data<int>()[at],
        DType.Int64 => input.Data<long>()[at],
        _ => input.Data<byte>()[at],
    };

    /// <summary>Where: x where the condition is nonzero, else y (the op's kernel, on a condition carried as 0 or 1).</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)] // hot from the first step: no slow unoptimized tier
    private static void Select(ReadOnlySpan<float> condition, ReadOnlySpan<float> x, ReadOnlySpan<float> y, Span<float> d)
    {
        int i = 0;
        for (; i <= d.Length - Vector<float>.Count; i += Vector<float>.Count)
        {
            Vector<int> no = Vector.Equals(new Vector<float>(condition[i..]), Vector<float>.Zero);
            Vector.ConditionalSelect(no, new Vector<float>(y[i..]), new Vector<float>(x[i..])).CopyTo(d[i..]);
        }
        for (; i < d.Length; i++) d[i] = condition[i] != 0f ? x[i] : y[i];
    }
}
