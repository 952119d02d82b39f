using PureHDF;
using Strata.Datasets;
using Strata.Layers;
using Strata.Losses;
using Strata.Optimizers;

namespace Strata.Tests.Saving;

/// <summary>
/// Models saved by Python Keras (legacy .h5 from Keras 2, .keras from Keras 3), taken from public repositories
/// with the outputs Keras computed (TestData/Keras/PROVENANCE.md): loaded, they predict within 1e-5 of Keras.
/// </summary>
public class KerasFileTests
{
    private static string File(string relative) => Path.Combine(AppContext.BaseDirectory, "TestData", "Keras", relative);

    [Theory]
    [InlineData("dl4j-mlp-softmax/simple_sparse_xent_mlp_keras_2", "Dense + Activation(softmax), Keras 2.3.1")]
    [InlineData("dl4j-dense-relu/ReLU_0", "Dense + a ReLU layer, Keras 2.3.1")]
    [InlineData("dl4j-conv1d/conv1d_k2_s1_d1_cl_same", "Conv1D(same, sigmoid), Keras 2.3.1")]
    [InlineData("dl4j-lstm/simple_flatten_lstm_tf_keras_2", "LSTM(50, hard_sigmoid gates) + Dense, Keras 2.1.3, config as a bare list")]
    [InlineData("dl4j-simplernn/simple_rnn_tf_keras_2", "SimpleRNN(50) + Dense, Keras 2.1.3")]
    public void LegacyH5ModelsPredictAsKerasDid(string name, string what)
    {
        _ = what;
        Model model = Model.Load(File(name + "_model.h5"));
        using var io = H5File.OpenRead(File(name + "_inputs_and_outputs.h5"));
        // /predictions holds Keras's model.predict; /outputs holds training labels in some of these files.
        IH5Group expectedGroup = io.Group(io.LinkExists("predictions") ? "predictions" : "outputs");
        Tensor[] inputs = io.Group("inputs").Children().Cast<IH5Dataset>().Select(Read).ToArray();
        Tensor[] expected = expectedGroup.Children().Cast<IH5Dataset>().Select(Read).ToArray();
        Tensor[] predicted = model.Predict(inputs, verbose: 0);
        Assert.Equal(expected.Length, predicted.Length);
        for (int o = 0; o < expected.Length; o++) AssertClose(expected[o], predicted[o], 1e-5);
    }

    [Theory]
    [InlineData("dl4j-lstm/simple_flatten_lstm_tf_keras_2")]
    [InlineData("dl4j-simplernn/simple_rnn_tf_keras_2")]
    public void ALegacyFilesOptimizerStateIsRestoredAndUsed(string name)
    {
        // Keras 2.1.3 saved RMSprop's accumulators as training/RMSprop/Variable_k:0, one per trainable weight in order.
        string path = File(name + "_model.h5");
        Model model = Model.Load(path);
        var rmsprop = Assert.IsType<RMSprop>(model.Optimizer);
        IReadOnlyList<Variable> trainable = model.TrainableWeights;
        for (int i = 0; i < trainable.Count; i++)
        {
            float[] inFile = H5Dump.Floats(path, $"/optimizer_weights/training/RMSprop/Variable{(i == 0 ? "" : $"_{i}")}:0");
            Assert.Equal(inFile, rmsprop.Slot(trainable[i], "velocity")!.Value.ToArray<float>());
        }

        // One step continues from them. The layers drop units in training (recurrent_dropout), so the gradient comes from
        // a twin loaded with its accumulators zeroed and the same seed: its velocity is (1 − ρ)·g², its step −lr·g/√(v + ε).
        // The restored model's output bias must take Keras's RMSprop step from the file's accumulator v₀ instead.
        using var io = H5File.OpenRead(File(name + "_inputs_and_outputs.h5"));
        Tensor x = Read(io.Group("inputs").Children().Cast<IH5Dataset>().First());
        Tensor y = model.Predict(x, verbose: 0) + 0.25f;
        Model twin = Model.Load(path);
        var twinRmsprop = (RMSprop)twin.Optimizer!;
        foreach (Variable w in twin.TrainableWeights) twinRmsprop.Slot(w, "velocity")!.Assign(Tensor.Zeros(w.Shape));
        (Variable bias, Variable twinBias) = (trainable[^1], twin.TrainableWeights[^1]);
        double b0 = bias.Value.ToArray<float>()[0], v0 = H5Dump.Floats(path, $"/optimizer_weights/training/RMSprop/Variable_{trainable.Count - 1}:0")[0];
        Strata.Random.SetSeed(5);
        twin.TrainOnBatch(x, y);
        Strata.Random.SetSeed(5);
        model.TrainOnBatch(x, y);
        double twinStep = twinBias.Value.ToArray<float>()[0] - b0, gSquared = twinRmsprop.Slot(twinBias, "velocity")!.Value.ToArray<float>()[0] / (1 - rmsprop.Rho);
        double g = -Math.Sign(twinStep) * Math.Sqrt(gSquared);
        double v1 = (rmsprop.Rho * v0) + ((1 - rmsprop.Rho) * gSquared);
        Assert.Equal(v1, rmsprop.Slot(bias, "velocity")!.Value.ToArray<float>()[0], 6);
        Assert.Equal(b0 - (rmsprop.LearningRate * g / Math.Sqrt(v1 + rmsprop.Epsilon)), bias.Value.ToArray<float>()[0], 6);
        Assert.NotEqual(twinStep, bias.Value.ToArray<float>()[0] - b0, 4); // the accumulator made a difference
    }

    [Fact]
    public void AConvnetWithBatchNormalizationPredictsAsKerasDid()
    {
        // Keras 2.1.3: Conv2D → BatchNormalization → relu → Conv2D → Flatten → Dense, inputs and predictions as .npy.
        Model model = Model.Load(File("dl4j-conv2d-batchnorm/cnn_batch_norm.h5"));
        Tensor x = Npy.Read(System.IO.File.OpenRead(File("dl4j-conv2d-batchnorm/input.npy")), "input.npy").AsType(DType.Float32);
        Tensor expected = Npy.Read(System.IO.File.OpenRead(File("dl4j-conv2d-batchnorm/predictions.npy")), "predictions.npy");
        AssertClose(expected, model.Predict(x, verbose: 0), 1e-5);
        Assert.Contains(model.Layers, l => l is BatchNormalization);
    }

    [Theory]
    [InlineData("diabetes.keras", "expected.npy", 3)]
    [InlineData("diabetes_v2.keras", "expected_v2.npy", 5)]
    public void Keras3ArchivesLoadWithTheirWeightsAndCompileSettings(string file, string expectedFile, int layers)
    {
        // Keras 3.1.1 .keras archives: weights at layers/dense, layers/dense_1, …; outputs from a numpy forward pass over h5py's reading.
        Model model = Model.Load(File("keras3-diabetes/" + file));
        Assert.Equal(layers, model.Layers.Count);
        Tensor x = Npy.Read(System.IO.File.OpenRead(File("keras3-diabetes/inputs.npy")), "inputs.npy");
        Tensor expected = Npy.Read(System.IO.File.OpenRead(File("keras3-diabetes/" + expectedFile)), expectedFile);
        AssertClose(expected, model.Predict(x, verbose: 0), 2e-5, relative: true);
        Assert.NotNull(model.Optimizer); // its compile_config compiled it
    }

    [Fact]
    public void ALegacyTrainingConfigCompilesTheModel()
    {
        // tf.keras 2.4: Embedding → Conv1D → MaxPooling1D → Flatten → Dropout → Dense, uint16 token input, metrics saved per output.
        Model model = Model.Load(File("tfkeras-embedding-conv1d/issue_9349.hdf5"));
        Assert.Equal(DType.Int32, model.Inputs[0].DType);
        Assert.IsType<Embedding>(model.Layers[0]);
        Assert.NotNull(model.Optimizer);
        var compiled = model.CompiledSettings!;
        Assert.IsType<CategoricalCrossentropy>(compiled.Losses[0]);
        Assert.Equal(["accuracy", "categorical_accuracy"], compiled.MetricSpecs.Select(m => m.Metric?.Name ?? m.Name));
    }

    [Fact]
    public void WhatStrataCannotRebuildIsNamed()
    {
        var subclassed = Assert.Throws<NotSupportedException>(() => Model.Load(File("keras3-keras-team-nested-fixture/pre_pr22362_nested_container.keras")));
        Assert.Contains("'NestedDenseModel'", subclassed.Message);
        Assert.Contains("subclassed", subclassed.Message);
        // A GRU called with an initial state (a second input).
        var state = Assert.Throws<InvalidDataException>(() => Model.Load(File("fdeep-gru/temp_stateless.h5")));
        Assert.Contains("temp_stateless.h5", state.Message);
        Assert.Contains("takes one input, got 2", state.Message);
    }

    [Fact]
    public void BrokenKerasFilesNameTheFileAndTheProblem()
    {
        using var folder = new Datasets.TempDirectory();
        string truncated = Path.Combine(folder.Path, "truncated.h5");
        byte[] bytes = System.IO.File.ReadAllBytes(File("dl4j-mlp-softmax/simple_sparse_xent_mlp_keras_2_model.h5"));
        System.IO.File.WriteAllBytes(truncated, bytes[..(bytes.Length / 2)]);
        var e = Assert.Throws<InvalidDataException>(() => Model.Load(truncated));
        Assert.Contains("truncated.h5", e.Message);
        // A .keras archive without its weights file is not Keras's: it is read as Strata's and refused as such.
        string noWeights = Path.Combine(folder.Path, "no-weights.keras");
        using (var zip = System.IO.Compression.ZipFile.Open(noWeights, System.IO.Compression.ZipArchiveMode.Create))
        {
            using var entry = new StreamWriter(zip.CreateEntry("config.json").Open());
            entry.Write("{}");
        }
        Assert.Contains("no-weights.keras", Assert.Throws<InvalidDataException>(() => Model.Load(noWeights)).Message);
        // A .keras archive cut short, and one whose weights file is not HDF5.
        string cut = Path.Combine(folder.Path, "cut.keras");
        byte[] archive = System.IO.File.ReadAllBytes(File("keras3-diabetes/diabetes.keras"));
        System.IO.File.WriteAllBytes(cut, archive[..(archive.Length * 2 / 3)]);
        Assert.Contains("cut.keras", Assert.Throws<InvalidDataException>(() => Model.Load(cut)).Message);
        string badWeights = Path.Combine(folder.Path, "bad-weights.keras");
        System.IO.File.Copy(File("keras3-diabetes/diabetes.keras"), badWeights);
        using (var zip = System.IO.Compression.ZipFile.Open(badWeights, System.IO.Compression.ZipArchiveMode.Update))
        {
            zip.GetEntry("model.weights.h5")!.Delete();
            using var entry = zip.CreateEntry("model.weights.h5").Open();
            entry.Write(new byte[64]);
        }
        var weights = Assert.Throws<InvalidDataException>(() => Model.Load(badWeights));
        Assert.Contains("bad-weights.keras", weights.Message);
        Assert.Contains("HDF5", weights.Message);
    }

    [Fact]
    public void KerasSnakeCaseNamesAsKerasDoes()
    {
        Assert.Equal("conv2d", Strata.Saving.Keras.KerasWeights.SnakeCase("Conv2D"));
        Assert.Equal("batch_normalization", Strata.Saving.Keras.KerasWeights.SnakeCase("BatchNormalization"));
        Assert.Equal("re_lu", Strata.Saving.Keras.KerasWeights.SnakeCase("ReLU"));
        Assert.Equal("lstm", Strata.Saving.Keras.KerasWeights.SnakeCase("LSTM"));
        Assert.Equal("global_average_pooling2d", Strata.Saving.Keras.KerasWeights.SnakeCase("GlobalAveragePooling2D"));
    }

    private static Tensor Read(IH5Dataset d) => Tensor.FromArray(d.Read<float[]>(), d.Space.Dimensions.Select(v => (int)v).ToArray());

    private static void AssertClose(Tensor expected, Tensor actual, double tolerance, bool relative = false)
    {
        Assert.Equal(expected.Shape, actual.Shape);
        float[] e = expected.AsType(DType.Float32).ToArray<float>(), a = actual.ToArray<float>();
        for (int i = 0; i < e.Length; i++)
        {
            double allowed = relative ? tolerance * Math.Max(1, Math.Abs(e[i])) : tolerance;
            Assert.True(Math.Abs(e[i] - a[i]) <= allowed, $"value {i}: Keras {e[i]}, Strata {a[i]}");
        }
    }
}
