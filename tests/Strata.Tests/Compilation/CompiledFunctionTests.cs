using Strata.Compilation;
using Strata.Layers;
using Strata.Losses;
using Strata.Metrics;
using Strata.Optimizers;
using Strata.Tests.Autodiff;

namespace Strata.Tests.Compilation;

/// <summary>Function.Compile (a custom step compiled as tf.function would) and what the compiled graph promises.</summary>
public class CompiledFunctionTests
{
    /// <summary>DESIGN.md's custom loop, compiled: five steps give the losses, weights and accuracy of five eager steps.</summary>
    [Fact]
    public void ACompiledCustomLoopMatchesTheEagerLoop()
    {
        (float[] eagerLosses, float[][] eagerWeights, double eagerAccuracy) = CustomLoop(compile: false, out _);
        (float[] losses, float[][] weights, double accuracy) = CustomLoop(compile: true, out Delegate step);

        Assert.Contains("RMSprop.ApplyGradients", Function.Describe(step));
        Assert.NotEmpty(Function.StepOf(step).Executables);
        Assert.Equal(eagerLosses, losses, (a, b) => Math.Abs(a - b) <= 1e-6f);
        for (int i = 0; i < weights.Length; i++) Assert.Equal(eagerWeights[i], weights[i], (a, b) => Math.Abs(a - b) <= 1e-6f);
        Assert.Equal(eagerAccuracy, accuracy, 1e-9);
    }

    private static (float[] Losses, float[][] Weights, double Accuracy) CustomLoop(bool compile, out Delegate step)
    {
        Strata.Random.SetSeed(5);
        var model = new Sequential([new Dense(16, activation: "relu"), new Dropout(0.2f, seed: 1), new Dense(4, activation: "softmax")]);
        model.Build(-1, 8);
        var lossFn = new CategoricalCrossentropy();
        var optimizer = new RMSprop(learningRate: 1e-2f);
        var accuracy = new CategoricalAccuracy();
        Tensor Step(Tensor x, Tensor y)
        {
            using var tape = new GradientTape();
            Tensor predictions = model.Call(x, training: true);
            Tensor loss = lossFn.Call(y, predictions);
            Tensor[] gradients = tape.Gradient(loss, model.TrainableWeights);
            optimizer.ApplyGradients(gradients, model.TrainableWeights);
            accuracy.UpdateState(y, predictions);
            return loss;
        }
        Func<Tensor, Tensor, Tensor> run = compile ? Function.Compile(Step) : Step;
        step = run;
        var losses = new float[5];
        for (int i = 0; i < 5; i++)
        {
            Tensor x = Tensor.Uniform([32, 8], -1f, 1f, seed: 10 + i);
            Tensor y = Utils.ToCategorical(Tensor.FromArray(Enumerable.Range(0, 32).Select(j => (j * (i + 3)) % 4).ToArray()), 4);
            losses[i] = run(x, y).Item<float>();
        }
        return (losses, model.GetWeights().Select(w => w.ToArray<float>()).ToArray(), accuracy.Result());
    }

    /// <summary>The gradients a replayed graph computes (on new values, after two traces) agree with finite differences of the eager function.</summary>
    [Fact]
    public void ReplayedGradientsMatchFiniteDifferences()
    {
        var w = new Variable(Tensor.Uniform([5, 3], -1f, 1f, seed: 1));
        Tensor[] Loss(Tensor x, Tensor b) => [Ops.Sum(Ops.Tanh(Ops.MatMul(x, w) + b) * Ops.Sigmoid(x[.., ..3]))];
        Func<Tensor[], Tensor[]> gradients = Function.Compile(args =>
        {
            using var tape = new GradientTape();
            tape.Watch(args[0]);
            tape.Watch(args[1]);
            Tensor loss = Loss(args[0], args[1])[0];
            return tape.Gradient(loss, [args[0], args[1], w]);
        });
        for (int call = 0; call < 3; call++) gradients([Tensor.Uniform([4, 5], seed: 20 + call), Tensor.Uniform([3], seed: 30 + call)]);
        Assert.NotEmpty(Function.StepOf(gradients).Executables);

        Tensor x = Tensor.Uniform([4, 5], -1f, 1f, seed: 99), bias = Tensor.Uniform([3], -1f, 1f, seed: 98);
        Tensor[] replayed = gradients([x, bias]);
        Tensor[] inputs = [x, bias, w];
        for (int which = 0; which < 3; which++)
        {
            float[] values = inputs[which].ToArray<float>(), analytic = replayed[which].ToArray<float>();
            for (int j = 0; j < values.Length; j++)
            {
                double numeric = Central(which, j, values, inputs, (a, b, v) => Loss(a, b)[0], w);
                Assert.True(Math.Abs(analytic[j] - numeric) <= 2e-3 * Math.Max(1, Math.Abs(numeric)), $"input {which}, element {j}: replay {analytic[j]}, finite differences {numeric}");
            }
        }
    }

    private static double Central(int which, int j, float[] values, Tensor[] inputs, Func<Tensor, Tensor, Variable, Tensor> loss, Variable w)
    {
        const float h = 1e-2f;
        double At(float delta)
        {
            float[] moved = (float[])values.Clone();
            moved[j] += delta;
            Tensor changed = Tensor.FromArray(moved, inputs[which].Shape.ToArray());
            if (which == 2)
            {
                Tensor saved = w.Value;
                w.Assign(changed);
                double v = loss(inputs[0], inputs[1], w).Item<float>();
                w.Assign(saved);
                return v;
            }
            return loss(which == 0 ? changed : inputs[0], which == 1 ? changed : inputs[1], w).Item<float>();
        }
        return (At(h) - At(-h)) / (2 * h);
    }

    /// <summary>The memory plan never gives two values that are alive at once overlapping storage, and reuses storage.</summary>
    [Fact]
    public void TheMemoryPlanNeverSharesStorageBetweenLiveValues()
    {
        var input = new Input(shape: [12]);
        SymbolicTensor h = new Dense(16, activation: "relu").Call(input);
        SymbolicTensor r = new Dense(16, activation: "tanh").Call(h);
        SymbolicTensor joined = new Concatenate().Call([new Add().Call([h, r]), r]);
        var model = new Model(input, new Dense(3, activation: "softmax").Call(joined));
        model.Compile(optimizer: "adam", loss: "sparse_categorical_crossentropy", metrics: ["accuracy"]);
        model.Fit(Tensor.Uniform([64, 12], seed: 1), CompiledStepTests.Labels(64, 3), epochs: 2, batchSize: 32, verbose: 0);

        Executable executable = Assert.Single(model.TrainStepFunction!.Executables);
        MemoryPlan plan = executable.Plan;
        Graph graph = executable.Graph;
        var placed = graph.Values.Where(v => plan.Offsets[v.Id] >= 0).ToList();
        Assert.True(placed.Count > 20, $"only {placed.Count} values were placed");
        foreach (Value a in placed)
        {
            foreach (Value b in placed)
            {
                if (a.Id >= b.Id || a.DType != b.DType) continue;
                bool bothLive = plan.Lifetimes[a.Id].First <= plan.Lifetimes[b.Id].Last && plan.Lifetimes[b.Id].First <= plan.Lifetimes[a.Id].Last;
                bool overlap = plan.Offsets[a.Id] < plan.Offsets[b.Id] + b.Shape.Size && plan.Offsets[b.Id] < plan.Offsets[a.Id] + a.Shape.Size;
                Assert.False(bothLive && overlap, $"{a.Label} (ops {plan.Lifetimes[a.Id]}) and {b.Label} (ops {plan.Lifetimes[b.Id]}) overlap in storage");
            }
        }
        Assert.True(plan.ArenaBytes < plan.ValueBytes * 0.8, $"arenas {plan.ArenaBytes} B for values {plan.ValueBytes} B: storage is not being reused");
    }

    /// <summary>A compiled step computes the same bits with one thread as with two.</summary>
    [Fact]
    public void OneAndTwoThreadsGiveTheSameBits()
    {
        int saved = Engine.Threads;
        try
        {
            float[][] one = TrainResidual(1), two = TrainResidual(2);
            for (int i = 0; i < one.Length; i++) Assert.Equal(one[i], two[i]);
        }
        finally
        {
            Engine.Threads = saved;
        }
    }

    private static float[][] TrainResidual(int threads)
    {
        Engine.Threads = threads;
        Strata.Random.SetSeed(3);
        var input = new Input(shape: [64]);
        SymbolicTensor h = new Dense(256, activation: "relu").Call(input);
        SymbolicTensor r = new Dense(256, activation: "relu").Call(h);
        var model = new Model(input, new Dense(10, activation: "softmax").Call(new Add().Call([h, r])));
        model.Compile(optimizer: "adam", loss: "sparse_categorical_crossentropy");
        model.Fit(Tensor.Uniform([512, 64], seed: 4), CompiledStepTests.Labels(512, 10), epochs: 2, batchSize: 128, verbose: 0);
        Assert.NotEmpty(model.TrainStepFunction!.Executables);
        return model.GetWeights().Select(w => w.ToArray<float>()).ToArray();
    }

    /// <summary>A layer that branches on its data cannot be replayed: the step stays eager, says so once, and still trains correctly.</summary>
    [Fact]
    public void AStepThatReadsValuesOnTheHostStaysEagerAndSaysWhy()
    {
        var errors = new StringWriter();
        TextWriter saved = Console.Error;
        Console.SetError(errors);
        try
        {
            var model = new Sequential([new Dense(4), new ClipIfLarge(), new Dense(2, activation: "softmax")]);
            model.Compile(optimizer: "sgd", loss: "sparse_categorical_crossentropy");
            model.Fit(Tensor.Uniform([64, 3], seed: 1), CompiledStepTests.Labels(64, 2), epochs: 3, batchSize: 16, verbose: 0);
            Assert.Empty(model.TrainStepFunction!.Executables);
            string reason = Assert.Single(model.TrainStepFunction.EagerReasons);
            Assert.Contains("clip_if_large", reason);
            Assert.Single(errors.ToString().Split('\n', StringSplitOptions.RemoveEmptyEntries), l => l.Contains("runs eagerly"));
        }
        finally
        {
            Console.SetError(saved);
        }
    }

    /// <summary>Halves its input when its largest value exceeds 1: a branch on data, which no graph can hold.</summary>
    private sealed class ClipIfLarge() : Layer("clip_if_large")
    {
        protected override Tensor Call(Tensor inputs, bool training) => Ops.Max(inputs).Item<float>() > 1f ? inputs * 0.5f : inputs;
    }

    /// <summary>A new batch size (the last, smaller batch) gets its own graph, and both are kept.</summary>
    [Fact]
    public void EachInputShapeGetsItsOwnCompiledGraph()
    {
        var model = new Sequential([new Dense(8, activation: "relu"), new Dense(2, activation: "softmax")]);
        model.Compile(optimizer: "adam", loss: "sparse_categorical_crossentropy");
        model.Fit(Tensor.Uniform([70, 5], seed: 1), CompiledStepTests.Labels(70, 2), epochs: 3, batchSize: 32, verbose: 0);
        Assert.Equal(2, model.TrainStepFunction!.Executables.Count());
        Assert.Contains("(32, 5)", model.TrainFunction);
        Assert.Contains("(6, 5)", model.TrainFunction);
    }
}

/// <summary>What a replayed step reads at run time rather than at trace time, and calls from several threads.</summary>
public class CompiledStepStateTests
{
    /// <summary>The learning rate is read by each replayed update (callbacks such as ReduceLROnPlateau change it): at 0 nothing moves.</summary>
    [Fact]
    public void AReplayedStepUsesTheLearningRateOfTheMoment()
    {
        var model = new Sequential([new Dense(4, activation: "relu"), new Dense(2, activation: "softmax")]);
        var optimizer = new RMSprop(learningRate: 0.01f);
        model.Compile(optimizer: optimizer, loss: "sparse_categorical_crossentropy");
        Tensor x = Tensor.Uniform([16, 3], seed: 1), y = CompiledStepTests.Labels(16, 2);
        for (int i = 0; i < 3; i++) model.TrainOnBatch(x, y);
        Assert.NotEmpty(model.TrainStepFunction!.Executables);

        optimizer.LearningRate = 0f;
        float[][] before = model.GetWeights().Select(w => w.ToArray<float>()).ToArray();
        model.TrainOnBatch(x, y);
        float[][] after = model.GetWeights().Select(w => w.ToArray<float>()).ToArray();
        for (int i = 0; i < before.Length; i++) Assert.Equal(before[i], after[i]);

        optimizer.LearningRate = 0.01f;
        model.TrainOnBatch(x, y);
        Assert.NotEqual(after[0], model.GetWeights()[0].ToArray<float>());
        Assert.Equal(5, optimizer.Iterations);
    }

    /// <summary>Predict from several threads at once: one call replays the compiled graph, the others run eagerly; all get the same results.</summary>
    [Fact]
    public void PredictFromSeveralThreadsGivesTheSameResults()
    {
        var model = new Sequential([new Dense(64, activation: "relu"), new Dense(10, activation: "softmax")]);
        Tensor x = Tensor.Uniform([100, 20], seed: 2);
        float[] expected = model.Predict(x, batchSize: 32, verbose: 0).ToArray<float>();
        model.Predict(x, batchSize: 32, verbose: 0); // compiled by now
        var failures = new System.Collections.Concurrent.ConcurrentBag<string>();
        Parallel.For(0, 8, new ParallelOptions { MaxDegreeOfParallelism = 4 }, i =>
        {
            for (int r = 0; r < 10; r++)
            {
                float[] got = model.Predict(x, batchSize: 32, verbose: 0).ToArray<float>();
                if (!got.SequenceEqual(expected)) failures.Add($"thread {i}, call {r}");
            }
        });
        Assert.Empty(failures);
    }
}

/// <summary>Predict through the compiled forward pass, for the shapes of models a compiled graph can take.</summary>
public class CompiledPredictTests
{
    [Fact]
    public void TwoOutputsComeBackBatchByBatchAsTheEagerCallGivesThem()
    {
        var input = new Input(shape: [6]);
        SymbolicTensor h = new Dense(8, activation: "tanh").Call(input);
        var model = new Model([input], [new Dense(3, activation: "softmax").Call(h), new Dense(1).Call(h)]);
        Tensor x = Tensor.Uniform([70, 6], seed: 3);
        Tensor[] eager = model.CallOutputs([x]);
        for (int call = 0; call < 3; call++)
        {
            Tensor[] predicted = model.Predict([x], batchSize: 32, verbose: 0);
            Assert.Equal(2, predicted.Length);
            for (int o = 0; o < 2; o++)
            {
                Assert.Equal(eager[o].Shape, predicted[o].Shape);
                Assert.Equal(eager[o].ToArray<float>(), predicted[o].ToArray<float>());
            }
        }
        Assert.Equal(2, model.PredictStepFunction!.Executables.Count()); // batches of 32 and the last of 6
    }

    [Fact]
    public void AModelWhoseOutputIsAViewOfItsInputPredictsItsInput()
    {
        var model = new Sequential([new InputLayer(shape: [2, 3]), new Flatten()]);
        for (int call = 0; call < 3; call++)
        {
            Tensor x = Tensor.Uniform([5, 2, 3], seed: 10 + call);
            Tensor predicted = model.Predict(x, verbose: 0);
            Assert.Equal(new Shape(5, 6), predicted.Shape);
            Assert.Equal(x.ToArray<float>(), predicted.ToArray<float>());
        }
    }
}

/// <summary>What the compiler makes of the book's network: its fusions and its memory plan.</summary>
public class CompiledBookNetworkTests
{
    [Fact]
    public void TheChapterTwoStepIsFusedAndPlannedWellBelowTheSumOfItsValues()
    {
        var model = new Sequential([new Dense(512, activation: "relu"), new Dense(10, activation: "softmax")]);
        model.Compile(optimizer: "rmsprop", loss: "categorical_crossentropy", metrics: ["accuracy"]);
        Tensor x = Tensor.Uniform([128, 784], seed: 1), y = CompiledStepTests.OneHot(128, 10);
        for (int i = 0; i < 3; i++) model.TrainOnBatch(x, y);

        Executable step = Assert.Single(model.TrainStepFunction!.Executables);
        string graph = model.TrainFunction!;
        Assert.Contains("MatMul+Bias+Relu", graph);                 // bias and ReLU in the GEMM
        Assert.Contains("FusedRows[Multiply → Sum → Subtract → Multiply]", graph); // the softmax's gradient, by rows
        Assert.Contains("Fused[Greater → Where]", graph);           // ReLU's gradient in one pass
        Assert.True(step.Graph.Nodes.Count <= 30, $"{step.Graph.Nodes.Count} ops\n{graph}");
        Assert.True(step.Plan.ArenaBytes < 0.8 * step.Plan.ValueBytes, $"arenas {step.Plan.ArenaBytes:N0} B for values {step.Plan.ValueBytes:N0} B");
    }
}
