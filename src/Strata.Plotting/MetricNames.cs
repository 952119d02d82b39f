namespace Strata.Plotting;

/// <summary>
/// Turns Keras log keys ("loss", "val_accuracy", "mae") into the words the book puts on its
/// charts: axis labels "Loss", "Accuracy", "MAE"; legends "Training loss", "Validation MAE".
/// </summary>
internal static class MetricNames
{
    public const string ValidationPrefix = "val_";

    // Abbreviations read as letters; everything else is an ordinary word.
    private static readonly HashSet<string> Acronyms = new(StringComparer.OrdinalIgnoreCase)
    {
        "mae", "mse", "rmse", "msle", "mape", "auc", "iou", "kl", "r2", "top_k",
    };

    /// <summary>"mae" → "MAE", "binary_accuracy" → "binary accuracy", "loss" → "loss".</summary>
    public static string Words(string metric)
    {
        string name = metric.StartsWith(ValidationPrefix, StringComparison.Ordinal) ? metric[ValidationPrefix.Length..] : metric;
        return Acronyms.Contains(name) ? name.ToUpperInvariant() : name.Replace('_', ' ');
    }

    /// <summary>The y-axis label: the metric's words, capitalized ("Loss", "MAE", "Binary accuracy").</summary>
    public static string AxisLabel(string metric) => Capitalize(Words(metric));

    public static string TrainingLegend(string metric) => $"Training {Words(metric)}";

    public static string ValidationLegend(string metric) => $"Validation {Words(metric)}";

    /// <summary>The book's titles: "Training and validation loss", or "Training loss" when nothing was validated.</summary>
    public static string Title(string metric, bool hasValidation) =>
        hasValidation ? $"Training and validation {Words(metric)}" : TrainingLegend(metric);

    private static string Capitalize(string words) =>
        words.Length == 0 ? words : char.ToUpperInvariant(words[0]) + words[1..];
}
