using Strata.Compilation;
using Strata.Cuda.Compilation;
using Strata.Layers;

namespace Strata.Cuda.Tests;

/// <summary>
/// Models run through the GPU backend (<see cref="SimulatedGpu"/>: ILGPU's CPU accelerator) against the same models
/// on the CPU: Predict, and Fit with every step after the first traces replayed on the device.
/// </summary>
public sealed class GpuStepTests : IDisposable
{
    private static readonly Lazy<SimulatedGpu> Gpu = new(() => new SimulatedGpu());

    public void Dispose() => Engine.Device = Device.Cpu;

    private static Sequential BookNetwork(int seed)
    {
        Strata.Random.SetSeed(seed);
        var model = new Sequential([new Dense(32, activation: "relu"), new Dense(10, activation: "softmax")]);
        model.Build(-1, 24); // the weights drawn now, from the seed
        model.Compile(optimizer: "rmsprop", loss: "sparse_categorical_crossentropy", metrics: ["accuracy"]);
        return model;
    }

    private static (Tensor X, Tensor Y) Digits(int n)
    {
        Tensor x = Simulator.Random(30, n, 24);
        Tensor y = Tensor.FromArray(Enumerable.Range(0, n).Select(i => (byte)(i * 7 % 10)).ToArray(), n);
        return (x, y);
    }

    [Fact]
    public void Predict_on_the_GPU_gives_the_CPU_predictions()
    {
        Sequential model = BookNetwork(1);
        Tensor x = Simulator.Random(31, 37, 24);
        Tensor cpu = model.Predict(x, batchSize: 37, verbose: 0);
        Engine.Device = Gpu.Value;
        Tensor gpu = Tensor.Zeros(1);
        for (int call = 0; call < 3; call++) gpu = model.Predict(x, batchSize: 37, verbose: 0); // the first calls trace
        GpuStep step = Assert.IsType<GpuStep>(DeviceSteps(model.PredictStepFunction!).Single());
        Assert.Empty(step.HostNodes); // Dense + ReLU, Dense, softmax: all on the device
        Simulator.AssertClose(cpu, gpu.ToArray<float>(), 1e-5f);
    }

    [Fact]
    public void Fit_on_the_GPU_trains_the_weights_the_CPU_trains()
    {
        (Tensor x, Tensor y) = Digits(100);
        Sequential cpu = BookNetwork(2), gpu = BookNetwork(2);
        History cpuHistory = cpu.Fit(x, y, epochs: 3, batchSize: 20, shuffle: false, verbose: 0);
        Engine.Device = Gpu.Value;
        History gpuHistory = gpu.Fit(x, y, epochs: 3, batchSize: 20, shuffle: false, verbose: 0);

        GpuStep step = Assert.IsType<GpuStep>(DeviceSteps(gpu.TrainStepFunction!).Single());
        Assert.Contains("RMSprop.ApplyGradients", step.DeviceNodes);
        // The whole step, the running loss and accuracy included, on the device: only their sums come back.
        Assert.Empty(step.HostNodes);
        Assert.Contains("AddLosses", step.DeviceNodes);
        Assert.Contains("accuracy.UpdateState", step.DeviceNodes);
        // So its launches were captured once and replayed as one graph (recorded launches on the simulator).
        Assert.True(step.Replayable);
        Assert.True(step.ReplayedGraph);
        // The weights stayed on the device from step to step; reading them below brings them home.
        Assert.All(gpu.TrainableWeights, w => Assert.True(w.IsOnDevice(step), $"{w.Name} is not left on the device"));
        Assert.Contains("MatMul+Bias+Relu", step.DeviceNodes);
        Assert.Contains("MatMul[aᵀ·b]", step.DeviceNodes);
        Assert.Contains(step.DeviceNodes, n => n.StartsWith("FusedRows", StringComparison.Ordinal) || n.StartsWith("Fused[", StringComparison.Ordinal));
        Console.WriteLine($"device: {string.Join("; ", step.DeviceNodes)}\nhost: {string.Join("\n  ", step.HostNodes)}\ntransfers: {step.Transfers}");
        for (int w = 0; w < cpu.Weights.Count; w++)
        {
            Simulator.AssertClose(cpu.Weights[w], gpu.Weights[w].ToArray<float>(), 1e-4f);
        }
        for (int e = 0; e < 3; e++)
        {
            Assert.Equal(cpuHistory["loss"][e], gpuHistory["loss"][e], 4);
            Assert.Equal(cpuHistory["accuracy"][e], gpuHistory["accuracy"][e], 6);
        }
    }

    [Fact]
    public void Fit_keeps_its_data_on_the_device_and_gathers_each_shuffled_batch_there()
    {
        // Shuffled batches of the same seed, validation data, and a Predict: each batch is gathered from the data the
        // device holds, in the CPU's order, so the weights, losses and predictions are the CPU's.
        (Tensor x, Tensor y) = Digits(90);
        (Tensor vx, Tensor vy) = (Simulator.Random(33, 30, 24), Labels(30, 10));
        Sequential cpu = BookNetwork(6), gpu = BookNetwork(6);
        Strata.Random.SetSeed(21);
        History cpuHistory = cpu.Fit(x, y, epochs: 3, batchSize: 16, validationData: (vx, vy), verbose: 0);
        Tensor cpuPredictions = cpu.Predict(vx, batchSize: 8, verbose: 0);
        Engine.Device = Gpu.Value;
        int before = Gpu.Value.Gpu.Data.Gathered;
        var graphs = (RecordedGraphs)Gpu.Value.Gpu.Graphs(out _)!;
        int capturedBefore = graphs.Captures;
        Strata.Random.SetSeed(21);
        History gpuHistory = gpu.Fit(x, y, epochs: 3, batchSize: 16, validationData: (vx, vy), verbose: 0);
        int gathered = Gpu.Value.Gpu.Data.Gathered - before;
        // Each epoch's order is new data for the captured training step, which is captured again; the replays gather
        // each batch from the start the run copied up, not the one captured.
        Assert.True(graphs.Captures - capturedBefore >= 3, $"{graphs.Captures - capturedBefore} captures");
        Assert.Contains(DeviceSteps(gpu.TrainStepFunction!).OfType<GpuStep>(), s => s.ReplayedGraph); // the full batches' step (the short last one has run once)
        Tensor gpuPredictions = gpu.Predict(vx, batchSize: 8, verbose: 0);

        // The steps replayed on the device (all but the traced ones) gathered x and y: at least 2 of 3 epochs' 6
        // training steps and 2 validation steps, twice each.
        Assert.True(gathered >= 2 * 2 * (6 + 2), $"{gathered} batches gathered on the device");
        Assert.True(Gpu.Value.Gpu.Data.Gathered - before - gathered > 0, "Predict's batches were not gathered on the device");
        for (int w = 0; w < cpu.Weights.Count; w++) Simulator.AssertClose(cpu.Weights[w], gpu.Weights[w].ToArray<float>(), 1e-4f);
        for (int e = 0; e < 3; e++)
        {
            Assert.Equal(cpuHistory["loss"][e], gpuHistory["loss"][e], 4);
            Assert.Equal(cpuHistory["val_loss"][e], gpuHistory["val_loss"][e], 4);
        }
        Simulator.AssertClose(cpuPredictions, gpuPredictions.ToArray<float>(), 1e-4f);
    }

    [Fact]
    public void A_seed_gives_the_same_weights_bit_for_bit_from_run_to_run_on_the_GPU()
    {
        // Shuffled batches, graph replay, every kernel's sums in a fixed order (no atomics): the same bits each run.
        (Tensor x, Tensor y) = Digits(70);
        Engine.Device = Gpu.Value;
        float[][] Run()
        {
            Sequential model = BookNetwork(8);
            Strata.Random.SetSeed(31);
            model.Fit(x, y, epochs: 3, batchSize: 16, verbose: 0);
            return [.. model.Weights.Select(w => w.ToArray<float>())];
        }
        float[][] first = Run(), second = Run();
        for (int w = 0; w < first.Length; w++) Assert.Equal(first[w], second[w]);
    }

    /// <summary>Trains the same seeded model on the CPU and on the simulated GPU; returns the GPU's step and both models.</summary>
    private static (GpuStep Step, Sequential Cpu, Sequential Gpu) TrainBoth(Func<Sequential> make, Tensor x, Tensor y, int batchSize)
    {
        Sequential cpu = make(), gpu = make();
        Strata.Random.SetSeed(11); // the same random draws (dropout's masks) in both runs
        cpu.Fit(x, y, epochs: 2, batchSize: batchSize, shuffle: false, verbose: 0);
        Engine.Device = Gpu.Value;
        Strata.Random.SetSeed(11);
        gpu.Fit(x, y, epochs: 2, batchSize: batchSize, shuffle: false, verbose: 0);
        Engine.Device = Device.Cpu;
        for (int w = 0; w < cpu.Weights.Count; w++) Simulator.AssertClose(cpu.Weights[w], gpu.Weights[w].ToArray<float>(), 1e-4f);
        return (Assert.IsType<GpuStep>(DeviceSteps(gpu.TrainStepFunction!).Single()), cpu, gpu);
    }

    private static Tensor Labels(int n, int classes) => Tensor.FromArray(Enumerable.Range(0, n).Select(i => (byte)(i * 7 % classes)).ToArray(), n);

    [Fact]
    public void A_convnet_trains_on_the_GPU_with_its_convolutions_and_pooling_there()
    {
        // Odd geometry: "same" padding, a stride of 2, dilation, and a 3x3 pool with stride 2 over an odd size.
        Sequential Model()
        {
            Strata.Random.SetSeed(3);
            var m = new Sequential([
                new InputLayer([9, 7, 2]), new Conv2D(4, 3, strides: 2, padding: "same", activation: "relu", name: "edges"),
                new Conv2D(5, 2, dilationRate: 2, padding: "same", activation: "relu"), new MaxPooling2D(3, strides: 2, padding: "same"),
                new Flatten(), new Dense(3, activation: "softmax"),
            ]);
            m.Compile(optimizer: "adam", loss: "sparse_categorical_crossentropy");
            return m;
        }
        (GpuStep step, _, _) = TrainBoth(Model, Simulator.Random(50, 24, 9, 7, 2), Labels(24, 3), batchSize: 8);
        Assert.Contains(step.DeviceNodes, n => n.StartsWith("Conv+Bias+Relu", StringComparison.Ordinal));
        Assert.Contains(step.DeviceNodes, n => n.StartsWith("ConvKernelGradient", StringComparison.Ordinal));
        Assert.Contains(step.DeviceNodes, n => n.StartsWith("Col2Im", StringComparison.Ordinal));
        Assert.Contains(step.DeviceNodes, n => n.StartsWith("MaxPoolGradient", StringComparison.Ordinal));
        Assert.Contains("Adam.ApplyGradients", step.DeviceNodes);
        Assert.DoesNotContain(step.HostNodes, n => n.Contains("Conv", StringComparison.Ordinal) || n.Contains("Pool", StringComparison.Ordinal));
    }

    [Fact]
    public void Average_pooling_trains_on_the_GPU_as_on_the_CPU()
    {
        Sequential Model()
        {
            Strata.Random.SetSeed(12);
            var m = new Sequential([
                new InputLayer([7, 9, 2]), new AveragePooling2D(3, strides: 2, padding: "same"), new Conv2D(3, 2, activation: "relu"),
                new AveragePooling2D(2), new Flatten(), new Dense(3, activation: "softmax"),
            ]);
            m.Compile(optimizer: "sgd", loss: "sparse_categorical_crossentropy");
            return m;
        }
        (GpuStep step, _, _) = TrainBoth(Model, Simulator.Random(53, 20, 7, 9, 2), Labels(20, 3), batchSize: 10);
        Assert.Contains(step.DeviceNodes, n => n.StartsWith("AveragePoolGradient", StringComparison.Ordinal));
        Assert.DoesNotContain(step.HostNodes, n => n.Contains("Pool", StringComparison.Ordinal));
    }

    [Fact]
    public void A_model_with_ops_the_GPU_cannot_run_yet_trains_with_those_on_the_host()
    {
        Sequential Model()
        {
            Strata.Random.SetSeed(4);
            var m = new Sequential([
                new InputLayer([6, 6, 1]), new ZeroPadding2D(1), new DepthwiseConv2D(3, name: "depthwise"), new Flatten(), new Dense(3, activation: "softmax"),
            ]);
            m.Compile(optimizer: "sgd", loss: "sparse_categorical_crossentropy");
            return m;
        }
        (GpuStep step, _, _) = TrainBoth(Model, Simulator.Random(51, 20, 6, 6, 1), Labels(20, 3), batchSize: 10);
        Assert.Contains(step.HostNodes, n => n.Contains("<depthwise>", StringComparison.Ordinal) && n.Contains("GPU: cannot run", StringComparison.Ordinal));
        Assert.Contains(step.DeviceNodes, n => n.StartsWith("Pad", StringComparison.Ordinal)); // the padding and its gradient's slice run on the device
        Assert.False(step.Replayable); // host work between launches: launched one by one
        Assert.Contains("SGD.ApplyGradients", step.DeviceNodes);
        Assert.True(step.Transfers > 0);
    }

    [Fact]
    public void Batch_normalization_and_dropout_train_as_on_the_CPU_with_their_state_and_random_draws()
    {
        // Batch norm's moving statistics are variables its own nodes assign (on the device); dropout's masks are draws
        // from the CPU's generator (on the host). Same seed, same draws, same weights and statistics.
        Sequential Model()
        {
            Strata.Random.SetSeed(7);
            var m = new Sequential([
                new InputLayer([12]), new Dense(16), new BatchNormalization(), new Activation("relu"), new Dropout(0.3), new Dense(4, activation: "softmax"),
            ]);
            m.Compile(optimizer: "rmsprop", loss: "sparse_categorical_crossentropy");
            return m;
        }
        (GpuStep step, Sequential cpu, Sequential gpu) = TrainBoth(Model, Simulator.Random(52, 40, 12), Labels(40, 4), batchSize: 10);
        Assert.Contains(step.HostNodes, n => n.StartsWith("DropoutMask", StringComparison.Ordinal));
        // The masks are drawn before the launches (they read nothing the step computes) and copied up with the run's
        // other copies, so the launches, batch norm's included, replay as one graph.
        Assert.True(step.Replayable);
        Assert.True(step.ReplayedGraph);
        Assert.Equal(cpu.NonTrainableWeights.Count, gpu.NonTrainableWeights.Count);
        Assert.True(cpu.NonTrainableWeights.Count >= 2); // the moving mean and variance, compared with the others in TrainBoth
    }

    [Fact]
    public void A_label_out_of_range_on_the_GPU_is_reported_as_the_CPU_reports_it()
    {
        // The labels are checked on the device; the bad one sits in the fifth batch, past the traced first ones.
        (Tensor x, _) = Digits(100);
        byte[] labels = [.. Enumerable.Range(0, 100).Select(i => (byte)(i % 10))];
        labels[93] = 12;
        Tensor y = Tensor.FromArray(labels, 100);
        string cpuMessage = Assert.Throws<ArgumentException>(() => BookNetwork(10).Fit(x, y, epochs: 1, batchSize: 20, shuffle: false, verbose: 0)).Message;
        Engine.Device = Gpu.Value;
        Sequential gpu = BookNetwork(10);
        var error = Assert.Throws<ArgumentException>(() => gpu.Fit(x, y, epochs: 1, batchSize: 20, shuffle: false, verbose: 0));
        Assert.Equal(cpuMessage, error.Message);
        Assert.Contains("label 12 is out of range for 10 classes", error.Message);
        Assert.NotEmpty(DeviceSteps(gpu.TrainStepFunction!)); // it was the device step that caught it
    }

    [Fact]
    public void An_integer_the_device_cannot_hold_exactly_is_refused_by_name()
    {
        var error = Assert.Throws<NotSupportedException>(() => HostFloats.Of(Tensor.FromArray(new long[] { 3, (1L << 24) + 1 }, 2), "%7"));
        Assert.Contains("%7 holds 16777217", error.Message);
        Assert.Equal([3f, 16777216f], HostFloats.Of(Tensor.FromArray(new long[] { 3, 1L << 24 }, 2), "%7"));
    }

    [Fact]
    public void Moving_between_devices_mid_training_keeps_every_update()
    {
        // One epoch on the GPU, one on the CPU (the GPU's weights and RMSprop's velocities come home), one on the GPU
        // again (they go back up): the same weights as three epochs on the CPU alone.
        (Tensor x, Tensor y) = Digits(60);
        Sequential cpu = BookNetwork(5), moved = BookNetwork(5);
        cpu.Fit(x, y, epochs: 3, batchSize: 20, shuffle: false, verbose: 0);
        foreach (Device device in new Device[] { Gpu.Value, Device.Cpu, Gpu.Value })
        {
            Engine.Device = device;
            moved.Fit(x, y, epochs: 1, batchSize: 20, shuffle: false, verbose: 0);
        }
        Engine.Device = Device.Cpu;
        for (int w = 0; w < cpu.Weights.Count; w++) Simulator.AssertClose(cpu.Weights[w], moved.Weights[w].ToArray<float>(), 1e-4f);
        Assert.Equal(cpu.Optimizer!.Iterations, moved.Optimizer!.Iterations);
        var rmsprop = (Strata.Optimizers.RMSprop)moved.Optimizer;
        var cpuRmsprop = (Strata.Optimizers.RMSprop)cpu.Optimizer;
        for (int i = 0; i < cpu.TrainableWeights.Count; i++)
        {
            Tensor expected = cpuRmsprop.Slot(cpu.TrainableWeights[i], "velocity")!;
            Simulator.AssertClose(expected, rmsprop.Slot(moved.TrainableWeights[i], "velocity")!.ToArray<float>(), 1e-3f);
        }
    }

    [Fact]
    public void Predict_from_several_threads_after_training_on_the_GPU_gives_each_the_right_answer()
    {
        // The model's weights are left on the device after Fit; threads that predict eagerly beside the one replaying
        // the device step bring them home on their first read, under the variable's lock.
        (Tensor x, Tensor y) = Digits(60);
        Sequential cpu = BookNetwork(9), gpu = BookNetwork(9);
        cpu.Fit(x, y, epochs: 2, batchSize: 20, shuffle: false, verbose: 0);
        Engine.Device = Gpu.Value;
        gpu.Fit(x, y, epochs: 2, batchSize: 20, shuffle: false, verbose: 0);
        // Several rounds, each after an epoch that leaves the weights on the device again: the race of two threads
        // bringing the same weight home (which once lost one) gets its chances.
        for (int round = 0; round < 4; round++)
        {
            if (round > 0)
            {
                Engine.Device = Device.Cpu;
                cpu.Fit(x, y, epochs: 1, batchSize: 20, shuffle: false, verbose: 0);
                Engine.Device = Gpu.Value;
                gpu.Fit(x, y, epochs: 1, batchSize: 20, shuffle: false, verbose: 0);
            }
            Engine.Device = Device.Cpu;
            Tensor expected = cpu.Predict(x, batchSize: 60, verbose: 0);
            Engine.Device = Gpu.Value;
            var results = new Tensor[8];
            Parallel.For(0, results.Length, i => results[i] = gpu.Predict(x, batchSize: 60, verbose: 0));
            foreach (Tensor r in results) Simulator.AssertClose(expected, r.ToArray<float>(), 1e-4f);
        }
    }

    [Fact]
    public void Evaluate_and_validation_run_on_the_GPU_with_the_CPU_scores()
    {
        (Tensor x, Tensor y) = Digits(80);
        Sequential cpu = BookNetwork(6), gpu = BookNetwork(6);
        History cpuHistory = cpu.Fit(x[..60], y[..60], epochs: 3, batchSize: 20, shuffle: false, validationData: (x[60..], y[60..]), verbose: 0);
        Engine.Device = Gpu.Value;
        History gpuHistory = gpu.Fit(x[..60], y[..60], epochs: 3, batchSize: 20, shuffle: false, validationData: (x[60..], y[60..]), verbose: 0);
        Dictionary<string, double> gpuScores = gpu.Evaluate(x, y, batchSize: 20, verbose: 0);
        Assert.NotEmpty(DeviceSteps(gpu.TestStepFunction!));
        Engine.Device = Device.Cpu;
        Dictionary<string, double> cpuScores = cpu.Evaluate(x, y, batchSize: 20, verbose: 0);
        Assert.Equal(cpuHistory["val_loss"][2], gpuHistory["val_loss"][2], 4);
        Assert.Equal(cpuScores["loss"], gpuScores["loss"], 4);
        Assert.Equal(cpuScores["accuracy"], gpuScores["accuracy"], 6);
    }

    private static IEnumerable<DeviceStep> DeviceSteps(CompiledStep step) => step.DeviceSteps;
}
