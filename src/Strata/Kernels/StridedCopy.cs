using Strata.Compilation;

namespace Strata.Kernels;

/// <summary>
/// Copies elements between two strided views of the same shape: the one kernel behind
/// broadcasting to a shape, transposing, slicing, a slice's gradient and concatenation.
/// </summary>
internal static class StridedCopy
{
    /// <summary>A new contiguous tensor of <paramref name="outShape"/> read from <paramref name="source"/> through strides.</summary>
    public static Tensor Gather(string op, Tensor source, int start, int[] strides, Shape outShape)
    {
        int[] outStrides = outShape.Strides();
        var kernel = new Kernel(op, (x, y) => Copy(x[0].Buffer, x[0].Offset + start, strides, y.Buffer, y.Offset, outStrides, y.Shape.Dims),
            $"start={start}, strides=[{string.Join(",", strides)}]");
        return Ops.Run(kernel, outShape, source.DType, source);
    }

    /// <summary>Copies a region of <paramref name="dims"/> from one buffer to another, each walked by its own strides.</summary>
    public static void Copy(Array source, int sourceOffset, int[] sourceStrides, Array destination, int destinationOffset, int[] destinationStrides, int[] dims)
    {
        switch (source)
        {
            case float[] f: Copy(f, sourceOffset, sourceStrides, (float[])destination, destinationOffset, destinationStrides, dims); break;
            case int[] i: Copy(i, sourceOffset, sourceStrides, (int[])destination, destinationOffset, destinationStrides, dims); break;
            case long[] l: Copy(l, sourceOffset, sourceStrides, (long[])destination, destinationOffset, destinationStrides, dims); break;
            case byte[] b: Copy(b, sourceOffset, sourceStrides, (byte[])destination, destinationOffset, destinationStrides, dims); break;
            default: Copy((bool[])source, sourceOffset, sourceStrides, (bool[])destination, destinationOffset, destinationStrides, dims); break;
        }
    }

    private static void Copy<T>(T[] src, int srcOffset, int[] srcStrides, T[] dst, int dstOffset, int[] dstStrides, int[] dims)
    {
        int size = 1;
        foreach (int d in dims) size *= d;
        if (size == 0) return;
        (int[] c, int[][] s) = Broadcasting.Coalesce(dims, srcStrides, dstStrides);
        int n = c.Length == 0 ? 1 : c[^1];
        int si = c.Length == 0 ? 1 : s[0][^1], di = c.Length == 0 ? 1 : s[1][^1];
        var walk = new Odometer(c, s, [srcOffset, dstOffset]);
        for (int done = 0; done < size; done += n)
        {
            int so = walk.Offsets[0], o = walk.Offsets[1];
            if (si == 1 && di == 1) src.AsSpan(so, n).CopyTo(dst.AsSpan(o, n));
            else if (si == 0 && di == 1) dst.AsSpan(o, n).Fill(src[so]);
            else
            {
                for (int i = 0; i < n; i++, so += si, o += di) dst[o] = src[so];
            }
            walk.Next();
        }
    }
}
