using Strata.Initializers;
using Strata.Regularizers;

namespace Strata.Layers;

/// <summary>
/// A 1-D convolution layer, as keras.layers.Conv1D (channels last): inputs (batch, steps, channels), a
/// kernel (kernelSize, channels, filters) and a bias (filters), outputs (batch, outSteps, filters).
/// Padding "valid" or "same" ("causal" is not supported yet).
/// </summary>
public class Conv1D(int filters, int kernelSize, int strides = 1, string padding = "valid", int dilationRate = 1, int groups = 1,
    string? activation = null, bool useBias = true, Initializer? kernelInitializer = null, Initializer? biasInitializer = null,
    Regularizer? kernelRegularizer = null, Regularizer? biasRegularizer = null, string? name = null)
    : BaseConv(1, filters, kernelSize, strides, padding, dilationRate, groups, activation, useBias, kernelInitializer, biasInitializer,
        kernelRegularizer, biasRegularizer, name);
