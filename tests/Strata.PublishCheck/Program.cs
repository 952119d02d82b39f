// Trains, saves, loads and predicts, as a trimmed or Native AOT app must. Arguments: the formats to save in ("zip",
// "keras"), and "python=<folder>": Python Keras's files of the tests' TestData/Keras to load and predict with.
using Strata;
using Strata.Datasets;
using Strata.Layers;

string[] formats = args.Where(a => !a.StartsWith("python=", StringComparison.Ordinal)).DefaultIfEmpty("zip").ToArray();
string? python = args.FirstOrDefault(a => a.StartsWith("python=", StringComparison.Ordinal))?["python=".Length..];
if (python is not null && !LoadsPythonKerasFiles(python)) return 1;
Strata.Random.SetSeed(1);
Tensor x = Tensor.Uniform([256, 4], -1f, 1f, seed: 2);
Tensor y = Tensor.FromArray(x.ToArray<float>().Chunk(4).Select(r => r[0] + r[1] > 0 ? 1f : 0f).ToArray(), 256, 1);
var model = new Sequential([new InputLayer([4]), new Dense(16, activation: "relu"), new Dense(1, activation: "sigmoid")]);
model.Compile("adam", "binary_crossentropy", ["accuracy"]);
model.Fit(x, y, epochs: 20, batchSize: 32, verbose: 0);
float[] expected = model.Predict(x, verbose: 0).ToArray<float>();
string folder = Path.Combine(Path.GetTempPath(), $"strata-publish-check-{Environment.ProcessId}");
Directory.CreateDirectory(folder);
try
{
    foreach (string format in formats)
    {
        string path = Path.Combine(folder, "model." + format);
        model.Save(path);
        Model loaded = Model.Load(path);
        if (!loaded.Predict(x, verbose: 0).ToArray<float>().SequenceEqual(expected))
        {
            Console.WriteLine($"FAIL: the model loaded from {format} predicts differently");
            return 1;
        }
        loaded.Fit(x, y, epochs: 1, batchSize: 32, verbose: 0); // resumes, compiled
    }
}
finally
{
    Directory.Delete(folder, recursive: true);
}
double accuracy = model.Evaluate(x, y, verbose: 0)["accuracy"];
Console.WriteLine($"trained, saved ({string.Join(", ", formats)}), loaded and predicted; accuracy {accuracy:F3}");
return accuracy > 0.9 ? 0 : 1;

// A Keras 3 .keras archive against its reference outputs (numpy's forward pass over h5py's reading of its weights),
// and a tf.keras 2 legacy .h5 that must load compiled and predict finite values.
static bool LoadsPythonKerasFiles(string folder)
{
    Model keras3 = Model.Load(Path.Combine(folder, "keras3-diabetes", "diabetes_v2.keras"));
    float[] predicted = keras3.Predict(Npy.Read(Path.Combine(folder, "keras3-diabetes", "inputs.npy")), verbose: 0).ToArray<float>();
    float[] expected = Npy.Read(Path.Combine(folder, "keras3-diabetes", "expected_v2.npy")).ToArray<float>();
    if (predicted.Length != expected.Length || predicted.Zip(expected).Any(p => Math.Abs(p.First - p.Second) > 2e-5 * Math.Max(1, Math.Abs(p.Second))))
    {
        Console.WriteLine("FAIL: diabetes_v2.keras (saved by Python Keras 3) predicts differently from its reference outputs");
        return false;
    }
    Model legacy = Model.Load(Path.Combine(folder, "tfkeras-embedding-conv1d", "issue_9349.hdf5"));
    int[] dims = [1, .. legacy.Inputs[0].Shape.Skip(1).Select(d => d ?? 8)];
    float[] scores = legacy.Predict(Tensor.Zeros(new Shape(dims), legacy.Inputs[0].DType), verbose: 0).ToArray<float>();
    if (legacy.Optimizer is null || scores.Any(v => !float.IsFinite(v)))
    {
        Console.WriteLine("FAIL: issue_9349.hdf5 (saved by tf.keras 2) did not load compiled or predicts non-finite values");
        return false;
    }
    Console.WriteLine("loaded Python Keras's diabetes_v2.keras (outputs as the reference) and issue_9349.hdf5");
    return true;
}
