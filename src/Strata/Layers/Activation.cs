namespace Strata.Layers;

/// <summary>Applies an activation function by name, as keras.layers.Activation.</summary>
public class Activation : Layer
{
    private readonly Func<Tensor, Tensor> _function;

    /// <summary>A layer that applies the activation function <paramref name="activation"/> to its inputs.</summary>
    /// <param name="activation">The function's Keras name: "relu", "sigmoid", "tanh", "softmax", "log_softmax", "softplus", "exponential" or "linear" (see <see cref="Activations"/>).</param>
    /// <param name="name">The layer's name; null for one made from the class name (e.g. "dense", "dense_1").</param>
    public Activation(string activation, string? name = null)
        : base(name)
    {
        SupportsMasking = true; // keeps each step where it is, as Keras's
        FunctionName = activation;
        _function = Activations.Get(activation);
    }

    /// <summary>The activation's name as given (Keras's <c>activation</c>).</summary>
    public string FunctionName { get; }

    /// <summary>Applies the activation elementwise (softmax and log_softmax over the last axis); the shape is unchanged.</summary>
    protected override Tensor Call(Tensor inputs, bool training) => _function(inputs);

    /// <summary>Keras's config: the base config and <c>activation</c>.</summary>
    public override Dictionary<string, object?> GetConfig()
    {
        Dictionary<string, object?> config = base.GetConfig();
        config["activation"] = FunctionName;
        return config;
    }
}
