namespace Strata.Layers;

/// <summary>
/// 2-D max pooling, as keras.layers.MaxPooling2D (channels last): the largest value of each
/// poolSize × poolSize window. Keras's defaults: poolSize 2, strides equal to the pool size, padding "valid".
/// </summary>
public class MaxPooling2D : Layer
{
    public MaxPooling2D(int poolSize = 2, int? strides = null, string padding = "valid", string? name = null)
        : base(name)
    {
        if (poolSize <= 0) throw new ArgumentException($"MaxPooling2D: poolSize must be positive, got {poolSize}.", nameof(poolSize));
        if (strides is <= 0) throw new ArgumentException($"MaxPooling2D: strides must be positive, got {strides}.", nameof(strides));
        Padding = padding is "valid" or "same" ? padding : throw new ArgumentException($"MaxPooling2D: padding must be \"valid\" or \"same\", got \"{padding}\".", nameof(padding));
        PoolSize = poolSize;
        Strides = strides ?? poolSize;
    }

    public int PoolSize { get; }

    public int Strides { get; }

    public string Padding { get; }

    protected override Tensor CallCore(Tensor inputs, bool training) => Ops.MaxPool(inputs, PoolSize, Strides, Padding);

    public override Dictionary<string, object?> GetConfig()
    {
        Dictionary<string, object?> config = base.GetConfig();
        config["pool_size"] = new[] { PoolSize, PoolSize };
        config["strides"] = new[] { Strides, Strides };
        config["padding"] = Padding;
        return config;
    }
}
