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
    /// <summary>A GRU layer of <paramref name="units"/> units.</summary>
    /// <param name="units">The dimension of the state and of the output (Keras's <c>units</c>).</param>
    /// <param name="activation">The cell's activation; "tanh" by default, null for linear.</param>
    /// <param name="recurrentActivation">The gates' activation; "sigmoid" by default.</param>
    /// <param name="useBias">Whether to add a bias.</param>
    /// <param name="kernelInitializer">The input kernel's initializer; Glorot uniform when null.</param>
    /// <param name="recurrentInitializer">The recurrent kernel's initializer; orthogonal when null.</param>
    /// <param name="biasInitializer">The bias's initializer; zeros when null.</param>
    /// <param name="kernelRegularizer">A penalty on the input kernel, or null.</param>
    /// <param name="recurrentRegularizer">A penalty on the recurrent kernel, or null.</param>
    /// <param name="biasRegularizer">A penalty on the bias, or null.</param>
    /// <param name="returnSequences">Whether to return every step's output, (batch, steps, units), instead of the last step's, (batch, units).</param>
    /// <param name="goBackwards">Whether to process the sequence from its last step to its first.</param>
    /// <param name="resetAfter">Whether the reset gate applies after the recurrent product (Keras's default, true) rather than before.</param>
    /// <param name="zeroOutputForMask">Whether a masked step's output is zero rather than the previous step's.</param>
    /// <param name="dropout">The fraction of input features dropped in training, in [0, 1].</param>
    /// <param name="recurrentDropout">The fraction of the state's units dropped before the recurrent product in training, in [0, 1].</param>
    /// <param name="seed">The seed of the dropout masks, or null.</param>
    /// <param name="returnState">Whether a call also returns the final states (call it with <see cref="Layer.CallOutputs(Tensor, Tensor?, bool)"/>).</param>
    /// <param name="name">The layer's name; null for one made from the class name.</param>
    public GRU(int units, string? activation = "tanh", string? recurrentActivation = "sigmoid", bool useBias = true, Initializer? kernelInitializer = null, Initializer? recurrentInitializer = null,
        Initializer? biasInitializer = null, Regularizer? kernelRegularizer = null, Regularizer? recurrentRegularizer = null,
        Regularizer? biasRegularizer = null, bool returnSequences = false, bool goBackwards = false, bool resetAfter = true, bool zeroOutputForMask = false, double dropout = 0, double recurrentDropout = 0, int? seed = null, bool returnState = false, string? name = null)
        : base(units, 3, activation, recurrentActivation, useBias, kernelInitializer, recurrentInitializer, biasInitializer, kernelRegularizer, recurrentRegularizer, biasRegularizer,
            returnSequences, goBackwards, zeroOutputForMask, (float)dropout, (float)recurrentDropout, seed, returnState, name)
    {
        ResetAfter = resetAfter;
    }

    /// <summary>Whether the reset gate applies after the recurrent product, with a two-row bias (Keras's <c>reset_after</c>).</summary>
    public bool ResetAfter { get; }

    private protected override int[] BiasShape => ResetAfter ? [2, 3 * Units] : [3 * Units];

    /// <summary>The bias's first row goes with the input's projection; with resetAfter the second goes with the state's.</summary>
    private protected override Tensor? InputBias => Bias is null ? null : ResetAfter ? Ops.Reshape(Ops.Slice(Bias, [0, 0], [1, 3 * Units]), 3 * Units) : Bias;

    /// <summary>The whole sequence in one op, in either form (<see cref="Ops.GruSequence"/>, <see cref="Ops.GruResetBeforeSequence"/>).</summary>
    private protected override Tensor Sequence(Tensor byStep, Tensor? mask, Tensor? dropMask) => ResetAfter
        ? Ops.GruSequence(byStep, RecurrentKernel, Bias is null ? Tensor.Zeros(3 * Units) : Ops.Reshape(Ops.Slice(Bias, [1, 0], [1, 3 * Units]), 3 * Units), GoBackwards, mask, dropMask, Activation, RecurrentActivation)
        : Ops.GruResetBeforeSequence(byStep, RecurrentKernel, GoBackwards, mask, dropMask, Activation, RecurrentActivation);

    /// <summary>Keras's config: the base config and recurrent_activation and reset_after.</summary>
    public override Dictionary<string, object?> GetConfig()
    {
        Dictionary<string, object?> config = base.GetConfig();
        config["recurrent_activation"] = RecurrentActivation;
        config["reset_after"] = ResetAfter;
        return config;
    }
}
