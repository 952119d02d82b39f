namespace Strata.Layers;

/// <summary>
/// keras.layers.RandomFlip (channels last): in training, each image is mirrored left-right
/// ("horizontal"), upside down ("vertical") or both independently ("horizontal_and_vertical", the
/// default), each with probability one half; in inference the images pass unchanged. A seed makes the
/// draws reproducible.
/// </summary>
public class RandomFlip : Layer
{
    private readonly RandomGenerator? _generator;

    /// <summary>A layer that flips images at random in training.</summary>
    /// <param name="mode">"horizontal", "vertical" or "horizontal_and_vertical" (the default).</param>
    /// <param name="seed">The seed of the random draws, or null.</param>
    /// <param name="name">The layer's name; null for one made from the class name.</param>
    public RandomFlip(string mode = "horizontal_and_vertical", int? seed = null, string? name = null)
        : base(name)
    {
        Mode = mode is "horizontal" or "vertical" or "horizontal_and_vertical" ? mode
            : throw new ArgumentException($"RandomFlip: mode must be \"horizontal\", \"vertical\" or \"horizontal_and_vertical\", got \"{mode}\".", nameof(mode));
        Seed = seed;
        _generator = seed is int s ? new RandomGenerator((ulong)s) : null;
    }

    /// <summary>"horizontal", "vertical" or "horizontal_and_vertical" (Keras's <c>mode</c>).</summary>
    public string Mode { get; }

    /// <summary>The seed of the random draws, or null (Keras's <c>seed</c>).</summary>
    public int? Seed { get; }

    /// <summary>In training, each image of (batch, height, width, channels) flipped as <see cref="Mode"/> says, each flip with probability one half; otherwise the inputs unchanged.</summary>
    protected override Tensor Call(Tensor inputs, bool training)
    {
        Spatial.Require(inputs, this);
        if (!training) return inputs;
        Tensor x = inputs;
        if (Mode != "vertical") x = FlipSome(x, axis: 2);
        if (Mode != "horizontal") x = FlipSome(x, axis: 1);
        return x;
    }

    /// <summary>Each image mirrored along <paramref name="axis"/> where its draw falls below one half.</summary>
    private Tensor FlipSome(Tensor x, int axis)
    {
        int size = x.Shape[axis];
        Tensor reversed = Ops.Take(x, Enumerable.Range(0, size).Reverse().ToArray(), axis);
        Tensor flip = Ops.Less(Ops.RandomUniform(new Shape(x.Shape[0], 1, 1, 1), _generator), Tensor.Scalar(0.5f));
        return Ops.Where(flip, reversed, x);
    }

    /// <summary>Keras's config: the base config and mode and seed.</summary>
    public override Dictionary<string, object?> GetConfig()
    {
        Dictionary<string, object?> config = base.GetConfig();
        config["mode"] = Mode;
        config["seed"] = Seed;
        return config;
    }
}
