namespace Strata.Regularizers;

/// <summary>
/// A penalty on a weight, added to the loss during training, as keras.regularizers.Regularizer:
/// <c>Call(weights)</c> returns a scalar built from ops, so its gradient flows to the weights.
/// </summary>
public abstract class Regularizer
{
    /// <summary>Sets <see cref="Name"/> from the class name.</summary>
    protected Regularizer() => Name = Naming.ToSnakeCase(GetType().Name);

    /// <summary>Keras's snake_case name of the class, e.g. "l1l2".</summary>
    public string Name { get; }

    /// <summary>The penalty for <paramref name="weights"/>: a float32 scalar, differentiable.</summary>
    public abstract Tensor Call(Tensor weights);

    /// <summary>The constructor arguments by their Keras names (e.g. {"l2": 0.01}), for saving a layer's config.</summary>
    public virtual Dictionary<string, object?> GetConfig() => [];

    /// <summary>A Keras name where a regularizer is expected: <c>kernelRegularizer: "l2"</c>.</summary>
    /// <param name="identifier">The name, as for <see cref="Get"/>.</param>
    public static implicit operator Regularizer(string identifier) => Get(identifier);

    /// <summary>A new regularizer with Keras's defaults, by name ("l1", "l2", "l1l2" or "l1_l2", "orthogonal_regularizer"; any case).</summary>
    /// <param name="identifier">The name of the regularizer.</param>
    /// <exception cref="ArgumentException">The name is unknown.</exception>
    public static Regularizer Get(string identifier)
    {
        ArgumentNullException.ThrowIfNull(identifier);
        return identifier.Replace("_", "").ToLowerInvariant() switch
        {
            "l1" => new L1(),
            "l2" => new L2(),
            // Keras 3's L1L2() defaults to no penalty at all (its docstring's 0.01 is stale); so does this.
            "l1l2" => new L1L2(),
            "orthogonalregularizer" => new OrthogonalRegularizer(),
            _ => throw new ArgumentException($"Unknown regularizer '{identifier}'. Known regularizers: l1, l2, l1l2 (or l1_l2), orthogonal_regularizer.", nameof(identifier)),
        };
    }

    /// <summary>Keras's validate_float_arg: penalties are finite and non-negative.</summary>
    private protected static float CheckFactor(float value, string name, string owner) =>
        float.IsFinite(value) && value >= 0f ? value
            : throw new ArgumentOutOfRangeException(name, value, $"{owner}: {name} must be a finite non-negative float.");

    private protected static Tensor RequireFloat(Tensor weights, string owner)
    {
        ArgumentNullException.ThrowIfNull(weights);
        return weights.DType == DType.Float32 ? weights
            : throw new ArgumentException($"{owner}: the weights have dtype {weights.DType.Name()}; regularizers apply to float32 tensors.", nameof(weights));
    }
}
