using Strata.Compilation;
using Strata.Kernels;

namespace Strata;

public static partial class Ops
{
    /// <summary>
    /// An LSTM over a whole sequence: <paramref name="projected"/> (steps, batch, 4·units) is each step's input
    /// projection x·W + b (gates i, f, c̃, o), <paramref name="recurrentKernel"/> U (units, 4·units). From zero
    /// states, each step computes z = P + h·U, c = σ(f)·c + σ(i)·tanh(c̃), h = σ(o)·tanh(c), from the last step
    /// first when <paramref name="reverse"/>. Returns every h (steps, batch, units) in the order processed.
    /// Its gradient is backpropagation through time in one kernel; U's is one product over all steps. A
    /// <paramref name="mask"/> (steps, batch, in the inputs' order; 0 skips) makes a sample's skipped steps keep
    /// its h and c, as Keras's masked recurrence: a skipped step's output is the state carried. A
    /// <paramref name="recurrentDropMask"/> (batch, 4·units) is Keras's recurrent dropout: each gate's product
    /// takes h scaled by its block of the mask, (h ∘ r_g)·U_g, the same at every step. <paramref name="activation"/>
    /// replaces tanh and <paramref name="recurrentActivation"/> σ, as Keras's arguments (the names a cell takes:
    /// tanh, sigmoid, hard_sigmoid, relu, softsign, linear).
    /// </summary>
    public static Tensor LstmSequence(Tensor projected, Tensor recurrentKernel, bool reverse = false, Tensor? mask = null, Tensor? recurrentDropMask = null,
        string? activation = "tanh", string? recurrentActivation = "sigmoid") =>
        LstmSequence(projected, recurrentKernel, reverse, mask, recurrentDropMask, finalCell: false, activation, recurrentActivation);

    /// <summary>
    /// <see cref="LstmSequence(Tensor, Tensor, bool, Tensor, Tensor, string, string)"/> with the final c after the outputs as one
    /// more step (steps + 1, batch, units) when <paramref name="finalCell"/>: the state an LSTM with returnState returns.
    /// </summary>
    internal static Tensor LstmSequence(Tensor projected, Tensor recurrentKernel, bool reverse, Tensor? mask, Tensor? recurrentDropMask, bool finalCell,
        string? activation = "tanh", string? recurrentActivation = "sigmoid")
    {
        ArgumentNullException.ThrowIfNull(projected);
        ArgumentNullException.ThrowIfNull(recurrentKernel);
        if (recurrentKernel.Rank != 2 || recurrentKernel.Shape[1] != 4 * recurrentKernel.Shape[0])
        {
            throw new ArgumentException($"LstmSequence: the recurrent kernel must be (units, 4·units), got {recurrentKernel.Shape}.", nameof(recurrentKernel));
        }
        int units = recurrentKernel.Shape[0];
        if (projected.Rank != 3 || projected.Shape[2] != 4 * units)
        {
            throw new ArgumentException($"LstmSequence: the projected inputs must be (steps, batch, {4 * units}) for {units} units, got {projected.Shape}.", nameof(projected));
        }
        int steps = projected.Shape[0], batch = projected.Shape[1];
        Tensor p = ToFloat(projected, "LstmSequence"), u = ToFloat(recurrentKernel, "LstmSequence"), m = StepMask(mask, steps, batch, "LstmSequence");
        Tensor d = DropMask(recurrentDropMask, batch, 4 * units, "LstmSequence");
        (CellActivation cell, CellActivation gate) = (CellActivation.For(activation, "LstmSequence", nameof(activation)), CellActivation.For(recurrentActivation, "LstmSequence", nameof(recurrentActivation)));
        var lstm = new LstmKernel(steps, batch, units, reverse, mask is not null, recurrentDropMask is not null, finalCell, cell, gate);
        var forward = new Kernel("LstmSequence", (i, h) => lstm.Forward(i[0].Data<float>(), i[1].Array<float>(), i[1].Offset, i[2].Data<float>(), i[3].Data<float>(), h.Span<float>()), Describe(steps, units, reverse, mask, recurrentDropMask, cell, gate))
        {
            Attributes = new RecurrentForm(reverse, finalCell, cell.Name, gate.Name, ResetAfter: true),
        };
        Tensor outputs = Run(forward, Shape.Own([steps + (finalCell ? 1 : 0), batch, units]), DType.Float32, p, u, m, d);
        Tensor states = finalCell ? Slice(outputs, [0, 0, 0], [steps, batch, units]) : outputs;
        return outputs.Record(p, u, g =>
        {
            // dZ in the order processed; P's gradient is it in the inputs' order, U's Σ h_prevᵀ·dz over all steps.
            var backward = new Kernel("LstmSequenceGradient", (i, dz) => lstm.Backward(i[0].Data<float>(), i[1].Array<float>(), i[1].Offset, i[2].Data<float>(), i[3].Data<float>(), i[4].Data<float>(), dz.Span<float>()));
            Tensor dz = Run(backward, Shape.Own([steps, batch, 4 * units]), DType.Float32, p, u, m, d, g)
                .Record([p, u, g], _ => throw new NotSupportedException("LstmSequence: gradients of its gradient (second derivatives) are not supported."));
            return (InInputOrder(dz, reverse), KernelGradient(states, Reshape(dz, steps * batch, 4 * units), recurrentDropMask is null ? null : d, 4));
        });
    }

    /// <summary>
    /// A GRU over a whole sequence, in Keras's resetAfter form: <paramref name="projected"/> (steps, batch, 3·units)
    /// is each step's x·W + b₀ (gates z, r, h̃), <paramref name="recurrentKernel"/> U (units, 3·units) and
    /// <paramref name="recurrentBias"/> b₁ (3·units) make the state's product a = h·U + b₁; then z = σ(P_z + a_z),
    /// r = σ(P_r + a_r), h̃ = tanh(P_h + r·a_h), h = z·h + (1 − z)·h̃, from zero states, from the last step
    /// first when <paramref name="reverse"/>. Returns every h (steps, batch, units) in the order processed; a
    /// <paramref name="mask"/> skips steps and a <paramref name="recurrentDropMask"/> (batch, 3·units) drops the
    /// state's units per gate, and <paramref name="activation"/> and <paramref name="recurrentActivation"/> replace
    /// tanh and σ, as <see cref="LstmSequence(Tensor, Tensor, bool, Tensor, Tensor, string, string)"/>'s.
    /// </summary>
    public static Tensor GruSequence(Tensor projected, Tensor recurrentKernel, Tensor recurrentBias, bool reverse = false, Tensor? mask = null, Tensor? recurrentDropMask = null,
        string? activation = "tanh", string? recurrentActivation = "sigmoid")
    {
        ArgumentNullException.ThrowIfNull(recurrentBias);
        return Gru(projected, recurrentKernel, recurrentBias, reverse, mask, recurrentDropMask, "GruSequence", activation, recurrentActivation);
    }

    /// <summary>
    /// A GRU over a whole sequence in Keras's resetAfter: false form (its implementation before cuDNN): the
    /// reset gate scales the state before the candidate's product, z = σ(P_z + h·U_z), r = σ(P_r + h·U_r),
    /// h̃ = tanh(P_h + (r·h)·U_h), h = z·h + (1 − z)·h̃, with no recurrent bias (the bias is in P). Masks and
    /// recurrent dropout (the candidate's mask scales r·h) and activations as <see cref="GruSequence"/>'s.
    /// </summary>
    public static Tensor GruResetBeforeSequence(Tensor projected, Tensor recurrentKernel, bool reverse = false, Tensor? mask = null, Tensor? recurrentDropMask = null,
        string? activation = "tanh", string? recurrentActivation = "sigmoid") =>
        Gru(projected, recurrentKernel, null, reverse, mask, recurrentDropMask, "GruResetBeforeSequence", activation, recurrentActivation);

    /// <summary>Both GRU forms: with a recurrent bias the resetAfter one, without it the reset-before one.</summary>
    private static Tensor Gru(Tensor projected, Tensor recurrentKernel, Tensor? recurrentBias, bool reverse, Tensor? mask, Tensor? recurrentDropMask, string op,
        string? activation, string? recurrentActivation)
    {
        ArgumentNullException.ThrowIfNull(projected);
        ArgumentNullException.ThrowIfNull(recurrentKernel);
        if (recurrentKernel.Rank != 2 || recurrentKernel.Shape[1] != 3 * recurrentKernel.Shape[0])
        {
            throw new ArgumentException($"{op}: the recurrent kernel must be (units, 3·units), got {recurrentKernel.Shape}.", nameof(recurrentKernel));
        }
        int units = recurrentKernel.Shape[0], width = 3 * units;
        if (projected.Rank != 3 || projected.Shape[2] != width)
        {
            throw new ArgumentException($"{op}: the projected inputs must be (steps, batch, {width}) for {units} units, got {projected.Shape}.", nameof(projected));
        }
        if (recurrentBias is not null && recurrentBias.Shape != new Shape(width)) throw new ArgumentException($"{op}: the recurrent bias must be ({width}), got {recurrentBias.Shape}.", nameof(recurrentBias));
        bool resetAfter = recurrentBias is not null;
        int steps = projected.Shape[0], batch = projected.Shape[1];
        Tensor p = ToFloat(projected, op), u = ToFloat(recurrentKernel, op), b = resetAfter ? ToFloat(recurrentBias!, op) : Tensor.Zeros(width);
        Tensor m = StepMask(mask, steps, batch, op), d = DropMask(recurrentDropMask, batch, width, op);
        (CellActivation cell, CellActivation gate) = (CellActivation.For(activation, op, nameof(activation)), CellActivation.For(recurrentActivation, op, nameof(recurrentActivation)));
        var gru = new GruKernel(steps, batch, units, reverse, mask is not null, recurrentDropMask is not null, resetAfter, cell, gate);
        var forward = new Kernel(op, (i, h) => gru.Forward(i[0].Data<float>(), i[1].Array<float>(), i[1].Offset, i[2].Data<float>(), i[3].Data<float>(), i[4].Data<float>(), h.Span<float>()),
            Describe(steps, units, reverse, mask, recurrentDropMask, cell, gate))
        {
            Attributes = new RecurrentForm(reverse, FinalCell: false, cell.Name, gate.Name, resetAfter),
        };
        Tensor outputs = Run(forward, Shape.Own([steps, batch, units]), DType.Float32, p, u, b, m, d);
        Tensor? dropped = recurrentDropMask is null ? null : d;
        Tensor[] sources = resetAfter ? [p, u, b] : [p, u];
        return outputs.Record(sources, g =>
        {
            // Per step, the gradients of P and of the state's products a (and the scaled state r·h without resetAfter).
            var backward = new Kernel($"{op}Gradient", (i, o) => gru.Backward(i[0].Data<float>(), i[1].Array<float>(), i[1].Offset, i[2].Data<float>(), i[3].Data<float>(), i[4].Data<float>(), i[5].Data<float>(), o.Span<float>()));
            Tensor grads = Run(backward, Shape.Own([steps, batch, gru.Slabs, width]), DType.Float32, p, u, b, m, d, g)
                .Record([p, u, b, g], _ => throw new NotSupportedException($"{op}: gradients of its gradient (second derivatives) are not supported."));
            Tensor Slab(int k, int columns) => Reshape(Slice(grads, [0, 0, k, 0], [steps, batch, 1, columns]), steps * batch, columns);
            Tensor dp = Reshape(Slab(0, width), steps, batch, width), da = Slab(1, width);
            if (resetAfter) return [InInputOrder(dp, reverse), KernelGradient(outputs, da, dropped, 3), Sum(da, 0)];
            // U_z, U_r: Σ h_prevᵀ·da per gate; U_h: Σ (r·h)ᵀ·da_h, the scaled state kept by the kernel.
            Tensor zr = KernelGradient(outputs, Slice(da, [0, 0], [steps * batch, 2 * units]), dropped, 2);
            Tensor candidate = MatMul(Slab(2, units), Slice(da, [0, 2 * units], [steps * batch, units]), transA: true, transB: false);
            return [InInputOrder(dp, reverse), Concat([zr, candidate], axis: 1)];
        });
    }

    /// <summary>
    /// A simple RNN over a whole sequence: <paramref name="projected"/> (steps, batch, units) is each step's
    /// x·W + b, <paramref name="recurrentKernel"/> U (units, units); from a zero state each step computes
    /// h = tanh(P + h·U), from the last step first when <paramref name="reverse"/>. Returns every h (steps,
    /// batch, units) in the order processed; a <paramref name="mask"/> skips steps and a <paramref name="recurrentDropMask"/>
    /// (batch, units) drops the state's units, and <paramref name="activation"/> replaces tanh, as <see cref="LstmSequence(Tensor, Tensor, bool, Tensor, Tensor, string, string)"/>'s.
    /// </summary>
    public static Tensor SimpleRnnSequence(Tensor projected, Tensor recurrentKernel, bool reverse = false, Tensor? mask = null, Tensor? recurrentDropMask = null,
        string? activation = "tanh")
    {
        ArgumentNullException.ThrowIfNull(projected);
        ArgumentNullException.ThrowIfNull(recurrentKernel);
        if (recurrentKernel.Rank != 2 || recurrentKernel.Shape[1] != recurrentKernel.Shape[0])
        {
            throw new ArgumentException($"SimpleRnnSequence: the recurrent kernel must be (units, units), got {recurrentKernel.Shape}.", nameof(recurrentKernel));
        }
        int units = recurrentKernel.Shape[0];
        if (projected.Rank != 3 || projected.Shape[2] != units)
        {
            throw new ArgumentException($"SimpleRnnSequence: the projected inputs must be (steps, batch, {units}), got {projected.Shape}.", nameof(projected));
        }
        int steps = projected.Shape[0], batch = projected.Shape[1];
        Tensor p = ToFloat(projected, "SimpleRnnSequence"), u = ToFloat(recurrentKernel, "SimpleRnnSequence"), m = StepMask(mask, steps, batch, "SimpleRnnSequence");
        Tensor d = DropMask(recurrentDropMask, batch, units, "SimpleRnnSequence");
        CellActivation cell = CellActivation.For(activation, "SimpleRnnSequence", nameof(activation));
        var rnn = new SimpleRnnKernel(steps, batch, units, reverse, mask is not null, recurrentDropMask is not null, cell);
        var forward = new Kernel("SimpleRnnSequence", (i, h) => rnn.Forward(i[0].Data<float>(), i[1].Array<float>(), i[1].Offset, i[2].Data<float>(), i[3].Data<float>(), h.Span<float>()), Describe(steps, units, reverse, mask, recurrentDropMask, cell, CellActivation.Sigmoid))
        {
            Attributes = new RecurrentForm(reverse, FinalCell: false, cell.Name, "sigmoid", ResetAfter: true),
        };
        Tensor outputs = Run(forward, Shape.Own([steps, batch, units]), DType.Float32, p, u, m, d);
        return outputs.Record(p, u, g =>
        {
            var backward = new Kernel("SimpleRnnSequenceGradient", (i, dz) => rnn.Backward(i[0].Data<float>(), i[1].Array<float>(), i[1].Offset, i[2].Data<float>(), i[3].Data<float>(), i[4].Data<float>(), dz.Span<float>()));
            Tensor dz = Run(backward, Shape.Own([steps, batch, units]), DType.Float32, p, u, m, d, g)
                .Record([p, u, g], _ => throw new NotSupportedException("SimpleRnnSequence: gradients of its gradient (second derivatives) are not supported."));
            return (InInputOrder(dz, reverse), KernelGradient(outputs, Reshape(dz, steps * batch, units), recurrentDropMask is null ? null : d, 1));
        });
    }

    /// <summary>The mask as float32 (steps, batch), or an empty tensor for none (the kernels then skip nothing).</summary>
    private static Tensor StepMask(Tensor? mask, int steps, int batch, string op)
    {
        if (mask is null) return Tensor.Zeros(0);
        if (mask.Shape != new Shape(steps, batch)) throw new ArgumentException($"{op}: the mask must be (steps, batch) = ({steps}, {batch}), got {mask.Shape}.", nameof(mask));
        return mask.AsType(DType.Float32);
    }

    /// <summary>The recurrent dropout mask as float32 (batch, gates·units), or an empty tensor for none.</summary>
    private static Tensor DropMask(Tensor? dropMask, int batch, int width, string op)
    {
        if (dropMask is null) return Tensor.Zeros(0);
        if (dropMask.Shape != new Shape(batch, width)) throw new ArgumentException($"{op}: the recurrent dropout mask must be (batch, gates·units) = ({batch}, {width}), got {dropMask.Shape}.", nameof(dropMask));
        return ToFloat(dropMask, op);
    }

    /// <summary>The op's attributes as a graph prints them; activations only when not Keras's defaults.</summary>
    private static string Describe(int steps, int units, bool reverse, Tensor? mask, Tensor? dropMask, CellActivation activation, CellActivation recurrentActivation) =>
        $"{steps} steps, {units} units{(reverse ? ", reversed" : "")}{(mask is null ? "" : ", masked")}{(dropMask is null ? "" : ", recurrent dropout")}" +
        (activation == CellActivation.Tanh ? "" : $", {activation}") + (recurrentActivation == CellActivation.Sigmoid ? "" : $", recurrent {recurrentActivation}");

    /// <summary>
    /// U's gradient from every step's dz (steps·batch, gates·units, in the order processed): Σ h_prevᵀ·dz over all
    /// steps in one product, or per gate Σ (h_prev ∘ r_g)ᵀ·dz_g with a recurrent dropout mask r.
    /// </summary>
    private static Tensor KernelGradient(Tensor outputs, Tensor dz, Tensor? dropMask, int gates)
    {
        int steps = outputs.Shape[0], batch = outputs.Shape[1], units = outputs.Shape[2];
        Tensor previous = Previous(outputs);
        if (dropMask is null) return MatMul(Reshape(previous, steps * batch, units), dz, transA: true, transB: false);
        return Concat(Enumerable.Range(0, gates).Select(g =>
        {
            Tensor dropped = previous * Reshape(Slice(dropMask, [0, g * units], [batch, units]), 1, batch, units);
            return MatMul(Reshape(dropped, steps * batch, units), Slice(dz, [0, g * units], [steps * batch, units]), transA: true, transB: false);
        }).ToArray(), axis: 1);
    }

    /// <summary>Each step's previous state, in the order processed: zeros, then the outputs but the last.</summary>
    private static Tensor Previous(Tensor outputs)
    {
        int steps = outputs.Shape[0], batch = outputs.Shape[1], units = outputs.Shape[2];
        Tensor zeros = Tensor.Zeros(1, batch, units);
        return steps == 1 ? zeros : Concat([zeros, Slice(outputs, [0, 0, 0], [steps - 1, batch, units])], axis: 0);
    }

    /// <summary>Per-step gradients from the order processed back to the inputs' order.</summary>
    private static Tensor InInputOrder(Tensor perStep, bool reverse) =>
        reverse ? Take(perStep, Enumerable.Range(0, perStep.Shape[0]).Reverse().ToArray(), axis: 0) : perStep;
}

/// <summary>What a sequence op computes beyond its inputs (for ONNX export): its direction, whether an LSTM appends its final c, its activations, a GRU's form.</summary>
internal readonly record struct RecurrentForm(bool Reverse, bool FinalCell, string Activation, string RecurrentActivation, bool ResetAfter);
