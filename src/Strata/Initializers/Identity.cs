namespace Strata.Initializers;

/// <summary><paramref name="gain"/> times the identity matrix (ones on the main diagonal of a rank-2 shape).</summary>
public class Identity(double gain = 1) : Initializer
{
    public float Gain { get; } = (float)gain;

    public override Tensor Call(int[] shape)
    {
        ArgumentNullException.ThrowIfNull(shape);
        if (shape.Length != 2)
        {
            throw new ArgumentException($"Identity: only rank-2 shapes have an identity matrix; got shape [{string.Join(", ", shape)}] of rank {shape.Length}.", nameof(shape));
        }
        Tensor t = Tensor.Zeros(shape);
        Span<float> values = t.Span<float>();
        for (int i = 0; i < Math.Min(shape[0], shape[1]); i++) values[i * shape[1] + i] = Gain;
        return t;
    }

    public override Dictionary<string, object?> GetConfig() => new() { ["gain"] = Gain };
}
