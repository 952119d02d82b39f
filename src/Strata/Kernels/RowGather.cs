namespace Strata.Kernels;

/// <summary>Copies chosen rows (slices along the first axis) of a tensor into another, row after row.</summary>
internal static class RowGather
{
    /// <summary>destination[i] = source[rows[i]] for each i; the destination must hold rows.Length rows of the same width.</summary>
    public static void Copy(Tensor source, ReadOnlySpan<int> rows, Tensor destination)
    {
        int width = source.Rank == 0 ? 1 : source.Size / Math.Max(source.Shape[0], 1);
        if (destination.DType != source.DType || destination.Size != rows.Length * width)
        {
            throw new ArgumentException($"RowGather: {rows.Length} rows of {width} values from {source.Shape} do not fit {destination.Shape}.");
        }
        for (int i = 0; i < rows.Length; i++)
        {
            if ((uint)rows[i] >= (uint)source.Shape[0]) throw new ArgumentException($"RowGather: row {rows[i]} is outside 0..{source.Shape[0] - 1}.");
            Array.Copy(source.Buffer, source.Offset + rows[i] * width, destination.Buffer, destination.Offset + i * width, width);
        }
    }
}
