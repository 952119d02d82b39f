using Strata.Layers;

namespace Strata.Tests.Models;

/// <summary>DESIGN.md: the same seed gives bit-identical weights and losses, whatever the number of threads.</summary>
public class DeterminismTests
{
    private static (float[][] Weights, double Loss) TrainOneEpoch(int threads)
    {
        int saved = Engine.Threads;
        try
        {
            Engine.Threads = threads;
            Strata.Random.SetSeed(42);
            Tensor x = Tensor.Uniform([2048, 784], seed: 1);
            Tensor y = Utils.ToCategorical(Tensor.FromArray(Enumerable.Range(0, 2048).Select(i => i * 7 % 10).ToArray()), 10);
            var model = new Sequential([new Dense(512, activation: "relu"), new Dense(10, activation: "softmax")]);
            model.Compile(optimizer: "rmsprop", loss: "categorical_crossentropy");
            History history = model.Fit(x, y, epochs: 1, batchSize: 128, verbose: 0);
            return (model.GetWeights().Select(w => w.ToArray<float>()).ToArray(), history["loss"][0]);
        }
        finally
        {
            Engine.Threads = saved;
        }
    }

    [Fact]
    public void OneAndTwoThreadsGiveBitIdenticalWeights()
    {
        (float[][] one, double lossOne) = TrainOneEpoch(1);
        (float[][] two, double lossTwo) = TrainOneEpoch(2);
        Assert.Equal(lossOne, lossTwo);
        for (int i = 0; i < one.Length; i++) Assert.Equal(one[i], two[i]);
    }
}
