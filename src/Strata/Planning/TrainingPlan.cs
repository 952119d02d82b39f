using System.Numerics.Tensors;
using Strata.Layers;
using Strata.Losses;
using Strata.Metrics;

namespace Strata.Planning;

/// <summary>
/// A training step planned once per compiled model and sample shape: the layer chain's forward pass, the
/// loss with its gradient computed in place, the backward pass into gradient buffers kept from step to
/// step, the optimizer's in-place update, and the running loss and metrics, with no tensor, tape or
/// closure created per step. Fit, TrainOnBatch and Evaluate use it when the whole model has a planned
/// form (Dense, Dropout, Activation, Flatten, Reshape in one chain; a loss and metrics with a row form;
/// no sample weights); anything else takes the eager step, which stays the reference the tests hold this to.
/// </summary>
internal sealed class TrainingPlan
{
    private readonly LayerChain _chain;
    private readonly CompiledTraining _compiled;
    private readonly Loss _loss;
    private readonly float _lossWeight;
    private readonly MeanMetricWrapper[] _metrics;
    private readonly Variable[] _variables;
    private readonly Tensor[] _gradients;
    private readonly Shape _sampleY;
    private readonly DType _yType;
    private readonly TrainableFlags _flags;
    private float[] _lossGradient = [];

    private TrainingPlan(LayerChain chain, CompiledTraining compiled, MeanMetricWrapper[] metrics, (Variable, Tensor)[] gradients,
        Tensor y, TrainableFlags flags)
    {
        _chain = chain;
        _compiled = compiled;
        _loss = compiled.OutputLoss(0);
        _lossWeight = compiled.OutputLossWeight(0);
        _metrics = metrics;
        _variables = gradients.Select(g => g.Item1).ToArray();
        _gradients = gradients.Select(g => g.Item2).ToArray();
        (_sampleY, _yType) = (y.Shape, y.DType);
        _flags = flags;
    }

    /// <summary>The plan for this model, compilation and batch, or null when some part has no planned form.</summary>
    public static TrainingPlan? TryCreate(Model model, CompiledTraining compiled, Tensor x, Tensor y)
    {
        // The stages read float32 rows; other inputs (an Input declared Int32) take the eager step.
        if (x.DType != DType.Float32 || compiled.OutputCount != 1 || model.ChainLayers() is not IReadOnlyList<Layer> layers) return null;
        IReadOnlyList<Variable> trainable = model.TrainableWeights;
        var trainableSet = new HashSet<Variable>(trainable, ReferenceEqualityComparer.Instance);
        if (LayerChain.TryCreate(layers, x.Shape.Dims[1..], trainableSet) is not LayerChain chain || chain.OutputDims.Length != 1) return null;
        (Variable, Tensor)[] gradients = chain.Gradients.ToArray();
        if (gradients.Length != trainable.Count) return null; // a variable outside the chain's stages, or one used twice

        int rows = x.Shape[0], columns = chain.OutputFeatures;
        if (y.Rank == 0 || y.Shape[0] != rows || !compiled.OutputLoss(0).HasRowForm(y, rows, columns)) return null;
        var metrics = new List<MeanMetricWrapper>();
        foreach (Metric m in compiled.ResolveMetrics(0, y.Shape, new Shape(rows, columns)))
        {
            if (m is not MeanMetricWrapper wrapper || !wrapper.AcceptsRows(y, rows, columns)) return null;
            metrics.Add(wrapper);
        }
        return new TrainingPlan(chain, compiled, [.. metrics], gradients, y, TrainableFlags.Of(model, layers));
    }

    /// <summary>Whether a batch can take this plan: same compilation, sample shapes and dtypes, and nothing frozen or unfrozen since.</summary>
    public bool Accepts(CompiledTraining compiled, Tensor x, Tensor y) =>
        compiled == _compiled && _chain.Accepts(x) && y.DType == _yType
        && SameSamples(y.Shape, _sampleY) && y.Shape[0] == x.Shape[0] && _flags.Unchanged();

    /// <summary>One optimization step on a batch, then the running loss and metrics (as the eager TrainStep).</summary>
    public void Step(Tensor x, Tensor y)
    {
        int rows = x.Shape[0];
        ReadOnlySpan<float> predictions = _chain.Forward(x, training: true).Span(rows * _chain.OutputFeatures);
        float loss = LossAndGradient(y, predictions, rows);
        UpdateMetrics(y, predictions, rows);
        _chain.Backward(new Rows(_lossGradient, 0), rows);
        _compiled.Optimizer.ApplyGradients(_gradients, _variables);
        _compiled.AddLoss(loss, rows);
    }

    /// <summary>The loss and metrics of a batch in inference mode, added to the running values (as the eager TestStep).</summary>
    public void Test(Tensor x, Tensor y)
    {
        int rows = x.Shape[0];
        ReadOnlySpan<float> predictions = _chain.Forward(x, training: false).Span(rows * _chain.OutputFeatures);
        float loss = LossAndGradient(y, predictions, rows);
        UpdateMetrics(y, predictions, rows);
        _compiled.AddLoss(loss, rows);
    }

    private float LossAndGradient(Tensor y, ReadOnlySpan<float> predictions, int rows)
    {
        if (_lossGradient.Length < predictions.Length) _lossGradient = new float[predictions.Length];
        Span<float> gradient = _lossGradient.AsSpan(0, predictions.Length);
        float loss = _loss.LossAndGradient(y, predictions, rows, _chain.OutputFeatures, gradient);
        if (_lossWeight == 1f) return loss;
        TensorPrimitives.Multiply(gradient, _lossWeight, gradient);
        return loss * _lossWeight;
    }

    private void UpdateMetrics(Tensor y, ReadOnlySpan<float> predictions, int rows)
    {
        foreach (MeanMetricWrapper m in _metrics) m.UpdateRows(y, predictions, rows, _chain.OutputFeatures);
    }

    private static bool SameSamples(Shape a, Shape b)
    {
        if (a.Rank != b.Rank) return false;
        for (int i = 1; i < a.Rank; i++)
        {
            if (a[i] != b[i]) return false;
        }
        return true;
    }

    /// <summary>The Trainable flags of the model, its layers and their weights when the plan was made (they decide which gradients exist).</summary>
    private sealed class TrainableFlags
    {
        private readonly Model _model;
        private readonly bool _modelFlag;
        private readonly Layer[] _layers;
        private readonly bool[] _layerFlags;
        private readonly Variable[] _weights;
        private readonly bool[] _weightFlags;

        private TrainableFlags(Model model, Layer[] layers, Variable[] weights)
        {
            (_model, _modelFlag, _layers, _weights) = (model, model.Trainable, layers, weights);
            _layerFlags = layers.Select(l => l.Trainable).ToArray();
            _weightFlags = weights.Select(w => w.Trainable).ToArray();
        }

        public static TrainableFlags Of(Model model, IReadOnlyList<Layer> layers) =>
            new(model, [.. layers], layers.SelectMany(l => l.OwnWeights).ToArray());

        public bool Unchanged()
        {
            if (_model.Trainable != _modelFlag) return false;
            for (int i = 0; i < _layers.Length; i++)
            {
                if (_layers[i].Trainable != _layerFlags[i]) return false;
            }
            for (int i = 0; i < _weights.Length; i++)
            {
                if (_weights[i].Trainable != _weightFlags[i]) return false;
            }
            return true;
        }
    }
}
