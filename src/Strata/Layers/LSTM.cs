using Strata.Initializers;
using Strata.Regularizers;

namespace Strata.Layers;

/// <summary>
/// keras.layers.LSTM: per step, z = xₜ·W + h·U + b split into the gates i, f, c̃, o (Keras's order);
/// c = σ(f)·c + σ(i)·tanh(c̃), h = σ(o)·tanh(c), all steps in one op (<see cref="Ops.LstmSequence"/>), σ the
/// recurrentActivation and tanh the activation. The forget gate's bias starts at 1 (unitForgetBias), the
/// recurrent kernel orthogonal, as Keras's defaults.
/// </summary>
public class LSTM : BaseRnn
{
    public LSTM(int units, string? activation = "tanh", string? recurrentActivation = "sigmoid", bool useBias = true, Initializer? kernelInitializer = null, Initializer? recurrentInitializer = null,
        Initializer? biasInitializer = null, bool unitForgetBias = true, Regularizer? kernelRegularizer = null,
        Regularizer? recurrentRegularizer = null, Regularizer? biasRegularizer = null, bool returnSequences = false, bool goBackwards = false,
        bool zeroOutputForMask = false, double dropout = 0, double recurrentDropout = 0, int? seed = null, bool returnState = false, string? name = null)
        : base(units, 4, activation, recurrentActivation, useBias, kernelInitializer, recurrentInitializer, biasInitializer, kernelRegularizer, recurrentRegularizer, biasRegularizer, returnSequences, goBackwards, zeroOutputForMask, (float)dropout, (float)recurrentDropout, seed, returnState, name)
    {
        UnitForgetBias = unitForgetBias;
    }

    public bool UnitForgetBias { get; }

    /// <summary>As Keras's unit_forget_bias: the bias initializer's values, with ones for the forget gate's units.</summary>
    protected override void Build(int[] inputShape)
    {
        base.Build(inputShape);
        if (!UnitForgetBias || Bias is null) return;
        float[] values = Bias.Value.ToArray<float>();
        Array.Fill(values, 1f, Units, Units);
        Bias.Assign(Tensor.FromArray(values, values.Length));
    }

    /// <summary>With returnState, the final c comes after the steps (the returned cell state).</summary>
    private protected override Tensor Sequence(Tensor byStep, Tensor? mask, Tensor? dropMask) => Ops.LstmSequence(byStep, RecurrentKernel, GoBackwards, mask, dropMask, finalCell: ReturnState, Activation, RecurrentActivation);

    private protected override int StateCount => 2;

    public override Dictionary<string, object?> GetConfig()
    {
        Dictionary<string, object?> config = base.GetConfig();
        config["recurrent_activation"] = RecurrentActivation;
        config["unit_forget_bias"] = UnitForgetBias;
        return config;
    }
}
