using System.Globalization;

namespace Strata.Datasets;

/// <summary>Where Keras's loaders cut their shuffled data into training and test parts.</summary>
internal static class DatasetSplit
{
    /// <summary>The split point <c>int(n * (1 - test_split))</c>, computed from the decimal the caller wrote, as Python sees it.</summary>
    public static int TrainCount(int n, float testSplit)
    {
        // 0.2f is 0.20000000298...; Python's 0.2 is the double nearest to 0.2. Going through the
        // shortest round-trip text recovers the caller's literal, so the cut lands where Keras's does.
        double split = double.Parse(testSplit.ToString("R", CultureInfo.InvariantCulture), CultureInfo.InvariantCulture);
        return (int)(n * (1 - split));
    }
}
