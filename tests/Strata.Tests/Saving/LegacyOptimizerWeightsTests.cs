using System.Text.Json.Nodes;
using PureHDF;
using Strata.Layers;
using Strata.Optimizers;

namespace Strata.Tests.Saving;

/// <summary>
/// A legacy .h5 written as tf.keras 2 writes <c>model.save("m.h5")</c> (model_weights with layer_names and weight_names,
/// training_config, optimizer_weights named <c>Adam/iter:0</c>, <c>Adam/dense/kernel/m:0</c> … slot kind by slot kind,
/// as tf.keras's optimizers create them) resumes training where it stopped: two epochs, the file, two more equal four;
/// and so does one written as Keras 3's <c>save("m.h5")</c> writes it (weights by path, the optimizer's variables in its order).
/// </summary>
public class LegacyOptimizerWeightsTests
{
    private const int Samples = 64, Features = 5, BatchSize = 16;

    [Theory]
    [InlineData("2.11.0")]
    [InlineData("3.12.0")]
    public void ALegacyFileResumesTrainingBitForBit(string kerasVersion)
    {
        using var folder = new Datasets.TempDirectory();
        Tensor x = Tensor.Uniform([Samples, Features], -1f, 1f, seed: 31);
        Tensor y = Tensor.FromArray(x.ToArray<float>().Chunk(Features).Select(r => r[0] - r[2] > 0 ? 1f : 0f).ToArray(), Samples, 1);
        Model straight = Build();
        straight.Fit(x, y, epochs: 4, batchSize: BatchSize, shuffle: false, verbose: 0);
        Model half = Build();
        half.Fit(x, y, epochs: 2, batchSize: BatchSize, shuffle: false, verbose: 0);
        string path = Path.Combine(folder.Path, "tf_keras.h5");
        WriteLegacyFile(half, path, kerasVersion);

        Model resumed = Model.Load(path);
        Assert.Equal(2L * Samples / BatchSize, resumed.Optimizer!.Iterations);
        resumed.Fit(x, y, epochs: 2, batchSize: BatchSize, shuffle: false, verbose: 0);
        Assert.Equal(straight.GetWeights().SelectMany(w => w.ToArray<float>()), resumed.GetWeights().SelectMany(w => w.ToArray<float>()));
    }

    [Fact]
    public void SlotsThatDoNotFitAreNamed()
    {
        using var folder = new Datasets.TempDirectory();
        Model model = Build();
        model.Fit(Tensor.Zeros(8, Features), Tensor.Zeros(8, 1), epochs: 1, verbose: 0);
        string path = Path.Combine(folder.Path, "short.h5");
        WriteLegacyFile(model, path, "2.11.0", dropLast: true);
        var e = Assert.Throws<InvalidDataException>(() => Model.Load(path));
        Assert.Contains("short.h5", e.Message);
        Assert.Contains("not a whole number of blocks", e.Message);
    }

    private static Model Build()
    {
        Strata.Random.SetSeed(12);
        var model = new Sequential([new InputLayer([Features]), new Dense(6, activation: "relu"), new Dense(1, activation: "sigmoid")]);
        model.Compile(new Adam(learningRate: 3e-3, amsgrad: true), "binary_crossentropy", ["accuracy"]);
        return model;
    }

    /// <summary>The file tf.keras 2.11 or Keras 3 writes for this model: its Keras config, weights by layer, settings and optimizer state.</summary>
    private static void WriteLegacyFile(Model model, string path, string kerasVersion, bool dropLast = false)
    {
        bool keras3 = kerasVersion.StartsWith('3');
        string suffix = keras3 ? "" : ":0"; // tf.keras names variables "dense/kernel:0", Keras 3 by path
        var adam = (Adam)model.Optimizer!;
        var trainingConfig = new JsonObject
        {
            ["loss"] = "binary_crossentropy",
            ["metrics"] = new JsonArray(new JsonArray("accuracy")),
            ["loss_weights"] = null,
            ["optimizer_config"] = new JsonObject
            {
                ["class_name"] = "Adam",
                ["config"] = new JsonObject { ["name"] = "Adam", ["learning_rate"] = 3e-3, ["decay"] = 0.0, ["beta_1"] = 0.9, ["beta_2"] = 0.999, ["epsilon"] = 1e-7, ["amsgrad"] = true },
            },
        };
        var file = new H5File
        {
            Attributes = new()
            {
                ["keras_version"] = kerasVersion,
                ["backend"] = "tensorflow",
                ["model_config"] = Strata.Saving.Keras.KerasConfigWriter.Model(model).ToJsonString(),
                ["training_config"] = trainingConfig.ToJsonString(),
            },
        };
        Layer[] layers = model.Layers.Where(l => l.Weights.Count > 0).ToArray();
        var weights = new H5Group { Attributes = new() { ["layer_names"] = layers.Select(l => l.Name).ToArray() } };
        foreach (Layer layer in layers)
        {
            var group = new H5Group { Attributes = new() { ["weight_names"] = layer.Weights.Select(w => w.Name + suffix).ToArray() } };
            foreach (Variable w in layer.Weights) Put(group, w.Name + suffix, w.Value);
            weights[layer.Name] = group;
        }
        file["model_weights"] = weights;

        // tf.keras's Adam: its step counter, then every m, every v, every vhat, each in the trainable weights' order.
        // Keras 3's: optimizer.variables (step, learning rate, then each weight's momentum and velocity …) by path.
        var state = new List<(string Name, Tensor Value)>();
        if (keras3)
        {
            state.AddRange(adam.Variables.Select(v => ($"adam/{v.Name}", v.Value)));
        }
        else
        {
            state.Add(("Adam/iter:0", adam.Variables[0].Value));
            foreach ((string slot, string kind) in new[] { ("m", "momentum"), ("v", "velocity"), ("vhat", "velocity_hat") })
            {
                foreach (Variable w in model.TrainableWeights) state.Add(($"Adam/{w.Name}/{slot}:0", adam.Slot(w, kind)!.Value));
            }
        }
        if (dropLast) state.RemoveAt(state.Count - 1);
        var optimizer = new H5Group { Attributes = new() { ["weight_names"] = state.Select(s => s.Name).ToArray() } };
        foreach ((string name, Tensor value) in state) Put(optimizer, name, value);
        file["optimizer_weights"] = optimizer;
        file.Write(path);
    }

    /// <summary>A dataset at a slash-separated path under the group, its parents made as h5py makes them.</summary>
    private static void Put(H5Group root, string path, Tensor value)
    {
        string[] parts = path.Split('/');
        H5Group group = root;
        foreach (string part in parts[..^1])
        {
            if (!group.TryGetValue(part, out object? child)) group[part] = child = new H5Group();
            group = (H5Group)child;
        }
        ulong[] dims = value.Shape.Dims.Select(d => (ulong)d).ToArray();
        group[parts[^1]] = value.DType == DType.Int64 ? new H5Dataset(value.ToArray<long>()[0])
            : dims.Length == 0 ? new H5Dataset(value.ToArray<float>()[0]) : new H5Dataset(value.ToArray<float>(), fileDims: dims);
    }
}
