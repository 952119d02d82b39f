using Strata.Compilation;
using Strata.Kernels;

namespace Strata.Export;

// Strided reads, padding and repeats: how a view or copy of a value maps to ONNX's Transpose, Slice, Pad and Expand.
internal sealed partial class OnnxExporter
{
    /// <summary>
    /// A strided copy as ONNX's Transpose (its strides a permutation of the source's) or Slice (the source's strides,
    /// from an offset): an axis the copy takes whole stays whole whatever the batch; other bounds must not follow it.
    /// </summary>
    private void Strided(Node node, StridedRead read, string input, string output)
    {
        Shape source = _one.Values[node.Inputs[0]].Shape, result = _one.Values[node.Output].Shape;
        int[] strides = source.Strides();
        if (read.Start == 0 && Permutation(_two.Nodes[_one.Nodes.ToList().IndexOf(node)], _two) is long[] perm && perm.Select((a, k) => source[(int)a] == result[k]).All(same => same))
        {
            Emit("Transpose", [input], output, Attribute("perm", perm));
            return;
        }
        if (read.Strides.SequenceEqual(strides))
        {
            Node twin = _two.Nodes[_one.Nodes.ToList().IndexOf(node)];
            long[] starts = Starts(read.Start, strides), twinStarts = Starts(((StridedRead)twin.Kernel.Attributes!).Start, _two.Values[node.Inputs[0]].Shape.Strides());
            Shape twinSource = _two.Values[node.Inputs[0]].Shape, twinResult = _two.Values[node.Output].Shape;
            var ends = new long[source.Rank];
            for (int a = 0; a < source.Rank; a++)
            {
                bool whole = starts[a] == 0 && result[a] == source[a] && twinResult[a] == twinSource[a];
                if (!whole && (starts[a] != twinStarts[a] || result[a] != twinResult[a]))
                {
                    throw new NotSupportedException($"Model.Export: {node.Kernel} cuts an axis that follows the batch; not exported yet.");
                }
                ends[a] = whole ? long.MaxValue : starts[a] + result[a];
            }
            Emit("Slice", [input, Longs(starts), Longs(ends), Longs(Enumerable.Range(0, source.Rank).Select(a => (long)a).ToArray())], output);
            return;
        }
        throw new NotSupportedException($"Model.Export: the op {node.Kernel}{(node.Layer is null ? "" : $" (in layer '{node.Layer}')")} reads its input with strides ONNX export does not map yet.");
    }

    /// <summary>
    /// The axes a strided read permutes, if it reads its whole source in another order (a transpose): each output axis
    /// is the source axis with its stride and size; axes of size 1, which never step, take the source's unused ones.
    /// </summary>
    private static long[]? Permutation(Node node, Graph graph)
    {
        if (node.Kernel.Attributes is not StridedRead { Start: 0 } read) return null;
        Shape source = graph.Values[node.Inputs[0]].Shape, result = graph.Values[node.Output].Shape;
        if (source.Rank != result.Rank || source.Size != result.Size) return null;
        int[] strides = source.Strides();
        var perm = new long[result.Rank];
        var used = new bool[source.Rank];
        for (int k = 0; k < result.Rank; k++)
        {
            if (result[k] == 1) continue;
            int j = Enumerable.Range(0, source.Rank).FirstOrDefault(a => !used[a] && strides[a] == read.Strides[k] && source[a] == result[k], -1);
            if (j < 0) return null;
            (perm[k], used[j]) = (j, true);
        }
        for (int k = 0; k < result.Rank; k++)
        {
            if (result[k] != 1) continue;
            int j = Enumerable.Range(0, source.Rank).FirstOrDefault(a => !used[a] && source[a] == 1, -1);
            if (j < 0) return null;
            (perm[k], used[j]) = (j, true);
        }
        return perm;
    }

    /// <summary>Zeros around the input: ONNX's Pad, its pads the same whatever the batch.</summary>
    private void Padding(Node node, PadBegin pad, string input, string output)
    {
        Shape source = _one.Values[node.Inputs[0]].Shape, result = _one.Values[node.Output].Shape;
        long[] ends = result.Dims.Select((d, a) => (long)(d - source[a] - pad.Begin[a])).ToArray();
        Shape twinSource = _two.Values[node.Inputs[0]].Shape, twinResult = _two.Values[node.Output].Shape;
        if (ends.Where((e, a) => e != twinResult[a] - twinSource[a] - pad.Begin[a]).Any()) throw new NotSupportedException($"Model.Export: {node.Kernel} pads by an amount that follows the batch; not exported yet.");
        Emit("Pad", [input, Longs([.. pad.Begin.Select(b => (long)b), .. ends])], output);
    }

    /// <summary>
    /// A strided read that repeats values (stride 0: broadcasting, upsampling) as ONNX's Expand: the input reshaped with
    /// a 1 at each repeated axis, then expanded to the repeats. Read from the batch-of-2 trace, where the batch axis steps.
    /// </summary>
    private void Broadcast(Node node, string input, string output)
    {
        Node twin = _two.Nodes[_one.Nodes.ToList().IndexOf(node)];
        int[] strides = ((StridedRead)twin.Kernel.Attributes!).Strides;
        Shape result = _two.Values[twin.Output].Shape, one = _one.Values[node.Output].Shape;
        bool[] repeated = strides.Select((s, k) => s == 0 && result[k] > 1).ToArray();
        if (repeated.Where((r, k) => r && result[k] != one[k]).Any()) throw new NotSupportedException($"Model.Export: {node.Kernel} repeats along the batch; not exported yet.");
        // The other axes must read the input in its own order (row-major), so that a reshape gives them.
        int[] keptDims = result.Dims.Select((d, k) => repeated[k] ? 1 : d).ToArray();
        int[] contiguous = new Shape(keptDims).Strides();
        bool inOrder = keptDims.Select((d, k) => repeated[k] || d == 1 || strides[k] == contiguous[k]).All(ok => ok)
            && keptDims.Aggregate(1L, (a, d) => a * d) == _two.Values[twin.Inputs[0]].Shape.Size && ((StridedRead)twin.Kernel.Attributes!).Start == 0;
        if (!inOrder) throw new NotSupportedException($"Model.Export: {node.Kernel} reads its input out of order while repeating it; not exported yet.");
        long[] kept = result.Dims.Select((d, k) => repeated[k] ? 1L : d == one[k] ? d : -1L).ToArray();
        long[] repeats = result.Dims.Select((d, k) => repeated[k] ? (long)d : 1L).ToArray();
        string reshaped = Emit("Reshape", [input, Longs(kept)], Temporary());
        Emit("Expand", [reshaped, Longs(repeats)], output);
    }

    /// <summary>An offset in a contiguous array as its index along each axis.</summary>
    private static long[] Starts(int offset, int[] strides)
    {
        var starts = new long[strides.Length];
        for (int a = 0; a < strides.Length; a++)
        {
            starts[a] = strides[a] == 0 ? 0 : offset / strides[a];
            offset -= (int)starts[a] * strides[a];
        }
        return starts;
    }
}
