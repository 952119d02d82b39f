using Strata.Initializers;
using Strata.Regularizers;

namespace Strata.Layers;

/// <summary>
/// keras.layers.LSTM: per step, z = xₜ·W + h·U + b split into the gates i, f, c̃, o (Keras's order);
/// c = σ(f)·c + σ(i)·tanh(c̃), h = σ(o)·tanh(c), all steps in one op (<see cref="Ops.LstmSequence(Tensor, Tensor, bool, Tensor?, Tensor?, string?, string?)"/>), σ the
/// recurrentActivation and tanh the activation. The forget gate's bias starts at 1 (unitForgetBias), the
/// recurrent kernel orthogonal, as Keras's defaults.
/// </summary>
/// <example>
/// <code>
/// // Deep Learning with Python, listing 11.12: a bidirectional LSTM over word embeddings
/// var inputs = new Input([-1], dtype: DType.Int64);
/// SymbolicTensor embedded = new Embedding(inputDim: 20000, outputDim: 256, maskZero: true).Call(inputs);
/// SymbolicTensor x = new Bidirectional(new LSTM(32)).Call(embedded);
/// </code>
/// </example>
public class LSTM : BaseRnn
{
    /// <summary>An LSTM layer of <paramref name="units"/> units.</summary>
    /// <param name="units">The dimension of the state and of the output (Keras's <c>units</c>).</param>
    /// <param name="activation">The cell's activation; "tanh" by default, null for linear.</param>
    /// <param name="recurrentActivation">The gates' activation; "sigmoid" by default.</param>
    /// <param name="useBias">Whether to add a bias.</param>
    /// <param name="kernelInitializer">The input kernel's initializer; Glorot uniform when null.</param>
    /// <param name="recurrentInitializer">The recurrent kernel's initializer; orthogonal when null.</param>
    /// <param name="biasInitializer">The bias's initializer; zeros when null.</param>
    /// <param name="unitForgetBias">Whether the forget gate's bias starts at 1 (true by default).</param>
    /// <param name="kernelRegularizer">A penalty on the input kernel, or null.</param>
    /// <param name="recurrentRegularizer">A penalty on the recurrent kernel, or null.</param>
    /// <param name="biasRegularizer">A penalty on the bias, or null.</param>
    /// <param name="returnSequences">Whether to return every step's output, (batch, steps, units), instead of the last step's, (batch, units).</param>
    /// <param name="goBackwards">Whether to process the sequence from its last step to its first.</param>
    /// <param name="zeroOutputForMask">Whether a masked step's output is zero rather than the previous step's.</param>
    /// <param name="dropout">The fraction of input features dropped in training, in [0, 1].</param>
    /// <param name="recurrentDropout">The fraction of the state's units dropped before the recurrent product in training, in [0, 1].</param>
    /// <param name="seed">The seed of the dropout masks, or null.</param>
    /// <param name="returnState">Whether a call also returns the final states (call it with <see cref="Layer.CallOutputs(Tensor, Tensor?, bool)"/>).</param>
    /// <param name="name">The layer's name; null for one made from the class name.</param>
    public LSTM(int units, string? activation = "tanh", string? recurrentActivation = "sigmoid", bool useBias = true, Initializer? kernelInitializer = null, Initializer? recurrentInitializer = null,
        Initializer? biasInitializer = null, bool unitForgetBias = true, Regularizer? kernelRegularizer = null,
        Regularizer? recurrentRegularizer = null, Regularizer? biasRegularizer = null, bool returnSequences = false, bool goBackwards = false,
        bool zeroOutputForMask = false, double dropout = 0, double recurrentDropout = 0, int? seed = null, bool returnState = false, string? name = null)
        : base(units, 4, activation, recurrentActivation, useBias, kernelInitializer, recurrentInitializer, biasInitializer, kernelRegularizer, recurrentRegularizer, biasRegularizer, returnSequences, goBackwards, zeroOutputForMask, (float)dropout, (float)recurrentDropout, seed, returnState, name)
    {
        UnitForgetBias = unitForgetBias;
    }

    /// <summary>Whether the forget gate's bias starts at 1 (Keras's <c>unit_forget_bias</c>).</summary>
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

    /// <summary>Keras's config: the base config and recurrent_activation and unit_forget_bias.</summary>
    public override Dictionary<string, object?> GetConfig()
    {
        Dictionary<string, object?> config = base.GetConfig();
        config["recurrent_activation"] = RecurrentActivation;
        config["unit_forget_bias"] = UnitForgetBias;
        return config;
    }
}
