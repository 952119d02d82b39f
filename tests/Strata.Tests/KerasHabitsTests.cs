using Strata.Callbacks;
using Strata.Initializers;
using Strata.Layers;
using Strata.Losses;
using Strata.Metrics;
using Strata.Optimizers;
using Strata.Regularizers;

namespace Strata.Tests;

/// <summary>Code as a Keras user ports it from Python, line for line: double literals, lambda losses, loss trackers, zipped gradients.</summary>
public class KerasHabitsTests
{
    [Fact]
    public void HyperParametersTakeDoubleLiterals()
    {
        // model.add(layers.Dropout(0.5)); kernel_regularizer=regularizers.l2(0.002); RMSprop(learning_rate=1e-4) …
        var dropout = new Dropout(0.5);
        var l2 = new L2(0.002);
        var rmsprop = new RMSprop(learningRate: 1e-4);
        var adam = new Adam(learningRate: 1e-3, beta1: 0.8, beta2: 0.99, epsilon: 1e-6, clipNorm: 1.0);
        var norm = new BatchNormalization(momentum: 0.9, epsilon: 1e-5);
        var lstm = new LSTM(8, dropout: 0.2, recurrentDropout: 0.3);
        var plateau = new ReduceLROnPlateau(factor: 0.5, patience: 2);
        var scale = new Rescaling(1.0 / 255);
        var init = new RandomNormal(stddev: 0.02);
        Assert.Equal((0.5f, 0.002f, 1e-4f), (dropout.Rate, l2.Factor, rmsprop.LearningRate));
        Assert.Equal((1e-3f, 0.8f, 0.99f, 1e-6f, 1f), (adam.LearningRate, adam.Beta1, adam.Beta2, adam.Epsilon, adam.ClipNorm));
        Assert.Equal((0.9f, 1e-5f), (norm.Momentum, norm.Epsilon));
        Assert.Equal((0.2f, 0.3f), (lstm.Dropout, lstm.RecurrentDropout));
        Assert.Equal(0.5, plateau.Factor);
        Assert.Equal(1f / 255, scale.Scale);
        Assert.Equal(0.02f, init.Stddev);
        Assert.Equal((0.3f, 0.1f), (new BinaryAccuracy(threshold: 0.3).Threshold, new BinaryCrossentropy(labelSmoothing: 0.1).LabelSmoothing));
        // Float literals still compile, as before.
        Assert.Equal(0.25f, new Dropout(0.25f).Rate);
    }

    [Fact]
    public void ALossFromALambdaTrainsAsTheBuiltInOne()
    {
        // loss=lambda y_true, y_pred: ops.mean(ops.abs(y_true - y_pred), axis=-1) is Keras's "mae".
        Tensor x = Tensor.Uniform([32, 4], seed: 1), y = Tensor.Uniform([32, 1], seed: 2);
        double[] Train(Loss loss)
        {
            Strata.Random.SetSeed(3);
            var model = new Sequential([new InputLayer([4]), new Dense(4, activation: "relu"), new Dense(1)]);
            model.Compile(new SGD(learningRate: 0.1), loss);
            return [.. model.Fit(x, y, epochs: 3, batchSize: 8, shuffle: false, verbose: 0)["loss"]];
        }
        double[] builtIn = Train("mae");
        double[] lambda = Train(new LossFunctionWrapper((yTrue, yPred) => Ops.Mean(Ops.Abs(yTrue - yPred), -1), name: "my_mae"));
        for (int i = 0; i < builtIn.Length; i++) Assert.Equal(builtIn[i], lambda[i], 1e-6);
    }

    [Fact]
    public void AMetricFromALambdaIsTheMeanOfItsValues()
    {
        // metrics=[keras.metrics.MeanMetricWrapper(lambda y_true, y_pred: ops.abs(y_true - y_pred), name="abs_error")]
        Tensor x = Tensor.Uniform([20, 3], seed: 4), y = Tensor.Uniform([20, 1], seed: 5);
        var model = new Sequential([new InputLayer([3]), new Dense(1)]);
        model.Compile("sgd", "mse", [new MeanMetricWrapper((yTrue, yPred) => Ops.Abs(yTrue - yPred), name: "abs_error"), "mae"]);
        Dictionary<string, double> logs = model.Evaluate(x, y, batchSize: 6, verbose: 0);
        float[] p = model.Predict(x, verbose: 0).ToArray<float>(), t = y.ToArray<float>();
        double byHand = p.Zip(t, (a, b) => Math.Abs((double)a - b)).Average();
        Assert.Equal(byHand, logs["abs_error"], 6);
        Assert.Equal(logs["mae"], logs["abs_error"], 6);
    }

    [Fact]
    public void ACustomLoopTracksItsLossAndAppliesZippedGradients()
    {
        // The book's custom loop: loss_tracker = keras.metrics.Mean(); optimizer.apply_gradients(zip(grads, model.trainable_weights)).
        Strata.Random.SetSeed(4);
        var model = new Sequential([new InputLayer([3]), new Dense(2)]);
        var optimizer = new Adam(learningRate: 1e-2);
        var lossTracker = new Mean(name: "loss");
        var lossFn = new Strata.Losses.MeanSquaredError();
        Tensor x = Tensor.Uniform([8, 3], seed: 5), y = Tensor.Uniform([8, 2], seed: 6);
        var losses = new List<double>();
        for (int step = 0; step < 3; step++)
        {
            Tensor loss;
            Tensor[] grads;
            using (var tape = new GradientTape())
            {
                loss = lossFn.Call(y, model.Call(x, training: true));
                grads = tape.Gradient(loss, [.. model.TrainableWeights]);
            }
            optimizer.ApplyGradients(grads.Zip(model.TrainableWeights));
            lossTracker.UpdateState(loss);
            losses.Add(loss.ToScalar());
        }
        Assert.Equal(3, optimizer.Iterations);
        Assert.Equal(losses.Average(), lossTracker.Result(), 1e-6);
        Assert.True(losses[2] < losses[0]);
        var sum = new Strata.Metrics.Sum();
        sum.UpdateState(Tensor.FromArray(new float[] { 1, 2, 3 }), Tensor.FromArray(new float[] { 1, 0, 2 }));
        Assert.Equal(7, sum.Result());
        lossTracker.ResetState();
        Assert.Equal(0, lossTracker.Result());
        Assert.Contains("takes values", Assert.Throws<InvalidOperationException>(() => lossTracker.UpdateState(y, y, null)).Message);
    }

    [Fact]
    public void NamedInputsOutputsAndPerOutputMetricsAsTheBooksTicketModel()
    {
        // Chapter 7: title, text body and tags in; priority (regression) and department (classes) out.
        (Model Model, Tensor[] X, Tensor[] Y) Build()
        {
            Strata.Random.SetSeed(9);
            var title = new Input(shape: [10], name: "title");
            var body = new Input(shape: [10], name: "text_body");
            var tags = new Input(shape: [4], name: "tags");
            SymbolicTensor features = new Dense(8, activation: "relu").Call(new Concatenate(-1).Call([title, body, tags]));
            var model = new Model([title, body, tags], [new Dense(1, activation: "sigmoid", name: "priority").Call(features), new Dense(3, activation: "softmax", name: "department").Call(features)]);
            Tensor[] x = [Tensor.Uniform([24, 10], seed: 1), Tensor.Uniform([24, 10], seed: 2), Tensor.Uniform([24, 4], seed: 3)];
            Tensor[] y = [Tensor.Uniform([24, 1], seed: 4), Tensor.FromArray(Enumerable.Range(0, 72).Select(i => i % 3 == i / 3 % 3 ? 1f : 0f).ToArray(), 24, 3)];
            return (model, x, y);
        }
        (Model byList, Tensor[] x, Tensor[] y) = Build();
        byList.Compile(new RMSprop(), ["mean_squared_error", "categorical_crossentropy"], [["mean_absolute_error"], ["accuracy"]]);
        History lists = byList.Fit(x, y, epochs: 2, batchSize: 8, shuffle: false, verbose: 0);

        (Model byName, _, _) = Build();
        byName.Compile(new RMSprop(), loss: new Dictionary<string, Loss> { ["priority"] = "mean_squared_error", ["department"] = "categorical_crossentropy" },
            metrics: new Dictionary<string, IReadOnlyList<MetricSpec>> { ["priority"] = ["mean_absolute_error"], ["department"] = ["accuracy"] });
        History names = byName.Fit(new Dictionary<string, Tensor> { ["title"] = x[0], ["text_body"] = x[1], ["tags"] = x[2] },
            new Dictionary<string, Tensor> { ["priority"] = y[0], ["department"] = y[1] }, epochs: 2, batchSize: 8, shuffle: false, verbose: 0);

        Assert.Equal(["department_accuracy", "department_loss", "loss", "priority_loss", "priority_mean_absolute_error"], names.Values.Keys.Order(StringComparer.Ordinal));
        foreach (string key in lists.Values.Keys) Assert.Equal(lists[key], names[key]);
        Dictionary<string, Tensor> predicted = byName.Predict(new Dictionary<string, Tensor> { ["title"] = x[0], ["text_body"] = x[1], ["tags"] = x[2] }, verbose: 0);
        Assert.Equal(byList.Predict(x, verbose: 0)[1].ToArray<float>(), predicted["department"].ToArray<float>());
        Assert.Contains("'body'", Assert.Throws<ArgumentException>(() => byName.Fit(new Dictionary<string, Tensor> { ["body"] = x[1] }, new Dictionary<string, Tensor>(), verbose: 0)).Message);
        // The per-output metrics are saved and come back.
        Model loaded = Convolution.RoundTrip.SaveAndLoad(byName);
        Assert.Equal(byName.Evaluate(x, y, verbose: 0), loaded.Evaluate(x, y, verbose: 0));
    }

    [Fact]
    public void ASubclassedModelCompilesFitsSavesAndLoads()
    {
        // class TwoLayers(keras.Model): layers in __init__, the forward pass in call; registered for loading.
        Strata.Saving.CustomObjects.Register(config => new TwoLayers((int)config["units"]!, (string?)config["name"]));
        using var folder = new Datasets.TempDirectory();
        Strata.Random.SetSeed(10);
        var model = new TwoLayers(6);
        model.Compile(new Adam(learningRate: 1e-2), "mse");
        Tensor x = Tensor.Uniform([32, 4], seed: 11), y = Tensor.Uniform([32, 1], seed: 12);
        History history = model.Fit(x, y, epochs: 3, batchSize: 8, verbose: 0);
        Assert.True(history["loss"][2] < history["loss"][0]);
        Assert.Equal(4 * 6 + 6 + 6 + 1, model.CountParams());
        float[] expected = model.Predict(x, verbose: 0).ToArray<float>();
        foreach (string file in new[] { "two.zip", "two.keras" })
        {
            string path = Path.Combine(folder.Path, file);
            model.Save(path);
            Model loaded = Model.Load(path);
            Assert.IsType<TwoLayers>(loaded);
            Assert.Equal(expected, loaded.Predict(x, verbose: 0).ToArray<float>());
            Assert.Equal(model.Optimizer!.Iterations, loaded.Optimizer!.Iterations);
            loaded.Fit(x, y, epochs: 1, batchSize: 8, verbose: 0); // resumes
        }
        var forgot = new NoForwardPass();
        Assert.Contains("must override Call(inputs)", Assert.Throws<InvalidOperationException>(() => forgot.Predict(x, verbose: 0)).Message);
    }

    private sealed class TwoLayers : Model
    {
        private readonly Dense _hidden, _output;

        public TwoLayers(int units, string? name = null)
            : base(name ?? "two_layers")
        {
            Units = units;
            _hidden = AddLayer(new Dense(units, activation: "relu"));
            _output = AddLayer(new Dense(1));
        }

        public int Units { get; }

        protected override Tensor Call(Tensor inputs, bool training) => _output.Call(_hidden.Call(inputs, training), training);

        public override Dictionary<string, object?> GetConfig()
        {
            Dictionary<string, object?> config = base.GetConfig();
            config["units"] = Units;
            return config;
        }
    }

    private sealed class NoForwardPass() : Model("no_forward_pass");

    [Fact]
    public void TheBooksSimpleDenseOverridesBuildAndCall()
    {
        // Chapter 3: my_dense = SimpleDense(units=32, activation=tf.nn.relu); output_tensor = my_dense(tf.ones((2, 784)))
        var myDense = new SimpleDense(units: 32, activation: Ops.Relu);
        Tensor inputTensor = Tensor.Ones(2, 784);
        Tensor outputTensor = myDense.Call(inputTensor);
        Assert.Equal(new Shape(2, 32), outputTensor.Shape);
        Assert.True(myDense.Built);
        Assert.Equal(784 * 32 + 32, myDense.CountParams());
        // Each output is relu(sum of the kernel's column + bias), from the weights by hand.
        float[] w = myDense.Weights[0].Value.ToArray<float>(), b = myDense.Weights[1].Value.ToArray<float>(), y = outputTensor.ToArray<float>();
        for (int j = 0; j < 32; j++)
        {
            double sum = b[j];
            for (int i = 0; i < 784; i++) sum += w[i * 32 + j];
            Assert.Equal(Math.Max(sum, 0), y[j], 4);
            Assert.Equal(y[j], y[32 + j]);
        }
        myDense.Call(inputTensor); // built once: no new weights
        Assert.Equal(2, myDense.Weights.Count);

        // Built ahead with layer.Build(shape), then stacked and trained as any layer.
        var ahead = new SimpleDense(units: 3);
        ahead.Build(-1, 5);
        Assert.Equal(new Shape(5, 3), ahead.Weights[0].Shape);
        var model = new Sequential([new InputLayer([4]), new SimpleDense(8, Ops.Relu), new SimpleDense(1)]);
        model.Compile("rmsprop", "mse");
        Tensor x = Tensor.Uniform([64, 4], seed: 3), yTrue = Tensor.Uniform([64, 1], seed: 4);
        History history = model.Fit(x, yTrue, epochs: 5, batchSize: 16, verbose: 0);
        Assert.True(history["loss"][4] < history["loss"][0]);
    }

    /// <summary>The book's SimpleDense, line for line: weights in Build, the computation in Call.</summary>
    private sealed class SimpleDense(int units, Func<Tensor, Tensor>? activation = null) : Layer
    {
        private Variable _w = null!, _b = null!;

        protected override void Build(int[] inputShape)
        {
            int inputDim = inputShape[^1];
            _w = AddWeight("w", [inputDim, units], new RandomNormal());
            _b = AddWeight("b", [units], new Zeros());
        }

        protected override Tensor Call(Tensor inputs)
        {
            Tensor y = Ops.MatMul(inputs, _w) + _b;
            return activation is null ? y : activation(y);
        }
    }

    [Fact]
    public void UnfreezingAfterCompileSaysToCompileAgain()
    {
        var base_ = new Dense(4, name: "base") { Trainable = false };
        var model = new Sequential([new InputLayer([3]), base_, new Dense(1)]);
        model.Compile("rmsprop", "mse");
        Tensor x = Tensor.Uniform([8, 3], seed: 7), y = Tensor.Uniform([8, 1], seed: 8);
        model.Fit(x, y, epochs: 1, verbose: 0);
        base_.Trainable = true;
        var e = Assert.Throws<ArgumentException>(() => model.Fit(x, y, epochs: 1, verbose: 0));
        Assert.Contains("call Compile again", e.Message);
        Assert.Contains("base/kernel", e.Message);
        model.Compile("rmsprop", "mse"); // as Keras asks: compile again after changing trainable
        model.Fit(x, y, epochs: 1, verbose: 0);
    }
}
