using Strata.Initializers;
using Strata.Regularizers;

namespace Strata.Layers;

/// <summary>keras.layers.SimpleRNN: per step h = tanh(xₜ·W + h·U + b) (tanh or another activation), all steps in one op (<see cref="Ops.SimpleRnnSequence"/>).</summary>
public class SimpleRNN : BaseRnn
{
    /// <summary>A fully connected recurrent layer of <paramref name="units"/> units.</summary>
    /// <param name="units">The dimension of the state and of the output (Keras's <c>units</c>).</param>
    /// <param name="activation">The cell's activation; "tanh" by default, null for linear.</param>
    /// <param name="useBias">Whether to add a bias.</param>
    /// <param name="kernelInitializer">The input kernel's initializer; Glorot uniform when null.</param>
    /// <param name="recurrentInitializer">The recurrent kernel's initializer; orthogonal when null.</param>
    /// <param name="biasInitializer">The bias's initializer; zeros when null.</param>
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
    public SimpleRNN(int units, string? activation = "tanh", bool useBias = true, Initializer? kernelInitializer = null, Initializer? recurrentInitializer = null,
        Initializer? biasInitializer = null, Regularizer? kernelRegularizer = null, Regularizer? recurrentRegularizer = null,
        Regularizer? biasRegularizer = null, bool returnSequences = false, bool goBackwards = false, bool zeroOutputForMask = false, double dropout = 0, double recurrentDropout = 0, int? seed = null, bool returnState = false, string? name = null)
        : base(units, 1, activation, "sigmoid", useBias, kernelInitializer, recurrentInitializer, biasInitializer, kernelRegularizer, recurrentRegularizer, biasRegularizer,
            returnSequences, goBackwards, zeroOutputForMask, (float)dropout, (float)recurrentDropout, seed, returnState, name)
    {
    }

    private protected override Tensor Sequence(Tensor byStep, Tensor? mask, Tensor? dropMask) => Ops.SimpleRnnSequence(byStep, RecurrentKernel, GoBackwards, mask, dropMask, Activation);
}
