using Strata.Layers;

namespace Strata;

/// <summary>A plain stack of layers, each feeding the next, as keras.Sequential.</summary>
/// <example>
/// <code>
/// // Deep Learning with Python, listing 2.2
/// var model = new Sequential(
/// [
///     new Dense(512, activation: "relu"),
///     new Dense(10, activation: "softmax"),
/// ]);
/// model.Compile(optimizer: "rmsprop", loss: "sparse_categorical_crossentropy", metrics: ["accuracy"]);
/// model.Fit(trainImages, trainLabels, epochs: 5, batchSize: 128);
/// </code>
/// </example>
public class Sequential : Model
{
    private readonly List<Layer> _stack = [];

    /// <summary>A stack of <paramref name="layers"/> (empty when null), added in order as by <see cref="Add"/>; named "sequential", "sequential_1", ... when no name is given.</summary>
    public Sequential(IEnumerable<Layer>? layers = null, string? name = null)
        : base(name ?? Naming.Unique("sequential"))
    {
        foreach (Layer layer in layers ?? []) Add(layer);
    }

    /// <summary>The layers in order, without the <see cref="InputLayer"/> if it has one.</summary>
    public override IReadOnlyList<Layer> Layers => _stack.Where(l => l is not InputLayer).ToArray();

    private protected override IReadOnlyList<Layer> LayerList => _stack;

    /// <summary>The last layer's name; empty while there are no layers.</summary>
    public override IReadOnlyList<string> OutputNames => _stack.Count == 0 ? [] : [_stack[^1].Name];

    /// <summary>Appends a layer; an <see cref="InputLayer"/> may only come first, and then builds the model.</summary>
    public void Add(Layer layer)
    {
        ArgumentNullException.ThrowIfNull(layer);
        if (layer is InputLayer && _stack.Count > 0) throw new ArgumentException("Sequential: an InputLayer can only be the first layer.", nameof(layer));
        if (_stack.Any(l => l.Name == layer.Name)) throw new ArgumentException($"Sequential: all layer names must be unique; '{layer.Name}' is already in the model.", nameof(layer));
        _stack.Add(layer);
        // Keras builds a model that starts with its input shape at once, each new layer as it comes.
        if (DeclaredInputShape is int[] shape)
        {
            if (Built) Trace(shape);
            else EnsureBuilt([shape]);
        }
    }

    /// <summary>The first layer when it is an <see cref="InputLayer"/>.</summary>
    internal InputLayer? DeclaredInputLayer => _stack.Count > 0 ? _stack[0] as InputLayer : null;

    /// <summary>The input shape (batch axis -1) when the first layer is an <see cref="InputLayer"/>.</summary>
    internal int[]? DeclaredInputShape => _stack.Count > 0 && _stack[0] is InputLayer input ? [-1, .. input.InputShape] : null;

    private protected override void BuildCore(IReadOnlyList<int[]> inputShapes)
    {
        if (_stack.Count == 0) throw new InvalidOperationException($"Sequential '{Name}' has no layers to build.");
        if (inputShapes.Count != 1) throw new ArgumentException($"Sequential '{Name}' takes one input, got {inputShapes.Count}.");
        Trace(inputShapes[0]);
    }

    /// <summary>Runs one sample of zeros through the stack: every layer not yet built builds for the shape it receives.</summary>
    private void Trace(int[] inputShape)
    {
        Tensor x = Tensor.Zeros(new Shape(inputShape.Select(d => d < 0 ? 1 : d).ToArray()), InputDTypes[0] == DType.String ? DType.String : DType.Float32);
        foreach (Layer layer in _stack) x = layer.Invoke([x], training: false);
    }

    /// <summary>One input, of the dtype its <see cref="InputLayer"/> declares (float32 without one).</summary>
    internal override IReadOnlyList<DType> InputDTypes => [_stack.Count > 0 && _stack[0] is InputLayer input ? input.DType : DType.Float32];

    internal override (Tensor[] Outputs, Tensor?[] Masks) RunMasked(IReadOnlyList<Tensor> inputs, IReadOnlyList<Tensor?> inputMasks, bool training)
    {
        if (inputs.Count != 1) throw new ArgumentException($"Sequential '{Name}' takes one input, got {inputs.Count}.");
        Tensor x = inputs[0];
        Tensor? mask = inputMasks[0];
        foreach (Layer layer in _stack)
        {
            (Tensor[] outputs, Tensor?[] masks) = layer.InvokeMasked([x], [mask], training);
            if (outputs.Length != 1) throw new InvalidOperationException($"Sequential '{Name}': layer '{layer.Name}' returns {outputs.Length} tensors; a Sequential's layers return one each.");
            (x, mask) = (outputs[0], masks[0]);
        }
        return ([x], [mask]);
    }
}
