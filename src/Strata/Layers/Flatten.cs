namespace Strata.Layers;

/// <summary>Flattens each sample to one axis: (batch, d1, d2, ...) becomes (batch, d1·d2·...).</summary>
public class Flatten : Layer
{
    public Flatten(string? name = null)
        : base(name)
    {
    }

    protected override Tensor Call(Tensor inputs, bool training) =>
        inputs.Rank == 0 ? throw new ArgumentException($"Flatten '{Name}': needs a batch axis, got a scalar.")
        : inputs.Reshape(inputs.Shape[0], inputs.Shape[0] == 0 ? 0 : -1);
}
