using TorchSharp;
using static TorchSharp.torch;

namespace TorchSharpPeer;

/// <summary>
/// The book's networks in TorchSharp, initialized as Keras's Dense is: Glorot-uniform kernels
/// (limit sqrt(6 / (fanIn + fanOut)), which is torch's xavier_uniform_ with gain 1) and zero biases.
/// torch's own Linear default (Kaiming-uniform, random biases) would train differently.
/// </summary>
internal static class KerasNetworks
{
    /// <summary>Chapter 2: Dense(512, relu) → Dense(10, softmax), on 784 inputs.</summary>
    public static nn.Module<Tensor, Tensor> Mnist() => nn.Sequential(
        Dense(784, 512), nn.ReLU(),
        Dense(512, 10), nn.Softmax(dim: 1));

    /// <summary>Chapter 3: Dense(16, relu) → Dense(16, relu) → Dense(1, sigmoid), on 10,000 multi-hot inputs.</summary>
    public static nn.Module<Tensor, Tensor> Imdb() => nn.Sequential(
        Dense(10000, 16), nn.ReLU(),
        Dense(16, 16), nn.ReLU(),
        Dense(16, 1), nn.Sigmoid());

    private static nn.Module<Tensor, Tensor> Dense(int inputs, int units)
    {
        var linear = nn.Linear(inputs, units);
        using (no_grad())
        {
            nn.init.xavier_uniform_(linear.weight!);
            nn.init.zeros_(linear.bias!);
        }
        return linear;
    }
}
