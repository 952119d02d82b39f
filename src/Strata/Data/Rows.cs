namespace Strata;

/// <summary>Tensors of as many samples each, read one sample (a view of a row) at a time: the source of <c>Dataset.FromTensors</c>.</summary>
internal sealed class Rows
{
    private readonly Tensor[] _tensors;
    private readonly Shape[] _rowShapes;
    private readonly int[] _rowSizes;

    private Rows(Tensor[] tensors, int count)
    {
        _tensors = tensors;
        Count = count;
        _rowShapes = tensors.Select(t => Shape.Own(t.Shape.Dims[1..])).ToArray();
        _rowSizes = _rowShapes.Select(s => s.Size).ToArray();
    }

    public int Count { get; }

    public static Rows Of(string op, params (string Name, Tensor Tensor)[] named)
    {
        foreach ((string name, Tensor t) in named)
        {
            if (t is null) throw new ArgumentNullException(name, $"Dataset.{op}: {name} is null.");
            if (t.Rank == 0) throw new ArgumentException($"Dataset.{op}: {name} needs a first axis of samples, got a scalar.", name);
        }
        int count = named[0].Tensor.Shape[0];
        foreach ((string name, Tensor t) in named)
        {
            if (t.Shape[0] != count)
            {
                throw new ArgumentException($"Dataset.{op}: all tensors must hold the same number of samples; {named[0].Name} has shape {named[0].Tensor.Shape} but {name} has shape {t.Shape}.", name);
            }
        }
        // A variable's storage is assigned in place: the dataset reads a copy taken now.
        return new(named.Select(n => n.Tensor is Variable v ? v.Copy() : n.Tensor).ToArray(), count);
    }

    public IEnumerable<T> Each<T>(Func<int, T> element)
    {
        for (int i = 0; i < Count; i++) yield return element(i);
    }

    /// <summary>Sample <paramref name="row"/> of tensor <paramref name="tensor"/>: a view, with the first axis dropped.</summary>
    public Tensor At(int tensor, int row)
    {
        Tensor t = _tensors[tensor];
        return new Tensor(t.Buffer, t.Offset + row * _rowSizes[tensor], _rowShapes[tensor], t.DType);
    }
}
