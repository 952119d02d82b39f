using Strata.Layers;

namespace Strata.SaveWorker;

/// <summary>
/// The model the save worker writes: a few MB of weights, drawn from a seed so that the test
/// process can rebuild both versions and compare a saved file with them bit for bit.
/// </summary>
public static class WorkerModel
{
    /// <summary>Version 0 or 1 of the model for <paramref name="seed"/>: same architecture, different weights.</summary>
    public static Sequential Build(int seed, int version)
    {
        var model = new Sequential([new InputLayer([1024]), new Dense(512, name: "hidden"), new Dense(256, name: "head")]);
        Tensor[] weights = model.GetWeights();
        // Explicit seeds, not the global generator: the test process builds the same models in
        // the middle of other tests.
        model.SetWeights(weights.Select((w, i) => Tensor.Uniform(w.Shape.ToArray(), -1f, 1f, seed: (seed * 2 + version) * 16 + i)).ToArray());
        return model;
    }
}
