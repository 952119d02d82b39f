namespace Strata.Layers;

/// <summary>
/// A placeholder for a tensor in a functional model: it knows its shape (the batch size unknown)
/// and which layer made it from which inputs, so a <see cref="Model"/> can replay the graph.
/// </summary>
public class SymbolicTensor
{
    internal SymbolicTensor(int[] shape, Layer? layer, IReadOnlyList<SymbolicTensor> inputs, string name, DType dtype = DType.Float32)
    {
        Dims = shape;
        DType = dtype;
        Layer = layer;
        Inputs = inputs;
        Name = name;
        Siblings = [this];
    }

    /// <summary>The shape; null where unknown (the batch axis), as Keras's None.</summary>
    public IReadOnlyList<int?> Shape => Dims.Select(d => d < 0 ? (int?)null : d).ToArray();

    /// <summary>Its name: the input's, or the layer's that made it (with "_1", "_2", ... for a call's later outputs).</summary>
    public string Name { get; }

    /// <summary>The element type: an input's declared one, a layer output's as the layer makes it.</summary>
    public DType DType { get; }

    /// <summary>The dimensions with -1 for unknown ones.</summary>
    internal int[] Dims { get; }

    /// <summary>The layer that produced it; null for a model input.</summary>
    internal Layer? Layer { get; }

    internal IReadOnlyList<SymbolicTensor> Inputs { get; }

    /// <summary>Every output of the layer call that made it, in order (itself alone for a layer of one output).</summary>
    internal SymbolicTensor[] Siblings { get; set; }

    /// <summary>Which of its call's outputs it is (0: the first).</summary>
    internal int OutputIndex => Array.IndexOf(Siblings, this);

    /// <summary>Keras's notation: (None, 784).</summary>
    internal static string FormatShape(int[] dims) =>
        "(" + string.Join(", ", dims.Select(d => d < 0 ? "None" : d.ToString(System.Globalization.CultureInfo.InvariantCulture))) + (dims.Length == 1 ? ",)" : ")");

    /// <summary>The tensor's shape (None for unknown axes), dtype and name, e.g. <c>&lt;SymbolicTensor shape=(None, 784), dtype=float32, name=input_layer&gt;</c>.</summary>
    public override string ToString() => $"<SymbolicTensor shape={FormatShape(Dims)}, dtype={DType.Name()}, name={Name}>";
}

/// <summary>A model input, as <c>keras.Input(shape=...)</c>: the shape excludes the batch axis; -1 marks an axis of any size.</summary>
public sealed class Input : SymbolicTensor
{
    /// <summary>A model input of samples of <paramref name="shape"/>.</summary>
    /// <param name="shape">The shape of one sample, without the batch axis; each dimension positive, or -1 for any size.</param>
    /// <param name="name">The input's name; null for "input_layer" made unique.</param>
    /// <param name="dtype">The element type; float32 by default, <c>DType.String</c> for texts.</param>
    public Input(int[] shape, string? name = null, DType dtype = DType.Float32)
        : base([-1, .. CheckShape(shape)], null, [], name ?? Naming.Unique("input_layer"), dtype)
    {
    }

    /// <summary>Sizes, or -1 for an axis whose size each batch may choose (Keras's None: a sequence's length).</summary>
    private static int[] CheckShape(int[] shape)
    {
        ArgumentNullException.ThrowIfNull(shape);
        return shape.All(d => d > 0 || d == -1) ? shape
            : throw new ArgumentException($"Input: every dimension of shape {Strata.Shape.Format(shape)} must be positive, or -1 for any size (the batch axis is implicit).", nameof(shape));
    }
}
