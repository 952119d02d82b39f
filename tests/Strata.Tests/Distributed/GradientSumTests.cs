using Strata.Compilation;
using Strata.Distributed;
using Strata.Layers;

namespace Strata.Tests.Distributed;

[CollectionDefinition("ProcessGroup.Current", DisableParallelization = true)]
public sealed class ProcessGroupCollection;

/// <summary>
/// The data-parallel seam without MPI: a stand-in group of two ranks whose other rank holds the same shard (each sum
/// doubles the values), so training through it must give one process's weights, and its compiled step shows where
/// the gradient sums start. (tests/Strata.Distributed.Tests runs the real thing under mpirun.)
/// </summary>
[Collection("ProcessGroup.Current")]
public sealed class GradientSumTests : IDisposable
{
    public void Dispose() => ProcessGroup.Current = null;

    /// <summary>Two ranks that hold the same data: every sum doubles, every broadcast keeps this rank's values.</summary>
    private sealed class Mirrored : ProcessGroup
    {
        private readonly List<Tensor[]> _pending = [];

        public List<string> Calls { get; } = [];

        public override int Rank => 0;

        public override int Size => 2;

        public override void Sum(double[] values)
        {
            Calls.Add("sum");
            for (int i = 0; i < values.Length; i++) values[i] *= 2;
        }

        public override void Sum(float[] values)
        {
            for (int i = 0; i < values.Length; i++) values[i] *= 2;
        }

        public override void Broadcast(float[] values) => Calls.Add("broadcast");

        public override void StartGradientSum(Tensor[] gradients)
        {
            Calls.Add($"start {gradients.Length}");
            _pending.Add(gradients);
        }

        public override void WaitForGradients()
        {
            Calls.Add("wait");
            float share = (float)(Share ?? 0.5);
            foreach (Tensor g in _pending.SelectMany(b => b))
            {
                Span<float> values = g.Span<float>();
                for (int i = 0; i < values.Length; i++) values[i] = values[i] * share * 2; // this rank's share, and the other's
            }
            _pending.Clear();
        }
    }

    private static Sequential Network()
    {
        Random.SetSeed(9);
        var model = new Sequential([new Dense(300, activation: "relu"), new Dense(1000, activation: "relu"), new Dense(10, activation: "softmax")]);
        model.Build(-1, 20);
        model.Compile(optimizer: "rmsprop", loss: "sparse_categorical_crossentropy", metrics: ["accuracy"]);
        return model;
    }

    [Fact]
    public void Training_through_a_group_whose_ranks_agree_gives_one_process_weights_and_logs()
    {
        Tensor x = Tensor.Uniform([64, 20], -1f, 1f, seed: 3);
        Tensor y = Tensor.FromArray(Enumerable.Range(0, 64).Select(i => (byte)(i % 10)).ToArray(), 64);
        Sequential alone = Network(), spread = Network();
        History expected = alone.Fit(x, y, epochs: 3, batchSize: 16, shuffle: false, verbose: 0);

        var group = new Mirrored();
        ProcessGroup.Current = group;
        History actual = spread.Fit(x, y, epochs: 3, batchSize: 16, shuffle: false, verbose: 0);
        ProcessGroup.Current = null;
        Assert.Null(group.Share); // a custom loop after Fit weighs each rank 1 / N, not the last batch's share

        // This rank trained on the first half of each batch of 16; the stand-in's other rank holds the same rows, so each
        // sum is one process's over those 8 rows, and the logs (summed too) are theirs.
        int[] firstHalves = [.. Enumerable.Range(0, 64).Where(i => i % 16 < 8)];
        Tensor halfX = Ops.Take(x, Tensor.FromArray(firstHalves, firstHalves.Length), 0), halfY = Ops.Take(y, Tensor.FromArray(firstHalves, firstHalves.Length), 0);
        Sequential half = Network();
        History halfHistory = half.Fit(halfX, halfY, epochs: 3, batchSize: 8, shuffle: false, verbose: 0);
        Assert.Contains("broadcast", group.Calls);
        Assert.Contains("wait", group.Calls);
        Assert.NotEqual(expected["loss"][2], actual["loss"][2], 6);
        Assert.True(Math.Abs(halfHistory["loss"][2] - actual["loss"][2]) < 1e-6, $"loss {actual["loss"][2]}, expected {halfHistory["loss"][2]}");
        for (int w = 0; w < half.Weights.Count; w++)
        {
            float[] e = half.Weights[w].ToArray<float>(), a = spread.Weights[w].ToArray<float>();
            for (int i = 0; i < e.Length; i++) Assert.True(Math.Abs(e[i] - a[i]) <= 1e-5f * Math.Max(1f, Math.Abs(e[i])), $"weight {w}[{i}]: {a[i]}, expected {e[i]}");
        }
    }

    [Fact]
    public void The_compiled_step_starts_each_bucket_of_gradient_sums_as_soon_as_its_gradients_are_computed()
    {
        Tensor x = Tensor.Uniform([32, 20], -1f, 1f, seed: 4);
        Tensor y = Tensor.FromArray(Enumerable.Range(0, 32).Select(i => (byte)(i % 10)).ToArray(), 32);
        Sequential model = Network();
        ProcessGroup.Current = new Mirrored();
        model.Fit(x, y, epochs: 2, batchSize: 16, shuffle: false, verbose: 0);
        ProcessGroup.Current = null;

        Graph graph = model.TrainStepFunction!.Executables.Single().Graph;
        var names = graph.Nodes.Select(n => n.Kernel.Name).ToList();
        int firstStart = names.IndexOf("GradientSum.Start"), lastStart = names.LastIndexOf("GradientSum.Start"), wait = names.IndexOf("GradientSum.Wait");
        // The 300×1000 kernel (1.2 MB) closes the first bucket (with the last layer's); the first layer's make a second.
        Assert.True(lastStart > firstStart, "one bucket only");
        // The first bucket (the last layers' gradients) starts before the backward pass is over: the last product
        // (the first layer's kernel gradient) comes after it.
        int lastProduct = names.FindLastIndex(n => n.StartsWith("MatMul", StringComparison.Ordinal));
        Assert.True(firstStart < lastProduct, $"the first bucket starts at {firstStart}, after the last product at {lastProduct}:\n{graph}");
        Assert.True(wait > lastStart && wait < names.IndexOf("RMSprop.ApplyGradients"));
    }
}
