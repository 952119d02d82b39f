using Strata;
using Strata.Bench.Shared;
using Strata.Datasets;
using static TorchSharp.torch;
using STensor = Strata.Tensor;
using TTensor = TorchSharp.torch.Tensor;

namespace TorchSharpPeer;

/// <summary>
/// The chapter 8 convnet in Strata and in TorchSharp, trained side by side on Fashion-MNIST from the same
/// initial weights (TorchSharp's, copied into Strata) over the same shuffled batches for the book's 5
/// epochs, then both test accuracies. What is left to differ is float rounding, so the two accuracies show
/// whether Strata trains as torch does, apart from the luck of the random streams that each run draws.
///   dotnet run -c Release --project bench/Peers -- twin --seed 1
/// </summary>
internal static class TwinConvnets
{
    private const int Epochs = 5, BatchSize = 64, Samples = 60000, Pixels = 28 * 28;

    public static void Run(string[] args)
    {
        int seed = Arguments.Int(args, "--seed", 42);
        var ((trainImages, trainLabels), (testImages, testLabels)) = FashionMnist.LoadData();
        float[] images = (trainImages.AsType(DType.Float32) / 255f).ToArray<float>();
        int[] labels = trainLabels.AsType(DType.Int32).ToArray<int>();

        Model strata = Strata.Bench.BookConvnet.Build();
        var torchModel = KerasNetworks.Convnet();
        TTensor[] parameters = torchModel.parameters().ToArray();
        for (int i = 0; i < parameters.Length; i++) strata.TrainableWeights[i].Assign(ToStrata(parameters[i], strata.TrainableWeights[i].Value.Shape));
        var optimizer = new KerasRmsprop(parameters);

        var order = new System.Random(seed);
        int[] permutation = Enumerable.Range(0, Samples).ToArray();
        float[] x = new float[images.Length];
        int[] y = new int[Samples];
        for (int epoch = 0; epoch < Epochs; epoch++)
        {
            order.Shuffle(permutation);
            for (int i = 0; i < Samples; i++)
            {
                Array.Copy(images, permutation[i] * Pixels, x, i * Pixels, Pixels);
                y[i] = labels[permutation[i]];
            }
            var history = strata.Fit(STensor.FromArray(x, Samples, 28, 28, 1), STensor.FromArray(y, Samples), epochs: 1, batchSize: BatchSize, shuffle: false, verbose: 0);
            double torchLoss = TorchEpoch(torchModel, optimizer, x, y);
            Console.WriteLine($"epoch {epoch + 1}: loss Strata {history["loss"][0]:F4}, TorchSharp {torchLoss:F4}");
        }

        STensor test = testImages.Reshape(10000, 28, 28, 1).AsType(DType.Float32) / 255f;
        double strataAccuracy = strata.Evaluate(test, testLabels, verbose: 0)["accuracy"];
        using var _ = no_grad();
        torchModel.eval();
        TTensor testX = tensor(test.ToArray<float>(), new long[] { 10000, 1, 28, 28 }); // one channel: the same order
        TTensor testY = tensor(testLabels.AsType(DType.Int32).ToArray<int>().Select(l => (long)l).ToArray());
        double torchAccuracy = torchModel.call(testX).argmax(1).eq(testY).sum().item<long>() / 10000.0;
        Console.WriteLine($"seed {seed}: test accuracy Strata {strataAccuracy:F4}, TorchSharp {torchAccuracy:F4}");
    }

    /// <summary>One pass over the batches in order, as KerasFit steps; the mean loss.</summary>
    private static double TorchEpoch(nn.Module<TTensor, TTensor> model, KerasRmsprop optimizer, float[] x, int[] y)
    {
        double sum = 0;
        for (int start = 0; start < Samples; start += BatchSize)
        {
            int batch = Math.Min(BatchSize, Samples - start);
            using var scope = NewDisposeScope();
            TTensor xb = tensor(x[(start * Pixels)..((start + batch) * Pixels)], new long[] { batch, 1, 28, 28 });
            TTensor yb = nn.functional.one_hot(tensor(y[start..(start + batch)].Select(l => (long)l).ToArray()), 10).to_type(ScalarType.Float32);
            TTensor loss = KerasLosses.CategoricalCrossentropy(yb, model.call(xb));
            loss.backward();
            optimizer.Step();
            sum += loss.item<float>() * batch;
        }
        return sum / Samples;
    }

    /// <summary>A torch parameter in Strata's layout: conv (O, I, H, W) to (H, W, I, O); dense (10, C·H·W) to (H·W·C, 10), the flattening orders of channels first and last.</summary>
    private static STensor ToStrata(TTensor p, Shape shape)
    {
        using var _ = no_grad();
        TTensor t = p.dim() switch
        {
            4 => p.permute(2, 3, 1, 0),
            2 => p.reshape(10, 128, 3, 3).permute(2, 3, 1, 0).reshape(1152, 10),
            _ => p,
        };
        return STensor.FromArray(t.contiguous().data<float>().ToArray(), shape.ToArray());
    }
}
