using Strata.Callbacks;

namespace Strata.Plotting.Tests;

/// <summary>Histories built the way Fit fills them: one OnEpochEnd per epoch.</summary>
internal static class Histories
{
    public static History Of(params (string Key, double[] Values)[] series)
    {
        var history = new History();
        int epochs = series.Max(s => s.Values.Length);
        for (int epoch = 0; epoch < epochs; epoch++)
        {
            var logs = new Dictionary<string, double>();
            foreach ((string key, double[] values) in series)
            {
                if (epoch < values.Length) logs[key] = values[epoch];
            }
            history.OnEpochEnd(epoch, logs);
        }
        return history;
    }

    public static readonly double[] Loss = [0.52, 0.31, 0.23, 0.18, 0.15];
    public static readonly double[] ValLoss = [0.38, 0.30, 0.28, 0.29, 0.31];
    public static readonly double[] Accuracy = [0.79, 0.90, 0.92, 0.94, 0.95];
    public static readonly double[] ValAccuracy = [0.86, 0.88, 0.89, 0.88, 0.88];

    /// <summary>The IMDB run's shape: loss, accuracy and their validation values.</summary>
    public static History Imdb() => Of(("loss", Loss), ("accuracy", Accuracy), ("val_loss", ValLoss), ("val_accuracy", ValAccuracy));
}
