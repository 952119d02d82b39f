namespace Strata;

public static partial class Utils
{
    /// <summary>
    /// Sliding windows over a series, as keras.utils.timeseries_dataset_from_array: window i holds the steps
    /// p, p + samplingRate, …, p + (sequenceLength − 1)·samplingRate of data (axis 0 is time), where
    /// p = i·sequenceStride counts from <paramref name="startIndex"/>, and its target is targets[p] (targets[i]
    /// belongs to the window that starts at step i). Only steps in [startIndex, endIndex) are used; windows
    /// that would run past them are left out, and there are no more windows than targets. Batches of
    /// (batch, sequenceLength, …) windows and (batch, …) targets; with <paramref name="shuffle"/> the
    /// windows come in a seeded random order (Strata's generator, not NumPy's).
    /// <code>
    /// // the past 10 steps predict the next one
    /// var windows = Utils.TimeseriesDatasetFromArray(series[..^10], series[10..], sequenceLength: 10);
    /// </code>
    /// </summary>
    public static Dataset<(Tensor X, Tensor Y)> TimeseriesDatasetFromArray(Tensor data, Tensor targets, int sequenceLength, int sequenceStride = 1,
        int samplingRate = 1, int batchSize = 128, bool shuffle = false, int? seed = null, int? startIndex = null, int? endIndex = null)
    {
        ArgumentNullException.ThrowIfNull(targets, $"{nameof(targets)} (for windows without targets, call the overload without them)");
        Windows w = Windows.Of(data, targets, sequenceLength, sequenceStride, samplingRate, batchSize, startIndex, endIndex);
        return Positions(w, shuffle, seed, batchSize).Map(batch => (w.Gather(data, batch), w.Targets(targets, batch)));
    }

    /// <summary>The same windows without targets: batches of (batch, sequenceLength, …).</summary>
    public static Dataset<Tensor> TimeseriesDatasetFromArray(Tensor data, int sequenceLength, int sequenceStride = 1,
        int samplingRate = 1, int batchSize = 128, bool shuffle = false, int? seed = null, int? startIndex = null, int? endIndex = null)
    {
        Windows w = Windows.Of(data, null, sequenceLength, sequenceStride, samplingRate, batchSize, startIndex, endIndex);
        return Positions(w, shuffle, seed, batchSize).Map(batch => w.Gather(data, batch));
    }

    /// <summary>The windows' first steps in batches: in order, or shuffled once by the seed and then within a buffer on each pass, as Keras.</summary>
    private static Dataset<int[]> Positions(Windows w, bool shuffle, int? seed, int batchSize)
    {
        int[] starts = Enumerable.Range(0, (w.Count + w.Stride - 1) / w.Stride).Select(i => i * w.Stride).ToArray();
        if (shuffle)
        {
            int[] order = Random.For(seed).Permutation(starts.Length);
            starts = order.Select(i => starts[i]).ToArray();
        }
        Dataset<int> positions = Dataset.FromEnumerable(starts);
        if (shuffle) positions = positions.Shuffle(batchSize * 8, seed);
        return positions.Batch(batchSize);
    }

    private sealed record Windows(int Start, int Count, int Stride, int Length, int Rate)
    {
        public static Windows Of(Tensor data, Tensor? targets, int sequenceLength, int sequenceStride, int samplingRate, int batchSize, int? startIndex, int? endIndex)
        {
            const string op = "TimeseriesDatasetFromArray";
            ArgumentNullException.ThrowIfNull(data);
            if (data.Rank == 0) throw new ArgumentException($"{op}: data needs a time axis, got a scalar.", nameof(data));
            int n = data.Shape[0];
            if (startIndex is int s && (s < 0 || s >= n)) throw new ArgumentException($"{op}: startIndex must lie in [0, {n}) for data of length {n}, got {s}.", nameof(startIndex));
            if (endIndex is int e && (e <= 0 || e >= n || e <= (startIndex ?? 0)))
            {
                throw new ArgumentException($"{op}: endIndex must lie after startIndex ({startIndex ?? 0}) and below the data's length {n}, got {e}.", nameof(endIndex));
            }
            if (sequenceLength <= 0) throw new ArgumentException($"{op}: sequenceLength must be positive, got {sequenceLength}.", nameof(sequenceLength));
            if (samplingRate <= 0 || samplingRate >= n) throw new ArgumentException($"{op}: samplingRate must lie in [1, {n}) for data of length {n}, got {samplingRate}.", nameof(samplingRate));
            if (sequenceStride <= 0 || sequenceStride >= n) throw new ArgumentException($"{op}: sequenceStride must lie in [1, {n}) for data of length {n}, got {sequenceStride}.", nameof(sequenceStride));
            if (batchSize <= 0) throw new ArgumentException($"{op}: batchSize must be positive, got {batchSize}.", nameof(batchSize));
            if (targets is not null && targets.Rank == 0) throw new ArgumentException($"{op}: targets need a time axis, got a scalar.", nameof(targets));
            int start = startIndex ?? 0, end = endIndex ?? n;
            int count = end - start - ((sequenceLength - 1) * samplingRate);
            if (targets is not null) count = Math.Min(count, targets.Shape[0] - start);
            if (count <= 0)
            {
                throw new ArgumentException($"{op}: no window of {sequenceLength} steps at sampling rate {samplingRate} fits in the {end - start} steps [{start}, {end}){(targets is null ? "" : $" with {targets.Shape[0]} targets")}.");
            }
            return new Windows(start, count, sequenceStride, sequenceLength, samplingRate);
        }

        /// <summary>The windows starting at these positions, as one (batch, length, …) tensor.</summary>
        public Tensor Gather(Tensor data, int[] positions)
        {
            int[] rows = positions.SelectMany(p => Enumerable.Range(0, Length).Select(k => Start + p + (k * Rate))).ToArray();
            var windows = new Tensor(Shape.Own([positions.Length, Length, .. data.Shape.Dims[1..]]), data.DType);
            Kernels.RowGather.Copy(data, rows, windows);
            return windows;
        }

        /// <summary>Each window's target: the target at its first step.</summary>
        public Tensor Targets(Tensor targets, int[] positions)
        {
            var batch = new Tensor(Shape.Own([positions.Length, .. targets.Shape.Dims[1..]]), targets.DType);
            Kernels.RowGather.Copy(targets, positions.Select(p => Start + p).ToArray(), batch);
            return batch;
        }
    }
}
