using System.Runtime.CompilerServices;
using Strata.Compilation;

namespace Strata.Kernels;

/// <summary>
/// Copies elements between two strided views of the same shape: the one kernel behind
/// broadcasting to a shape, transposing, slicing, a slice's gradient and concatenation.
/// </summary>
internal static class StridedCopy
{
    /// <summary>A new contiguous tensor of <paramref name="outShape"/> read from <paramref name="source"/> through strides.</summary>
    public static Tensor Gather(string op, Tensor source, int start, int[] strides, Shape outShape, ElementForm? element = null)
    {
        // The walk is worked out once per kernel, so that a compiled step replays it without allocating.
        var walk = new Walk(outShape.Dims, strides, outShape.Strides());
        var kernel = new Kernel(op, (x, y) => walk.Copy(x[0].Buffer, x[0].Offset + start, y.Buffer, y.Offset),
            $"start={start}, strides=[{string.Join(",", strides)}]")
        { Element = element, Attributes = new StridedRead(start, strides) };
        return Ops.Run(kernel, outShape, source.DType, source);
    }

    /// <summary>Copies a region of <paramref name="dims"/> from one buffer to another, each walked by its own strides.</summary>
    public static void Copy(Array source, int sourceOffset, int[] sourceStrides, Array destination, int destinationOffset, int[] destinationStrides, int[] dims) =>
        new Walk(dims, sourceStrides, destinationStrides).Copy(source, sourceOffset, destination, destinationOffset);

    /// <summary>A region's dimensions and two stride sets, coalesced, with the counters to walk them (reused by each copy).</summary>
    private sealed class Walk
    {
        private readonly int _size;
        private readonly int[] _dims;
        private readonly int[][] _strides;
        private readonly int[] _offsets = new int[2];
        private readonly int[] _index;

        public Walk(int[] dims, int[] sourceStrides, int[] destinationStrides)
        {
            _size = 1;
            foreach (int d in dims) _size *= d;
            (_dims, _strides) = Broadcasting.Coalesce(dims, sourceStrides, destinationStrides);
            _index = new int[Math.Max(_dims.Length - 1, 0)];
        }

        public void Copy(Array source, int sourceOffset, Array destination, int destinationOffset)
        {
            switch (source)
            {
                case float[] f: Copy(f, sourceOffset, (float[])destination, destinationOffset); break;
                case int[] i: Copy(i, sourceOffset, (int[])destination, destinationOffset); break;
                case long[] l: Copy(l, sourceOffset, (long[])destination, destinationOffset); break;
                case byte[] b: Copy(b, sourceOffset, (byte[])destination, destinationOffset); break;
                default: Copy((bool[])source, sourceOffset, (bool[])destination, destinationOffset); break;
            }
        }

        [MethodImpl(MethodImplOptions.AggressiveOptimization)] // hot from the first step: no slow unoptimized tier
        private void Copy<T>(T[] src, int srcOffset, T[] dst, int dstOffset)
        {
            if (_size == 0) return;
            int[] c = _dims;
            int[][] s = _strides;
            int n = c.Length == 0 ? 1 : c[^1];
            int si = c.Length == 0 ? 1 : s[0][^1], di = c.Length == 0 ? 1 : s[1][^1];
            _offsets[0] = srcOffset;
            _offsets[1] = dstOffset;
            var walk = new Odometer(c, s, _offsets, _index);
            for (int done = 0; done < _size; done += n)
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
}

/// <summary>Where a strided copy reads in its source's storage: the first element and each output axis's stride (for ONNX export).</summary>
internal readonly record struct StridedRead(int Start, int[] Strides);
