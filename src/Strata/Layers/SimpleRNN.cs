using Strata.Initializers;
using Strata.Regularizers;

namespace Strata.Layers;

/// <summary>keras.layers.SimpleRNN: per step h = tanh(xₜ·W + h·U + b) (tanh or another activation), all steps in one op (<see cref="Ops.SimpleRnnSequence"/>).</summary>
public class SimpleRNN : BaseRnn
{
    public SimpleRNN(int units, string? activation = "tanh", bool useBias = true, Initializer? kernelInitializer = null, Initializer? recurrentInitializer = null,
        Initializer? biasInitializer = null, Regularizer? kernelRegularizer = null, Regularizer? recurrentRegularizer = null,
        Regularizer? biasRegularizer = null, bool returnSequences = false, bool goBackwards = false, bool zeroOutputForMask = false, double dropout = 0, double recurrentDropout = 0, int? seed = null, bool returnState = false, string? name = null)
        : base(units, 1, activation, "sigmoid", useBias, kernelInitializer, recurrentInitializer, biasInitializer, kernelRegularizer, recurrentRegularizer, biasRegularizer,
            returnSequences, goBackwards, zeroOutputForMask, (float)dropout, (float)recurrentDropout, seed, returnState, name)
    {
    }

    private protected override Tensor Sequence(Tensor byStep, Tensor? mask, Tensor? dropMask) => Ops.SimpleRnnSequence(byStep, RecurrentKernel, GoBackwards, mask, dropMask, Activation);
}
