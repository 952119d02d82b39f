// Deep Learning with Python, chapter 10: forecasting the temperature 24 hours ahead from the last 5 days.
// The book uses the Jena climate series (not installable here); this example runs its method on the real
// series that Debian's python3-vega-datasets ships: Seattle's hourly temperatures for 2010, from NOAA
// (apt-get install python3-vega-datasets; one feature, 8,759 hours). As the book: the first half trains,
// the next quarter validates, the last quarter tests; values normalized by the training half's mean and
// deviation; windows of 120 hours from Utils.TimeseriesDatasetFromArray; the common-sense baseline
// (tomorrow as now), then a dense model, an LSTM(16), and an LSTM(32, recurrentDropout: 0.25) with Dropout,
// each keeping its epoch of best validation loss. Errors are mean absolute errors in °C.
// Usage: dotnet run -c Release --project examples/TemperatureForecast -- [--epochs N]
using System.Diagnostics;
using System.Globalization;
using Strata;
using Strata.Callbacks;
using Strata.Layers;

const string CsvPath = "/usr/lib/python3/dist-packages/vega_datasets/_data/seattle-temps.csv";
const int SequenceLength = 120, Delay = SequenceLength + 24 - 1, BatchSize = 256;
int? epochsArg = args.SkipWhile(a => a != "--epochs").Skip(1).Select(int.Parse).Cast<int?>().FirstOrDefault();
var clock = Stopwatch.StartNew();

float[] celsius = ReadTemperatures(CsvPath);
int trainCount = celsius.Length / 2, validationCount = celsius.Length / 4, testCount = celsius.Length - trainCount - validationCount;
Console.WriteLine($"{celsius.Length} hourly temperatures: {trainCount} train, {validationCount} validation, {testCount} test");
double mean = celsius[..trainCount].Average();
double std = Math.Sqrt(celsius[..trainCount].Sum(t => (t - mean) * (t - mean)) / trainCount);
float[] normalized = celsius.Select(t => (float)((t - mean) / std)).ToArray();
Tensor raw = Tensor.FromArray(normalized[..^Delay], normalized.Length - Delay, 1);
Tensor targets = Tensor.FromArray(celsius[Delay..], celsius.Length - Delay);

Dataset<(Tensor X, Tensor Y)> Windows(int start, int? end, bool shuffle) =>
    Utils.TimeseriesDatasetFromArray(raw, targets, SequenceLength, batchSize: BatchSize, shuffle: shuffle, seed: 1, startIndex: start, endIndex: end);
var train = Windows(0, trainCount, shuffle: true);
var validation = Windows(trainCount, trainCount + validationCount, shuffle: false);
var test = Windows(trainCount + validationCount, null, shuffle: false);

// The common-sense baseline: the temperature 24 hours from now is the temperature now.
double Baseline(Dataset<(Tensor X, Tensor Y)> windows)
{
    double error = 0;
    long seen = 0;
    foreach ((Tensor x, Tensor y) in windows)
    {
        float[] samples = x.ToArray<float>(), truth = y.ToArray<float>();
        for (int i = 0; i < truth.Length; i++) error += Math.Abs((samples[((i + 1) * SequenceLength) - 1] * std) + mean - truth[i]);
        seen += truth.Length;
    }
    return error / seen;
}
Console.WriteLine($"common-sense baseline: validation MAE {Baseline(validation):F2}, test MAE {Baseline(test):F2}   (the book, Jena: 2.44, 2.62)");

Run("dense", "jena_dense.weights.h5", epochsArg ?? 10, "2.62", inputs => new Dense(1).Call(new Dense(16, activation: "relu").Call(new Flatten().Call(inputs))));
Run("lstm", "jena_lstm.weights.h5", epochsArg ?? 10, "2.55", inputs => new Dense(1).Call(new LSTM(16).Call(inputs)));
Run("lstm-dropout", "jena_lstm_dropout.weights.h5", epochsArg ?? 50, "2.45",
    inputs => new Dense(1).Call(new Dropout(0.5f).Call(new LSTM(32, recurrentDropout: 0.25f).Call(inputs))));
Console.WriteLine($"Run time: {clock.Elapsed.TotalSeconds:F0} s");

void Run(string name, string file, int epochs, string book, Func<SymbolicTensor, SymbolicTensor> body)
{
    var runClock = Stopwatch.StartNew();
    var inputs = new Input(shape: [SequenceLength, 1]);
    var model = new Model(inputs, body(inputs));
    model.Compile(optimizer: "rmsprop", loss: "mse", metrics: ["mae"]);
    string checkpoint = Path.Combine(Path.GetTempPath(), file);
    model.Fit(train, epochs: epochs, validationData: validation, verbose: 0,
        callbacks: [new ModelCheckpoint(checkpoint, saveBestOnly: true, saveWeightsOnly: true)]);
    model.LoadWeights(checkpoint);
    double validationMae = model.Evaluate(validation, verbose: 0)["mae"], testMae = model.Evaluate(test, verbose: 0)["mae"];
    Console.WriteLine($"{name}: validation MAE {validationMae:F2}, test MAE {testMae:F2}   (the book's test MAE on Jena: {book})   {runClock.Elapsed.TotalSeconds:F0} s, {epochs} epochs");
}

// date,temp (°F) per hour; to °C.
static float[] ReadTemperatures(string path)
{
    if (!File.Exists(path)) throw new FileNotFoundException($"'{path}' is missing: install Debian's python3-vega-datasets (apt-get install -y python3-vega-datasets), which ships the series.", path);
    string[] lines = File.ReadAllLines(path);
    if (lines.Length < 2 || lines[0] != "date,temp") throw new InvalidDataException($"'{path}': expected the header \"date,temp\", found \"{lines.FirstOrDefault()}\".");
    return lines.Skip(1).Select((line, i) =>
    {
        string[] fields = line.Split(',');
        if (fields.Length != 2 || !float.TryParse(fields[1], NumberStyles.Float, CultureInfo.InvariantCulture, out float fahrenheit))
        {
            throw new InvalidDataException($"'{path}' line {i + 2}: expected date,temperature, found \"{line}\".");
        }
        return (fahrenheit - 32f) * 5f / 9f;
    }).ToArray();
}
