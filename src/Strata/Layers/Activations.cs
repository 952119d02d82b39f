namespace Strata.Layers;

/// <summary>Activation functions by Keras name: "relu", "softmax", ... (null or "linear": identity).</summary>
public static class Activations
{
    private static readonly Dictionary<string, Func<Tensor, Tensor>> Known = new()
    {
        ["linear"] = x => x,
        ["relu"] = Ops.Relu,
        ["sigmoid"] = Ops.Sigmoid,
        ["tanh"] = Ops.Tanh,
        ["softmax"] = x => Ops.Softmax(x, -1),
        ["log_softmax"] = x => Ops.LogSoftmax(x, -1),
        ["softplus"] = Softplus,
        ["exponential"] = Ops.Exp,
    };

    /// <summary>The function for a Keras activation name.</summary>
    public static Func<Tensor, Tensor> Get(string? name)
    {
        if (name is null) return Known["linear"];
        return Known.TryGetValue(name.ToLowerInvariant(), out Func<Tensor, Tensor>? f) ? f
            : throw new ArgumentException($"Unknown activation '{name}'. Known: {string.Join(", ", Known.Keys)}.", nameof(name));
    }

    /// <summary>log(1 + exp(x)), written so that neither exp overflows nor small values lose precision.</summary>
    private static Tensor Softplus(Tensor x) => Ops.Relu(x) + Ops.Log(1f + Ops.Exp(-Ops.Abs(x)));
}
