namespace Strata.Kernels;

/// <summary>NumPy's broadcasting rules: align shapes on the right; a dimension of 1 stretches.</summary>
internal static class Broadcasting
{
    /// <summary>The shape both operands broadcast to, or an error naming the op and both shapes.</summary>
    public static Shape Result(Shape a, Shape b, string op) => TryResult(a, b, out Shape result) ? result
        : throw new ArgumentException($"{op}: shapes {a} and {b} cannot be broadcast together.");

    /// <summary>The broadcast shape, or false when some aligned dimensions differ and neither is 1.</summary>
    public static bool TryResult(Shape a, Shape b, out Shape result)
    {
        result = a;
        if (a == b) return true;
        int rank = Math.Max(a.Rank, b.Rank);
        var dims = new int[rank];
        for (int i = 0; i < rank; i++)
        {
            int da = DimFromRight(a, rank - 1 - i), db = DimFromRight(b, rank - 1 - i);
            if (da != db && da != 1 && db != 1) return false;
            dims[i] = da == 1 ? db : da;
        }
        result = Shape.Own(dims);
        return true;
    }

    /// <summary>Whether <paramref name="from"/> broadcasts to exactly <paramref name="to"/>.</summary>
    public static bool CanBroadcastTo(Shape from, Shape to)
    {
        if (from.Rank > to.Rank) return false;
        for (int i = 1; i <= from.Rank; i++)
        {
            int f = from.Dims[^i];
            if (f != 1 && f != to.Dims[^i]) return false;
        }
        return true;
    }

    /// <summary>The element strides of a contiguous tensor of <paramref name="shape"/> seen through <paramref name="outShape"/>: 0 on stretched axes.</summary>
    public static int[] Strides(Shape shape, Shape outShape)
    {
        int[] own = shape.Strides();
        var strides = new int[outShape.Rank];
        int shift = outShape.Rank - shape.Rank;
        for (int i = 0; i < shape.Rank; i++)
        {
            strides[i + shift] = shape.Dims[i] == 1 ? 0 : own[i];
        }
        return strides;
    }

    private static int DimFromRight(Shape s, int fromRight) => fromRight < s.Rank ? s.Dims[s.Rank - 1 - fromRight] : 1;

    /// <summary>
    /// Merges adjacent axes that every operand walks contiguously and drops axes of size 1,
    /// so loops run over as few, as long rows as possible.
    /// </summary>
    public static (int[] Dims, int[][] Strides) Coalesce(int[] dims, params int[][] strides)
    {
        var outDims = new List<int>(dims.Length);
        var outStrides = new List<int>[strides.Length];
        for (int s = 0; s < strides.Length; s++) outStrides[s] = new List<int>(dims.Length);
        for (int i = 0; i < dims.Length; i++)
        {
            if (dims[i] == 1) continue;
            int last = outDims.Count - 1;
            bool merge = last >= 0;
            for (int s = 0; s < strides.Length && merge; s++)
            {
                merge = outStrides[s][last] == strides[s][i] * dims[i];
            }
            if (merge)
            {
                outDims[last] *= dims[i];
                for (int s = 0; s < strides.Length; s++) outStrides[s][last] = strides[s][i];
            }
            else
            {
                outDims.Add(dims[i]);
                for (int s = 0; s < strides.Length; s++) outStrides[s].Add(strides[s][i]);
            }
        }
        return (outDims.ToArray(), Array.ConvertAll(outStrides, l => l.ToArray()));
    }
}
