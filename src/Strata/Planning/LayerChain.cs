using Strata.Layers;

namespace Strata.Planning;

/// <summary>
/// A model whose layers form a single chain, each with a planned stage, fixed for one sample shape: the
/// forward pass (and the backward pass) of a batch runs stage after stage through buffers sized once for
/// the largest batch seen. A model with another layer, several inputs or outputs, or a branch has none.
/// </summary>
internal sealed class LayerChain
{
    private readonly PlannedStage[] _stages;
    private readonly int[] _sampleDims;
    private readonly int _firstWithGradients;
    private int _capacity;

    private LayerChain(PlannedStage[] stages, int[] sampleDims, int[] outputDims)
    {
        _stages = stages;
        _sampleDims = sampleDims;
        OutputDims = outputDims;
        _firstWithGradients = Array.FindIndex(stages, s => s.Gradients.Any());
    }

    /// <summary>The dimensions of one sample of the output.</summary>
    public int[] OutputDims { get; }

    /// <summary>The values per sample the last stage puts out.</summary>
    public int OutputFeatures => _stages[^1].OutputFeatures;

    /// <summary>The stages' trainable variables and their gradient buffers, from input to output.</summary>
    public IEnumerable<(Variable Variable, Tensor Gradient)> Gradients => _stages.SelectMany(s => s.Gradients);

    /// <summary>The chain of <paramref name="layers"/> for samples of <paramref name="sampleDims"/>, or null.</summary>
    public static LayerChain? TryCreate(IReadOnlyList<Layer>? layers, int[] sampleDims, IReadOnlySet<Variable> trainable)
    {
        if (layers is null || layers.Count == 0) return null;
        var stages = new PlannedStage[layers.Count];
        int[] dims = sampleDims;
        for (int i = 0; i < layers.Count; i++)
        {
            if (PlannedStage.For(layers[i], dims, trainable) is not (PlannedStage stage, int[] next)) return null;
            (stages[i], dims) = (stage, next);
        }
        return new LayerChain(stages, sampleDims, dims);
    }

    /// <summary>Whether <paramref name="x"/> is a float batch of the samples this chain was planned for.</summary>
    public bool Accepts(Tensor x)
    {
        if (x.DType != DType.Float32 || x.Rank != _sampleDims.Length + 1) return false;
        for (int i = 0; i < _sampleDims.Length; i++)
        {
            if (x.Shape[i + 1] != _sampleDims[i]) return false;
        }
        return true;
    }

    /// <summary>Runs the stages on a batch; the result lives in a stage's buffer until the next pass.</summary>
    public Rows Forward(Tensor x, bool training) => Forward(Rows.Of(x), x.Shape[0], training);

    /// <summary>The same on <paramref name="rows"/> samples of a buffer (a slice of a larger input, for Predict).</summary>
    public Rows Forward(Rows input, int rows, bool training)
    {
        Reserve(rows);
        Rows values = input;
        foreach (PlannedStage stage in _stages) values = stage.Forward(values, rows, training);
        return values;
    }

    /// <summary>The outputs for every sample of <paramref name="x"/>, computed <paramref name="batchSize"/> rows at a time, in a new tensor.</summary>
    public Tensor Predict(Tensor x, int batchSize)
    {
        int count = x.Shape[0], inFeatures = _stages[0].InputFeatures, outFeatures = OutputFeatures;
        var result = new Tensor(Shape.Own([count, .. OutputDims]), DType.Float32);
        Span<float> output = result.Span<float>();
        for (int start = 0; start < count; start += batchSize)
        {
            int rows = Math.Min(batchSize, count - start);
            Rows values = Forward(new Rows(x.Array<float>(), x.Offset + (start * inFeatures)), rows, training: false);
            values.Span(rows * outFeatures).CopyTo(output.Slice(start * outFeatures));
        }
        return result;
    }

    /// <summary>Fills every gradient buffer from dLoss/dOutput of the last forward pass (overwritten on the way).</summary>
    public void Backward(Rows outputGradient, int rows)
    {
        Rows gradient = outputGradient;
        for (int i = _stages.Length - 1; i >= _firstWithGradients && i >= 0; i--)
        {
            gradient = _stages[i].Backward(gradient, rows, inputGradient: i > _firstWithGradients);
        }
    }

    private void Reserve(int rows)
    {
        if (rows <= _capacity) return;
        foreach (PlannedStage stage in _stages) stage.Reserve(rows);
        _capacity = rows;
    }
}
