using Strata.Initializers;
using Strata.Regularizers;

namespace Strata.Layers;

/// <summary>
/// keras.layers.Conv2DTranspose (channels last): the transpose of a convolution, which upsamples: a
/// kernel (kernelSize, kernelSize, filters, channels) and a bias (filters); "valid" gives
/// (in − 1)·strides + kernelSize positions per axis, "same" in · strides.
/// </summary>
public class Conv2DTranspose(int filters, int kernelSize, int strides = 1, string padding = "valid", string? activation = null, bool useBias = true,
    Initializer? kernelInitializer = null, Initializer? biasInitializer = null, Regularizer? kernelRegularizer = null, Regularizer? biasRegularizer = null,
    string? name = null)
    : BaseConv(2, filters, kernelSize, strides, padding, 1, 1, activation, useBias, kernelInitializer, biasInitializer, kernelRegularizer, biasRegularizer, name)
{
    private protected override int[] KernelShape(int channels) => [KernelSize, KernelSize, Filters, channels];

    private protected override Tensor Convolve(Tensor inputs) => Ops.ConvTranspose(inputs, Kernel, Strides, Padding);
}
