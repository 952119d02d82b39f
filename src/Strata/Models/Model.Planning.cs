using Strata.Layers;
using Strata.Planning;

namespace Strata;

public partial class Model
{
    private TrainingPlan? _trainingPlan;
    private (CompiledTraining Compiled, Shape X, Shape Y)? _declined;
    private LayerChain? _inferenceChain;
    private int _planInUse;

    /// <summary>Whether Fit, Evaluate and Predict may take planned steps (tests turn it off to compare with the eager path).</summary>
    internal bool PlansEnabled { get; set; } = true;

    /// <summary>Whether a training plan exists (the last batch may still have been refused it); for tests.</summary>
    internal bool HasTrainingPlan => _trainingPlan is not null;

    /// <summary>Whether Predict has planned a forward chain; for tests.</summary>
    internal bool HasInferenceChain => _inferenceChain is not null;

    /// <summary>The layers in order when they form one chain from the single input to the single output; otherwise null.</summary>
    internal virtual IReadOnlyList<Layer>? ChainLayers()
    {
        if (_inputs.Length != 1 || _outputs.Length != 1) return null;
        SymbolicTensor previous = _inputs[0];
        foreach (SymbolicTensor step in _steps)
        {
            if (step.Inputs.Count != 1 || !ReferenceEquals(step.Inputs[0], previous)) return null;
            previous = step;
        }
        return ReferenceEquals(previous, _outputs[0]) ? _steps.Select(s => s.Layer!).ToArray() : null;
    }

    /// <summary>Runs <paramref name="work"/> with the plan for this batch, if there is one and no other call is using it; false otherwise.</summary>
    private bool WithTrainingPlan(CompiledTraining compiled, Tensor[] x, Tensor[] y, Tensor? sampleWeight, Action<TrainingPlan, Tensor, Tensor> work)
    {
        if (!PlansEnabled || sampleWeight is not null || x.Length != 1 || y.Length != 1) return false;
        if (Interlocked.Exchange(ref _planInUse, 1) == 1) return false;
        try
        {
            if (PlanFor(compiled, x[0], y[0]) is not TrainingPlan plan) return false;
            work(plan, x[0], y[0]);
            return true;
        }
        finally
        {
            Volatile.Write(ref _planInUse, 0);
        }
    }

    private TrainingPlan? PlanFor(CompiledTraining compiled, Tensor x, Tensor y)
    {
        if (_trainingPlan is not null && _trainingPlan.Accepts(compiled, x, y)) return _trainingPlan;
        if (_declined is (CompiledTraining c, Shape dx, Shape dy) && c == compiled && dx == x.Shape && dy == y.Shape) return null;
        if (ChainLayers()?.Any(l => !l.Built) ?? false) return null; // the eager step builds them; plan the next batch
        _trainingPlan = TrainingPlan.TryCreate(this, compiled, x, y);
        _declined = _trainingPlan is null ? (compiled, x.Shape, y.Shape) : null;
        return _trainingPlan;
    }

    /// <summary>Predict through the layer chain, batch by batch into one new tensor; null when the model or input has no planned form.</summary>
    private Tensor? PlannedPredict(Tensor[] x, int batchSize)
    {
        if (!PlansEnabled || x.Length != 1 || x[0].Rank == 0) return null;
        if (Interlocked.Exchange(ref _planInUse, 1) == 1) return null;
        try
        {
            Tensor input = x[0];
            if (_inferenceChain is null || !_inferenceChain.Accepts(input))
            {
                int[] sample = input.Shape.Dims[1..];
                _inferenceChain = input.DType == DType.Float32 ? LayerChain.TryCreate(ChainLayers(), sample, new HashSet<Variable>()) : null;
                if (_inferenceChain is null || !_inferenceChain.Accepts(input)) return null;
            }
            return _inferenceChain.Predict(input, batchSize);
        }
        finally
        {
            Volatile.Write(ref _planInUse, 0);
        }
    }
}
