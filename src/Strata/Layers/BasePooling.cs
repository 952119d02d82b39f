namespace Strata.Layers;

/// <summary>
/// What Keras's pooling layers share (keras/src/layers/pooling/base_pooling.py): a square window,
/// strides defaulting to the window, padding "valid" or "same", channels last. A 1-D pooling runs as a
/// 2-D one over a height of one.
/// </summary>
public abstract class BasePooling : Layer
{
    private protected BasePooling(int rank, int poolSize, int? strides, string padding, string? name)
        : base(name)
    {
        string who = GetType().Name;
        if (poolSize <= 0 || strides is <= 0) throw new ArgumentException($"{who}: poolSize and strides must be positive, got {poolSize} and {strides}.");
        Padding = padding is "valid" or "same" ? padding : throw new ArgumentException($"{who}: padding must be \"valid\" or \"same\", got \"{padding}\".", nameof(padding));
        Rank = rank;
        PoolSize = poolSize;
        Strides = strides ?? poolSize;
    }

    /// <summary>The number of spatial axes: 1 or 2.</summary>
    public int Rank { get; }

    /// <summary>The side of the pooling window (Keras's <c>pool_size</c>).</summary>
    public int PoolSize { get; }

    /// <summary>The step of the window; the pool size when none was given (Keras's <c>strides</c>).</summary>
    public int Strides { get; }

    /// <summary>"valid" (no padding) or "same" (padding, so that stride 1 keeps the size), Keras's <c>padding</c>.</summary>
    public string Padding { get; }

    /// <summary>The pooling op on (batch, height, width, channels) with a window and strides per axis.</summary>
    private protected abstract Tensor Pool(Tensor images, (int H, int W) window, (int H, int W) strides);

    /// <summary>Pools the inputs, (batch, height, width, channels) for 2-D or (batch, steps, channels) for 1-D pooling.</summary>
    protected override Tensor Call(Tensor inputs, bool training)
    {
        if (inputs.Rank != Rank + 2)
        {
            string expected = Rank == 2 ? "(batch, height, width, channels)" : "(batch, steps, channels)";
            throw new ArgumentException($"{GetType().Name} '{Name}': expects inputs of shape {expected}, got {inputs.Shape}.");
        }
        if (Rank == 2) return Pool(inputs, (PoolSize, PoolSize), (Strides, Strides));
        Tensor y = Pool(inputs.Reshape(inputs.Shape[0], 1, inputs.Shape[1], inputs.Shape[2]), (1, PoolSize), (1, Strides));
        return y.Reshape(y.Shape[0], y.Shape[2], y.Shape[3]);
    }

    /// <summary>Keras's config: the base config and pool_size, strides, padding and data_format ("channels_last").</summary>
    public override Dictionary<string, object?> GetConfig()
    {
        Dictionary<string, object?> config = base.GetConfig();
        config["pool_size"] = Enumerable.Repeat(PoolSize, Rank).ToArray();
        config["strides"] = Enumerable.Repeat(Strides, Rank).ToArray();
        config["padding"] = Padding;
        config["data_format"] = "channels_last";
        return config;
    }
}

/// <summary>keras.layers.MaxPooling2D (channels last): the largest value of each poolSize × poolSize window. Keras's defaults: poolSize 2, strides = poolSize, "valid".</summary>
public class MaxPooling2D(int poolSize = 2, int? strides = null, string padding = "valid", string? name = null)
    : BasePooling(2, poolSize, strides, padding, name)
{
    private protected override Tensor Pool(Tensor images, (int H, int W) window, (int H, int W) strides) => Ops.MaxPool(images, window, strides, Padding);
}

/// <summary>keras.layers.MaxPooling1D (channels last): the largest value of each poolSize window over the steps.</summary>
public class MaxPooling1D(int poolSize = 2, int? strides = null, string padding = "valid", string? name = null)
    : BasePooling(1, poolSize, strides, padding, name)
{
    private protected override Tensor Pool(Tensor images, (int H, int W) window, (int H, int W) strides) => Ops.MaxPool(images, window, strides, Padding);
}

/// <summary>keras.layers.AveragePooling2D (channels last): the mean of each poolSize × poolSize window (positions inside the image).</summary>
public class AveragePooling2D(int poolSize = 2, int? strides = null, string padding = "valid", string? name = null)
    : BasePooling(2, poolSize, strides, padding, name)
{
    private protected override Tensor Pool(Tensor images, (int H, int W) window, (int H, int W) strides) => Ops.AveragePool(images, window, strides, Padding);
}

/// <summary>keras.layers.AveragePooling1D (channels last): the mean of each poolSize window over the steps.</summary>
public class AveragePooling1D(int poolSize = 2, int? strides = null, string padding = "valid", string? name = null)
    : BasePooling(1, poolSize, strides, padding, name)
{
    private protected override Tensor Pool(Tensor images, (int H, int W) window, (int H, int W) strides) => Ops.AveragePool(images, window, strides, Padding);
}
