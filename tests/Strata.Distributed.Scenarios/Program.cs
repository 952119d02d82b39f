// The data-parallel scenarios the tests run under mpirun -np N: each rank writes what it saw into the folder given,
// and the test compares. Usage: Strata.Distributed.Scenarios <scenario> <folder>.
using System.Globalization;
using Strata;
using Strata.Callbacks;
using Strata.Datasets;
using Strata.Distributed;
using Strata.Layers;

string scenario = args[0], folder = args[1];
Engine.Threads = 1; // one core a rank, as the tests and benchmarks compare ranks with one process
Distribution.Set(new DataParallel());
int rank = Distribution.Current!.Rank;
Directory.CreateDirectory(folder);

switch (scenario)
{
    case "one-step":
        {
            // What the global generator draws now: Distribution.Set gave every rank rank 0's seed.
            File.WriteAllText(Path.Combine(folder, $"draws-rank{rank}.txt"), string.Join(" ", Tensor.Uniform([4]).ToArray<float>()));
            // One step of the seeded small network on a global batch of 127 (shards of 64 and 63): the weights each rank ends with.
            (Tensor x, Tensor y) = Scenarios.SmallData(127);
            Sequential model = Scenarios.SmallNetwork();
            model.Fit(x, y, epochs: 1, batchSize: 127, shuffle: false, verbose: 0);
            Scenarios.WriteWeights(model, Path.Combine(folder, $"weights-rank{rank}.txt"));
            // Predict shards the 128 samples (in batches of 16) and gives every rank all the predictions, in order.
            Tensor predictions = model.Predict(x, batchSize: 16, verbose: 0);
            File.WriteAllText(Path.Combine(folder, $"predictions-rank{rank}.txt"), string.Join(" ", predictions.ToArray<float>().Select(v => v.ToString("R", CultureInfo.InvariantCulture))));
            break;
        }
    case "fit":
        {
            // The book's chapter 2 network, with a checkpoint and a CSV log whose paths name the rank: only rank 0's appear.
            var ((trainImages, trainLabels), (testImages, testLabels)) = Mnist.LoadData();
            Tensor xTrain = trainImages.Reshape(60000, 784).AsType(DType.Float32) / 255f, xTest = testImages.Reshape(10000, 784).AsType(DType.Float32) / 255f;
            Strata.Random.SetSeed(42);
            var model = new Sequential([new Dense(512, activation: "relu"), new Dense(10, activation: "softmax")]);
            model.Compile(optimizer: "rmsprop", loss: "sparse_categorical_crossentropy", metrics: ["accuracy"]);
            string files = Directory.CreateDirectory(Path.Combine(folder, $"rank{rank}")).FullName;
            History history = model.Fit(xTrain, trainLabels, epochs: 5, batchSize: 128, verbose: 2,
                callbacks: [new ModelCheckpoint(Path.Combine(files, "best.keras"), monitor: "loss"), new CSVLogger(Path.Combine(files, "log.csv"))]);
            double accuracy = model.Evaluate(xTest, testLabels, batchSize: 1000, verbose: 0)["accuracy"];
            Tensor predictions = model.Predict(xTest, batchSize: 1000, verbose: 0);
            File.WriteAllText(Path.Combine(folder, $"result-rank{rank}.txt"), string.Create(CultureInfo.InvariantCulture,
                $"loss={history["loss"][^1]:R} accuracy={history["accuracy"][^1]:R} test_acc={accuracy:R} predictions={predictions.Shape[0]} argmax_sum={Ops.ArgMax(predictions, -1).AsType(DType.Int64).ToArray<long>().Sum()}"));
            break;
        }
    case "die":
    case "killed":
        {
            // Rank 1 fails at its third step (an exception, or killed without a word), while rank 0 goes on into the
            // gradient sum: the job must end, not hang.
            (Tensor x, Tensor y) = Scenarios.SmallData(512);
            Sequential model = Scenarios.SmallNetwork();
            var failing = new LambdaCallback(onTrainBatchBegin: (batch, _) =>
            {
                if (rank != 1 || batch != 2) return;
                if (scenario == "killed") System.Diagnostics.Process.GetCurrentProcess().Kill();
                throw new InvalidOperationException("rank 1 fails on purpose at step 3");
            });
            model.Fit(x, y, epochs: 3, batchSize: 64, verbose: 0, callbacks: [failing]);
            break;
        }
    default:
        throw new ArgumentException($"unknown scenario '{scenario}'");
}

/// <summary>The seeded model and data the scenarios and the tests' one-process references share.</summary>
public static class Scenarios
{
    public static (Tensor X, Tensor Y) SmallData(int n)
    {
        Tensor x = Tensor.Uniform([n, 24], -2f, 2f, seed: 30);
        Tensor y = Tensor.FromArray(Enumerable.Range(0, n).Select(i => (byte)(i * 7 % 10)).ToArray(), n);
        return (x, y);
    }

    public static Sequential SmallNetwork()
    {
        Strata.Random.SetSeed(5);
        var model = new Sequential([new Dense(32, activation: "relu"), new Dense(10, activation: "softmax")]);
        model.Build(-1, 24);
        // SGD: the update is the gradient itself (RMSprop's first step would hide how the ranks' gradients are weighted).
        model.Compile(optimizer: "sgd", loss: "sparse_categorical_crossentropy", metrics: ["accuracy"]);
        return model;
    }

    public static void WriteWeights(Model model, string path) =>
        File.WriteAllLines(path, model.Weights.Select(w => string.Join(" ", w.ToArray<float>().Select(v => v.ToString("R", CultureInfo.InvariantCulture)))));
}
