namespace Strata.Layers;

/// <summary>Flattens each sample to one axis: (batch, d1, d2, ...) becomes (batch, d1·d2·...).</summary>
public class Flatten : Layer
{
    /// <summary>A layer that flattens each sample to one axis.</summary>
    /// <param name="name">The layer's name; null for one made from the class name.</param>
    public Flatten(string? name = null)
        : base(name)
    {
    }

    /// <summary>Reshapes (batch, d1, d2, ...) to (batch, d1·d2·...); a scalar, which has no batch axis, is refused.</summary>
    protected override Tensor Call(Tensor inputs, bool training) =>
        inputs.Rank == 0 ? throw new ArgumentException($"Flatten '{Name}': needs a batch axis, got a scalar.")
        : inputs.Reshape(inputs.Shape[0], inputs.Shape[0] == 0 ? 0 : -1);
}
