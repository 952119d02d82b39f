// Trains, saves, loads and predicts, as a trimmed or Native AOT app must. Argument: the formats to save in.
using Strata;
using Strata.Layers;

string[] formats = args.Length > 0 ? args : ["zip", "keras"];
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
