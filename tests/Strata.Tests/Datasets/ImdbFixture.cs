using System.Diagnostics;
using Strata.Datasets;

namespace Strata.Tests.Datasets;

/// <summary>
/// The IMDB arrays rebuilt once for the whole test class (from STRATA_DATASETS, else Keras's
/// cache), and load_data()'s default result computed from them.
/// </summary>
public sealed class ImdbFixture
{
    internal ImdbArrays Stored { get; }

    internal ((int[][] X, long[] Y) Train, (int[][] X, long[] Y) Test) Default { get; }

    public TimeSpan StoredLoadTime { get; }

    public ImdbFixture()
    {
        var clock = Stopwatch.StartNew();
        Stored = new ImdbSources(DatasetFiles.SearchRoots(), download: false).LoadArrays();
        StoredLoadTime = clock.Elapsed;
        Default = Keras();
    }

    internal ((int[][] X, long[] Y) Train, (int[][] X, long[] Y) Test) Keras(
        int? numWords = null, int skipTop = 0, int? maxLen = null, int seed = 113, int? startChar = 1, int? oovChar = 2, int indexFrom = 3) =>
        Stored.KerasLoad(numWords, skipTop, maxLen, seed, startChar, oovChar, indexFrom);
}
