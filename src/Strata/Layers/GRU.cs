using Strata.Initializers;
using Strata.Regularizers;

namespace Strata.Layers;

/// <summary>
/// keras.layers.GRU with Keras's default resetAfter: true (cuDNN's form). Per step the input's projection
/// xₜ·W + b₀ and the state's h·U + b₁ are each split into update, reset and candidate parts:
/// z = σ(x_z + h_z), r = σ(x_r + h_r), h̃ = tanh(x_h + r·h_h), h = z·h + (1 − z)·h̃. The bias has two
/// rows (b₀, b₁), as Keras's. With resetAfter: false the reset gate multiplies the state before its
/// product, h̃ = tanh(x_h + (r·h)·U_h), and the bias is one row. Either way the whole sequence is one op;
/// σ is the recurrentActivation and tanh the activation.
/// </summary>
public class GRU : BaseRnn
{
    public GRU(int units, string? activation = "tanh", string? recurrentActivation = "sigmoid", bool useBias = true, Initializer? kernelInitializer = null, Initializer? recurrentInitializer = null,
        Initializer? biasInitializer = null, Regularizer? kernelRegularizer = null, Regularizer? recurrentRegularizer = null,
        Regularizer? biasRegularizer = null, bool returnSequences = false, bool goBackwards = false, bool resetAfter = true, bool zeroOutputForMask = false, double dropout = 0, double recurrentDropout = 0, int? seed = null, bool returnState = false, string? name = null)
        : base(units, 3, activation, recurrentActivation, useBias, kernelInitializer, recurrentInitializer, biasInitializer, kernelRegularizer, recurrentRegularizer, biasRegularizer,
            returnSequences, goBackwards, zeroOutputForMask, (float)dropout, (float)recurrentDropout, seed, returnState, name)
    {
        ResetAfter = resetAfter;
    }

    public bool ResetAfter { get; }

    private protected override int[] BiasShape => ResetAfter ? [2, 3 * Units] : [3 * Units];

    /// <summary>The bias's first row goes with the input's projection; with resetAfter the second goes with the state's.</summary>
    private protected override Tensor? InputBias => Bias is null ? null : ResetAfter ? Ops.Reshape(Ops.Slice(Bias, [0, 0], [1, 3 * Units]), 3 * Units) : Bias;

    /// <summary>The whole sequence in one op, in either form (<see cref="Ops.GruSequence"/>, <see cref="Ops.GruResetBeforeSequence"/>).</summary>
    private protected override Tensor Sequence(Tensor byStep, Tensor? mask, Tensor? dropMask) => ResetAfter
        ? Ops.GruSequence(byStep, RecurrentKernel, Bias is null ? Tensor.Zeros(3 * Units) : Ops.Reshape(Ops.Slice(Bias, [1, 0], [1, 3 * Units]), 3 * Units), GoBackwards, mask, dropMask, Activation, RecurrentActivation)
        : Ops.GruResetBeforeSequence(byStep, RecurrentKernel, GoBackwards, mask, dropMask, Activation, RecurrentActivation);

    public override Dictionary<string, object?> GetConfig()
    {
        Dictionary<string, object?> config = base.GetConfig();
        config["recurrent_activation"] = RecurrentActivation;
        config["reset_after"] = ResetAfter;
        return config;
    }
}
