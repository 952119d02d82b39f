namespace Strata.Layers;

/// <summary>keras.layers.MaxPooling1D (channels last): the largest value of each poolSize window over the steps; strides default to the pool size.</summary>
public class MaxPooling1D : Layer
{
    public MaxPooling1D(int poolSize = 2, int? strides = null, string padding = "valid", string? name = null)
        : base(name)
    {
        if (poolSize <= 0 || strides is <= 0) throw new ArgumentException($"MaxPooling1D: poolSize and strides must be positive, got {poolSize} and {strides}.");
        Padding = padding is "valid" or "same" ? padding : throw new ArgumentException($"MaxPooling1D: padding must be \"valid\" or \"same\", got \"{padding}\".", nameof(padding));
        PoolSize = poolSize;
        Strides = strides ?? poolSize;
    }

    public int PoolSize { get; }

    public int Strides { get; }

    public string Padding { get; }

    protected override Tensor CallCore(Tensor inputs, bool training)
    {
        if (inputs.Rank != 3) throw new ArgumentException($"MaxPooling1D '{Name}': expects inputs of shape (batch, steps, channels), got {inputs.Shape}.");
        Tensor rows = inputs.Reshape(inputs.Shape[0], 1, inputs.Shape[1], inputs.Shape[2]);
        Tensor y = Ops.MaxPool(rows, (1, PoolSize), (1, Strides), Padding);
        return y.Reshape(y.Shape[0], y.Shape[2], y.Shape[3]);
    }

    public override Dictionary<string, object?> GetConfig()
    {
        Dictionary<string, object?> config = base.GetConfig();
        config["pool_size"] = new[] { PoolSize };
        config["strides"] = new[] { Strides };
        config["padding"] = Padding;
        return config;
    }
}
