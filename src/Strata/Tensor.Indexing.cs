using System.Runtime.CompilerServices;

namespace Strata;

// Python-style indexing with C# indices and ranges: x[..10000], x[^100..], x[3], x[.., 1..3].
public partial class Tensor
{
    /// <summary>Slices the leading axes, one range each (the rest are kept whole). Slicing only the first axis copies nothing.</summary>
    [IndexerName("Slice")] // "Item" is the scalar accessor's name
    public Tensor this[params Range[] ranges]
    {
        get
        {
            ArgumentNullException.ThrowIfNull(ranges);
            if (ranges.Length > Rank) throw new ArgumentException($"Tensor indexer: {ranges.Length} ranges given for a tensor of shape {Shape}.", nameof(ranges));
            var begin = new int[Rank];
            int[] size = Shape.ToArray();
            for (int i = 0; i < ranges.Length; i++)
            {
                (begin[i], size[i]) = Resolve(ranges[i], Shape.Dims[i], i);
            }
            return Ops.Slice(this, begin, size);
        }
    }

    /// <summary>The sub-tensor at one position of the first axis (rank drops by one); ^1 is the last.</summary>
    [IndexerName("Slice")]
    public Tensor this[Index index]
    {
        get
        {
            if (Rank == 0) throw new ArgumentException("Tensor indexer: a scalar has no axis to index.");
            int dim = Shape.Dims[0];
            int i = index.IsFromEnd ? dim - index.Value : index.Value;
            if (i < 0 || i >= dim) throw new ArgumentException($"Tensor indexer: index {index} is out of range for axis 0 of shape {Shape}.", nameof(index));
            var begin = new int[Rank];
            int[] size = Shape.ToArray();
            begin[0] = i;
            size[0] = 1;
            return Ops.Reshape(Ops.Slice(this, begin, size), Shape.Dims[1..]);
        }
    }

    private (int Begin, int Size) Resolve(Range range, int dim, int axis)
    {
        int start = range.Start.IsFromEnd ? dim - range.Start.Value : range.Start.Value;
        int end = range.End.IsFromEnd ? dim - range.End.Value : range.End.Value;
        if (start < 0 || end > dim || start > end)
        {
            throw new ArgumentException($"Tensor indexer: range {range} does not fit axis {axis} of shape {Shape} (size {dim}).");
        }
        return (start, end - start);
    }
}
