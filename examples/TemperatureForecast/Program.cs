// Deep Learning with Python, chapter 10: forecasting temperature from the recent past with the book's method.
// The book uses the Jena climate series (not installable here); this example uses the real series that
// Debian's python3-vega-datasets ships (apt-get install python3-vega-datasets): Seattle's daily weather
// 2012-2015 from NOAA, 1,461 days of precipitation, maximum and minimum temperature and wind. (The package's
// hourly seattle-temps.csv is a climate normal, the same smooth curve every day, so not a forecasting task.)
// As the book: the first half trains, the next quarter validates, the last quarter tests; the features
// normalized by the training half's mean and deviation; windows from Utils.TimeseriesDatasetFromArray, here
// 30 days predicting the next day's maximum temperature; the common-sense baseline (tomorrow as today), then
// a dense model, an LSTM(16), and an LSTM(32, recurrentDropout: 0.25) with Dropout(0.5), each keeping its
// epoch of best validation loss. With 700 training windows instead of the book's 210,000, the target is
// normalized too (the book predicts raw degrees), so that a few hundred steps can fit it; errors are
// reported in °C.
// Usage: dotnet run -c Release --project examples/TemperatureForecast -- [--epochs N]
using System.Diagnostics;
using System.Globalization;
using Strata;
using Strata.Callbacks;
using Strata.Layers;

const string CsvPath = "/usr/lib/python3/dist-packages/vega_datasets/_data/seattle-weather.csv";
const int Features = 4, TemperatureMax = 1, SequenceLength = 30, Delay = SequenceLength, BatchSize = 32;
int? epochsArg = args.SkipWhile(a => a != "--epochs").Skip(1).Select(int.Parse).Cast<int?>().FirstOrDefault();
var clock = Stopwatch.StartNew();

float[][] days = ReadDays(CsvPath);
int trainCount = days.Length / 2, validationCount = days.Length / 4, testCount = days.Length - trainCount - validationCount;
Console.WriteLine($"{days.Length} days: {trainCount} train, {validationCount} validation, {testCount} test");
double[] mean = Enumerable.Range(0, Features).Select(f => days[..trainCount].Average(d => (double)d[f])).ToArray();
double[] std = Enumerable.Range(0, Features).Select(f => Math.Sqrt(days[..trainCount].Sum(d => (d[f] - mean[f]) * (d[f] - mean[f])) / trainCount)).ToArray();
float[] normalized = days.SelectMany(d => d.Select((v, f) => (float)((v - mean[f]) / std[f]))).ToArray();
Tensor raw = Tensor.FromArray(normalized[..^(Delay * Features)], days.Length - Delay, Features);
Tensor targets = Tensor.FromArray(days[Delay..].Select(d => (float)((d[TemperatureMax] - mean[TemperatureMax]) / std[TemperatureMax])).ToArray(), days.Length - Delay);
double degrees = std[TemperatureMax]; // a normalized error times this is in °C

Dataset<(Tensor X, Tensor Y)> Windows(int start, int? end, bool shuffle) =>
    Utils.TimeseriesDatasetFromArray(raw, targets, SequenceLength, batchSize: BatchSize, shuffle: shuffle, seed: 1, startIndex: start, endIndex: end);
var train = Windows(0, trainCount, shuffle: true);
var validation = Windows(trainCount, trainCount + validationCount, shuffle: false);
var test = Windows(trainCount + validationCount, null, shuffle: false);

// The common-sense baseline: tomorrow's maximum temperature is today's.
double Baseline(Dataset<(Tensor X, Tensor Y)> windows)
{
    double error = 0;
    long seen = 0;
    foreach ((Tensor x, Tensor y) in windows)
    {
        float[] samples = x.ToArray<float>(), truth = y.ToArray<float>();
        for (int i = 0; i < truth.Length; i++) error += Math.Abs(samples[(((i + 1) * SequenceLength) - 1) * Features + TemperatureMax] - truth[i]);
        seen += truth.Length;
    }
    return error / seen * degrees;
}
Console.WriteLine($"common-sense baseline: validation MAE {Baseline(validation):F2}, test MAE {Baseline(test):F2}   (the book, Jena: 2.44, 2.62)");

Run("dense", "weather_dense.weights.h5", epochsArg ?? 10, "2.62", inputs => new Dense(1).Call(new Dense(16, activation: "relu").Call(new Flatten().Call(inputs))));
Run("lstm", "weather_lstm.weights.h5", epochsArg ?? 10, "2.55", inputs => new Dense(1).Call(new LSTM(16).Call(inputs)));
Run("lstm-dropout", "weather_lstm_dropout.weights.h5", epochsArg ?? 50, "2.45",
    inputs => new Dense(1).Call(new Dropout(0.5f).Call(new LSTM(32, recurrentDropout: 0.25f).Call(inputs))));
Console.WriteLine($"Run time: {clock.Elapsed.TotalSeconds:F0} s");

void Run(string name, string file, int epochs, string book, Func<SymbolicTensor, SymbolicTensor> body)
{
    var runClock = Stopwatch.StartNew();
    var inputs = new Input(shape: [SequenceLength, Features]);
    var model = new Model(inputs, body(inputs));
    model.Compile(optimizer: "rmsprop", loss: "mse", metrics: ["mae"]);
    string checkpoint = Path.Combine(Path.GetTempPath(), file);
    model.Fit(train, epochs: epochs, validationData: validation, verbose: 0,
        callbacks: [new ModelCheckpoint(checkpoint, saveBestOnly: true, saveWeightsOnly: true)]);
    model.LoadWeights(checkpoint);
    double validationMae = model.Evaluate(validation, verbose: 0)["mae"] * degrees, testMae = model.Evaluate(test, verbose: 0)["mae"] * degrees;
    Console.WriteLine($"{name}: validation MAE {validationMae:F2}, test MAE {testMae:F2}   (the book's test MAE on Jena: {book})   {runClock.Elapsed.TotalSeconds:F0} s, {epochs} epochs");
}

// date, precipitation (mm), temp_max (°C), temp_min (°C), wind (m/s), weather (a word): the four numbers of each day.
static float[][] ReadDays(string path)
{
    if (!File.Exists(path)) throw new FileNotFoundException($"'{path}' is missing: install Debian's python3-vega-datasets (apt-get install -y python3-vega-datasets), which ships the series.", path);
    string[] lines = File.ReadAllLines(path);
    const string Header = "date,precipitation,temp_max,temp_min,wind,weather";
    if (lines.Length < 2 || lines[0] != Header) throw new InvalidDataException($"'{path}': expected the header \"{Header}\", found \"{lines.FirstOrDefault()}\".");
    return lines.Skip(1).Select((line, i) =>
    {
        string[] fields = line.Split(',');
        var values = new float[Features];
        bool ok = fields.Length == 6;
        for (int f = 0; ok && f < Features; f++) ok = float.TryParse(fields[f + 1], NumberStyles.Float, CultureInfo.InvariantCulture, out values[f]);
        return ok ? values : throw new InvalidDataException($"'{path}' line {i + 2}: expected a date, four numbers and a word, found \"{line}\".");
    }).ToArray();
}
