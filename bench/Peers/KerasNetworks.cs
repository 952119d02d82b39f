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

    /// <summary>Chapter 8's first convnet, channels first as torch is: three 3×3 convolutions with 2×2 max pooling between, then Dense(10, softmax).</summary>
    public static nn.Module<Tensor, Tensor> Convnet() => nn.Sequential(
        Conv(1, 32), nn.ReLU(), nn.MaxPool2d(2),
        Conv(32, 64), nn.ReLU(), nn.MaxPool2d(2),
        Conv(64, 128), nn.ReLU(),
        nn.Flatten(), Dense(1152, 10), nn.Softmax(dim: 1));

    private static nn.Module<Tensor, Tensor> Conv(int inputs, int filters)
    {
        var conv = nn.Conv2d(inputs, filters, 3);
        using (no_grad())
        {
            nn.init.xavier_uniform_(conv.weight!); // Keras's Glorot-uniform: the fans count the 3×3 window, as torch's do
            nn.init.zeros_(conv.bias!);
        }
        return conv;
    }

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
