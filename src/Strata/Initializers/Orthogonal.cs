namespace Strata.Initializers;

/// <summary>
/// An orthogonal matrix times <paramref name="gain"/>, as keras.initializers.Orthogonal: the Q of the
/// QR decomposition of a normal random matrix, with R's diagonal made positive so that Q is uniformly
/// distributed. A shape (d1, ..., dn) is treated as the matrix (d1···dn-1, dn); its rows are orthonormal
/// when there are fewer rows than columns, else its columns are.
/// </summary>
public class Orthogonal(double gain = 1, int? seed = null) : RandomInitializer(seed)
{
    /// <summary>The factor the orthogonal matrix is multiplied by (Keras's <c>gain</c>, default 1).</summary>
    public float Gain { get; } = (float)gain;

    /// <summary>A new orthogonal matrix of <paramref name="shape"/>, times <see cref="Gain"/>.</summary>
    /// <param name="shape">The shape of the weight; rank 2 or more.</param>
    /// <exception cref="ArgumentException"><paramref name="shape"/> has rank below 2.</exception>
    public override Tensor Call(int[] shape)
    {
        ArgumentNullException.ThrowIfNull(shape);
        if (shape.Length < 2)
        {
            throw new ArgumentException($"Orthogonal: the shape must have rank 2 or more; got [{string.Join(", ", shape)}] of rank {shape.Length}.", nameof(shape));
        }
        int rows = 1;
        for (int i = 0; i < shape.Length - 1; i++) rows *= shape[i];
        int cols = shape[^1];
        int m = Math.Max(rows, cols), n = Math.Min(rows, cols);

        // A tall (m, n) normal matrix, drawn row-major as Keras draws it.
        Tensor t = NewTensor(shape);
        var a = new float[m * n];
        Generator().FillNormal(a, 0f, 1f);
        double[][] q = OrthonormalColumns(a, m, n);

        // Q is (m, n); a wide result is its transpose.
        Span<float> values = t.Span<float>();
        for (int i = 0; i < m; i++)
        {
            for (int j = 0; j < n; j++)
            {
                float v = (float)(Gain * q[j][i]);
                if (rows >= cols) values[i * n + j] = v;
                else values[j * m + i] = v;
            }
        }
        return t;
    }

    /// <summary>
    /// The columns of Q in the QR decomposition of the row-major (m, n) matrix <paramref name="a"/>
    /// with R's diagonal positive — which is what Gram–Schmidt gives, so no sign fix is needed (Keras
    /// multiplies a Householder Q by sign(diag R) to reach the same Q). Each column is orthogonalized
    /// twice against the previous ones ("twice is enough"), in double precision, for orthogonality to
    /// rounding level.
    /// </summary>
    private static double[][] OrthonormalColumns(float[] a, int m, int n)
    {
        var q = new double[n][];
        for (int j = 0; j < n; j++)
        {
            var v = new double[m];
            for (int i = 0; i < m; i++) v[i] = a[i * n + j];
            for (int pass = 0; pass < 2; pass++)
            {
                for (int k = 0; k < j; k++)
                {
                    double r = Dot(q[k], v);
                    for (int i = 0; i < m; i++) v[i] -= r * q[k][i];
                }
            }
            double norm = Math.Sqrt(Dot(v, v));
            // A zero norm needs a random matrix of deficient rank (probability zero); Keras's sign(0) zeroes that column too.
            double inverse = norm > 0 ? 1.0 / norm : 0.0;
            for (int i = 0; i < m; i++) v[i] *= inverse;
            q[j] = v;
        }
        return q;
    }

    private static double Dot(double[] x, double[] y)
    {
        double sum = 0;
        for (int i = 0; i < x.Length; i++) sum += x[i] * y[i];
        return sum;
    }

    /// <summary>The config: the seed and the gain.</summary>
    public override Dictionary<string, object?> GetConfig()
    {
        Dictionary<string, object?> config = base.GetConfig();
        config["gain"] = Gain;
        return config;
    }
}
