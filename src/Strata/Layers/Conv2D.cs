using Strata.Initializers;
using Strata.Regularizers;

namespace Strata.Layers;

/// <summary>
/// A 2-D convolution layer, as keras.layers.Conv2D (channels last): inputs (batch, height, width,
/// channels), a kernel (kernelSize, kernelSize, channels, filters) and a bias (filters), outputs
/// (batch, outHeight, outWidth, filters) through the activation. Keras's defaults: strides 1, padding
/// "valid", Glorot-uniform kernel, zero bias.
/// </summary>
/// <example>
/// <code>
/// // Deep Learning with Python, listing 8.1
/// var inputs = new Input([28, 28, 1]);
/// SymbolicTensor x = new Conv2D(filters: 32, kernelSize: 3, activation: "relu").Call(inputs);   // (None, 26, 26, 32)
/// x = new MaxPooling2D(poolSize: 2).Call(x);
/// </code>
/// </example>
public class Conv2D(int filters, int kernelSize, int strides = 1, string padding = "valid", int dilationRate = 1, int groups = 1,
    string? activation = null, bool useBias = true, Initializer? kernelInitializer = null, Initializer? biasInitializer = null,
    Regularizer? kernelRegularizer = null, Regularizer? biasRegularizer = null, string? name = null)
    : BaseConv(2, filters, kernelSize, strides, padding, dilationRate, groups, activation, useBias, kernelInitializer, biasInitializer,
        kernelRegularizer, biasRegularizer, name);
