namespace Strata.Tests.Sequences;

/// <summary>Keras's timeseries_dataset_from_array, against the examples of its documentation.</summary>
public class TimeseriesDatasetTests
{
    [Fact]
    public void KerasExampleOneStridesAndSamplingRate()
    {
        // Indices 0..98, sequenceLength 10, samplingRate 2, sequenceStride 3: [0 2 … 18], [3 5 … 21], …, [78 80 … 96].
        Tensor data = Tensor.Arange(0f, 99f);
        float[][] windows = Utils.TimeseriesDatasetFromArray(data, sequenceLength: 10, sequenceStride: 3, samplingRate: 2, batchSize: 128)
            .SelectMany(b => Rows(b, 10)).ToArray();
        Assert.Equal(Enumerable.Range(0, 10).Select(k => 2f * k), windows[0]);
        Assert.Equal(Enumerable.Range(0, 10).Select(k => 3f + (2 * k)), windows[1]);
        Assert.Equal(Enumerable.Range(0, 10).Select(k => 78f + (2 * k)), windows[^1]);
        Assert.Equal(27, windows.Length);
    }

    [Fact]
    public void KerasExampleTwoThePastTenStepsPredictTheNext()
    {
        float[] series = Enumerable.Range(0, 50).Select(i => (float)(i * i % 17)).ToArray();
        Tensor data = Tensor.FromArray(series, 50, 1);
        var batches = Utils.TimeseriesDatasetFromArray(data[..40], data[10..], sequenceLength: 10, batchSize: 8).ToList();
        Assert.Equal(new Shape(8, 10, 1), batches[0].X.Shape);
        Assert.Equal(series[..10], batches[0].X.ToArray<float>()[..10]);
        Assert.Equal(series[10], batches[0].Y.ToArray<float>()[0]);
        Assert.Equal(31, batches.Sum(b => b.X.Shape[0])); // 40 - 9 windows
        var (x, y) = batches[^1];
        Assert.Equal(series[40], y.ToArray<float>()[^1]);  // window 30 (steps 30-39) predicts step 40
        Assert.Equal(series[30..40], x.ToArray<float>()[^10..]);
    }

    [Fact]
    public void IndicesBoundTheWindowsAndShuffleIsSeeded()
    {
        Tensor data = Tensor.Arange(0f, 30f);
        float[][] windows = Utils.TimeseriesDatasetFromArray(data, sequenceLength: 4, startIndex: 5, endIndex: 15).SelectMany(b => Rows(b, 4)).ToArray();
        Assert.Equal(new[] { 5f, 6, 7, 8 }, windows[0]);
        Assert.Equal(new[] { 11f, 12, 13, 14 }, windows[^1]);
        float[] Firsts(int seed) => Utils.TimeseriesDatasetFromArray(data, sequenceLength: 3, batchSize: 4, shuffle: true, seed: seed).SelectMany(b => Rows(b, 3)).Select(w => w[0]).ToArray();
        Assert.Equal(Firsts(2), Firsts(2));
        Assert.Equal(Enumerable.Range(0, 28).Select(i => (float)i), Firsts(2).Order());
        Assert.NotEqual(Enumerable.Range(0, 28).Select(i => (float)i), Firsts(2));
        Assert.Contains("endIndex", Assert.Throws<ArgumentException>(() => Utils.TimeseriesDatasetFromArray(data, 3, endIndex: 40)).Message);
        Assert.Contains("no window", Assert.Throws<ArgumentException>(() => Utils.TimeseriesDatasetFromArray(data, 40)).Message);
    }

    private static IEnumerable<float[]> Rows(Tensor batch, int length) => batch.ToArray<float>().Chunk(length);
}
