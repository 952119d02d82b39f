namespace Strata.Regularizers;

/// <summary>
/// Encourages the rows (or columns) of a rank-2 weight to be orthogonal, as
/// keras.regularizers.OrthogonalRegularizer: <c>factor * 0.5 * mean |cosine|</c> over the distinct
/// pairs of L2-normalized rows (columns).
/// </summary>
public class OrthogonalRegularizer : Regularizer
{
    /// <summary>Keras's backend epsilon: normalizing divides by at least this, so zero rows stay finite.</summary>
    private const float Epsilon = 1e-7f;

    /// <summary>Creates the regularizer; the defaults are Keras's.</summary>
    /// <param name="factor">The coefficient; finite and non-negative.</param>
    /// <param name="mode">"rows" or "columns": which vectors of the weight should be orthogonal.</param>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="factor"/> is negative or not finite.</exception>
    /// <exception cref="ArgumentException"><paramref name="mode"/> is not "rows" or "columns".</exception>
    public OrthogonalRegularizer(double factor = 0.01, string mode = "rows")
    {
        ArgumentNullException.ThrowIfNull(mode);
        Factor = CheckFactor((float)factor, nameof(factor), "OrthogonalRegularizer");
        if (mode is not ("rows" or "columns"))
        {
            throw new ArgumentException($"OrthogonalRegularizer: invalid mode '{mode}'; expected \"rows\" or \"columns\".", nameof(mode));
        }
        Mode = mode;
    }

    /// <summary>The coefficient (Keras's <c>factor</c>, default 0.01).</summary>
    public float Factor { get; }

    /// <summary>"rows" or "columns".</summary>
    public string Mode { get; }

    /// <summary>The penalty <c>factor * 0.5 * mean |cosine|</c> over the distinct pairs of rows (or columns), a float32 scalar.</summary>
    /// <param name="weights">A float32 weight of rank 2.</param>
    /// <exception cref="ArgumentException"><paramref name="weights"/> is not of rank 2.</exception>
    public override Tensor Call(Tensor weights)
    {
        RequireFloat(weights, "OrthogonalRegularizer");
        if (weights.Rank != 2)
        {
            throw new ArgumentException($"OrthogonalRegularizer: the weights must have rank 2; got shape {weights.Shape}.", nameof(weights));
        }
        bool rows = Mode == "rows";
        int axis = rows ? 1 : 0;
        Tensor norm = Ops.Sqrt(Ops.Maximum(Ops.Sum(Ops.Square(weights), axis, keepDims: true), Tensor.Scalar(Epsilon * Epsilon)));
        Tensor unit = weights / norm;
        Tensor product = rows ? Ops.MatMul(unit, Ops.Transpose(unit)) : Ops.MatMul(Ops.Transpose(unit), unit);
        int size = weights.Shape[rows ? 0 : 1];
        float pairs = size * (size - 1f) / 2f;
        return Ops.Sum(Ops.Abs(product * OffDiagonal(size))) * (Factor * 0.5f / pairs);
    }

    /// <summary>1 - eye(size): masks out each row's product with itself.</summary>
    private static Tensor OffDiagonal(int size)
    {
        var mask = new float[size * size];
        Array.Fill(mask, 1f);
        for (int i = 0; i < size; i++) mask[i * size + i] = 0f;
        return Tensor.FromArray(mask, size, size);
    }

    /// <summary>The config: {"factor": factor, "mode": mode}.</summary>
    public override Dictionary<string, object?> GetConfig() => new() { ["factor"] = Factor, ["mode"] = Mode };
}
