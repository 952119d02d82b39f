using Strata.Layers;

namespace Strata.Tests.Models;

/// <summary>
/// The contract written on <see cref="Model"/>: a trained model may be used by several threads at once for Predict and
/// Call (each gets exactly what it would get alone); Fit must not run while another thread predicts.
/// </summary>
public class ThreadSafetyTests
{
    [Fact]
    public void PredictAndCallFromSeveralThreadsGiveWhatEachGetsAlone()
    {
        Strata.Random.SetSeed(4);
        var model = new Sequential([new InputLayer([6, 6, 2]), new Conv2D(4, 3, activation: "relu"), new Flatten(), new Dropout(0.5), new Dense(8, activation: "relu"), new Dense(3, activation: "softmax")]);
        model.Compile("adam", "sparse_categorical_crossentropy");
        Tensor train = Tensor.Uniform([32, 6, 6, 2], seed: 1);
        model.Fit(train, Tensor.FromArray(Enumerable.Range(0, 32).Select(i => (long)(i % 3)).ToArray(), 32), epochs: 1, verbose: 0);

        Tensor[] inputs = Enumerable.Range(0, 8).Select(i => Tensor.Uniform([5 + i, 6, 6, 2], seed: 10 + i)).ToArray();
        float[][] alone = inputs.Select(x => model.Predict(x, verbose: 0).ToArray<float>()).ToArray();
        float[][] called = inputs.Select(x => model.Call(x).ToArray<float>()).ToArray();
        var failures = new System.Collections.Concurrent.ConcurrentBag<string>();
        Parallel.For(0, 64, new ParallelOptions { MaxDegreeOfParallelism = 8 }, k =>
        {
            int i = k % inputs.Length;
            if (!model.Predict(inputs[i], verbose: 0).ToArray<float>().SequenceEqual(alone[i])) failures.Add($"Predict, input {i}");
            if (!model.Call(inputs[i]).ToArray<float>().SequenceEqual(called[i])) failures.Add($"Call, input {i}");
        });
        Assert.Empty(failures);
    }
}
