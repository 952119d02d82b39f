namespace Strata.Layers;

/// <summary>Applies an activation function by name, as keras.layers.Activation.</summary>
public class Activation : Layer
{
    private readonly Func<Tensor, Tensor> _function;

    public Activation(string activation, string? name = null)
        : base(name)
    {
        SupportsMasking = true; // keeps each step where it is, as Keras's
        FunctionName = activation;
        _function = Activations.Get(activation);
    }

    public string FunctionName { get; }

    protected override Tensor Call(Tensor inputs, bool training) => _function(inputs);

    public override Dictionary<string, object?> GetConfig()
    {
        Dictionary<string, object?> config = base.GetConfig();
        config["activation"] = FunctionName;
        return config;
    }
}
