namespace Strata.Initializers;

/// <summary><paramref name="gain"/> times the identity matrix (ones on the main diagonal of a rank-2 shape).</summary>
public class Identity(double gain = 1) : Initializer
{
    /// <summary>The value on the diagonal (Keras's <c>gain</c>, default 1).</summary>
    public float Gain { get; } = (float)gain;

    /// <summary>A new matrix of <paramref name="shape"/> with <see cref="Gain"/> on its main diagonal and zeros elsewhere.</summary>
    /// <param name="shape">The shape of the weight; must have rank 2.</param>
    /// <exception cref="ArgumentException"><paramref name="shape"/> is not of rank 2.</exception>
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

    /// <summary>The config: {"gain": gain}.</summary>
    public override Dictionary<string, object?> GetConfig() => new() { ["gain"] = Gain };
}
