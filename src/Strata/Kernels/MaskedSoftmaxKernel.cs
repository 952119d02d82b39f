using System.Numerics.Tensors;

namespace Strata.Kernels;

/// <summary>
/// Softmax over the last axis with Keras's mask (attention's softmax): where the mask, broadcast to the scores, is
/// 0, −1e9 is added to the score first, as keras.layers.Softmax called with a mask; then each row is softmaxed in
/// one pass over it. The gradient y·(g − Σ g·y) is one pass per row too. Rows are split between the threads; each
/// row's arithmetic is the same whatever the split (deterministic).
/// </summary>
internal sealed unsafe class MaskedSoftmaxKernel
{
    /// <summary>Keras's large negative number for float32, added where the mask is 0.</summary>
    public const float MaskedScore = -1e9f;

    private const int MinElementsPerThread = 16384;

    private readonly int[] _dims, _maskStrides;
    private readonly int _rows, _length;

    /// <param name="shape">The scores' shape (rank ≥ 1; softmax over its last axis).</param>
    /// <param name="mask">The mask's shape, broadcastable to the scores', or null for none.</param>
    public MaskedSoftmaxKernel(Shape shape, Shape? mask)
    {
        _dims = shape.ToArray();
        _length = _dims[^1];
        _rows = _length == 0 ? 0 : (int)(shape.Size / _length);
        _maskStrides = mask is Shape m ? Broadcasting.Strides(m, shape) : [];
    }

    public void Forward(ReadOnlySpan<float> x, ReadOnlySpan<float> mask, Span<float> y)
    {
        fixed (float* px = x, pm = mask, py = y)
        {
            float* xIn = px, mIn = _maskStrides.Length == 0 ? null : pm, yOut = py;
            Rows((r0, r1) =>
            {
                for (int r = r0; r < r1; r++)
                {
                    var row = new Span<float>(yOut + ((long)r * _length), _length);
                    new ReadOnlySpan<float>(xIn + ((long)r * _length), _length).CopyTo(row);
                    if (mIn is not null) AddMask(row, mIn + MaskOffset(r), _maskStrides[^1]);
                    SoftmaxKernel.Row(row, row, log: false);
                }
            });
        }
    }

    /// <summary>dx = y·(g − Σ g·y), row by row.</summary>
    public void Backward(ReadOnlySpan<float> y, ReadOnlySpan<float> g, Span<float> dx)
    {
        fixed (float* py = y, pg = g, pd = dx)
        {
            float* yIn = py, gIn = pg, dOut = pd;
            Rows((r0, r1) =>
            {
                for (int r = r0; r < r1; r++)
                {
                    long at = (long)r * _length;
                    var yRow = new ReadOnlySpan<float>(yIn + at, _length);
                    var gRow = new ReadOnlySpan<float>(gIn + at, _length);
                    var dRow = new Span<float>(dOut + at, _length);
                    TensorPrimitives.Subtract(gRow, TensorPrimitives.Dot(gRow, yRow), dRow);
                    TensorPrimitives.Multiply(dRow, yRow, dRow);
                }
            });
        }
    }

    private void Rows(Action<int, int> rows)
    {
        int parts = Math.Max(1, Math.Min(Engine.Threads, (int)((long)_rows * _length / MinElementsPerThread)));
        ParallelElementwise.ForItems(_rows, parts, rows);
    }

    private static void AddMask(Span<float> row, float* mask, int stride)
    {
        for (int j = 0; j < row.Length; j++)
        {
            if (mask[j * stride] == 0f) row[j] += MaskedScore;
        }
    }

    /// <summary>Where row r's mask starts: its coordinates on the leading axes through the mask's broadcast strides.</summary>
    private long MaskOffset(int r)
    {
        long offset = 0;
        for (int a = _dims.Length - 2; a >= 0; a--)
        {
            offset += (long)(r % _dims[a]) * _maskStrides[a];
            r /= _dims[a];
        }
        return offset;
    }
}
