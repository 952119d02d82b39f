using Strata.Layers;

namespace Strata.Tests.Data;

public class DatasetTests
{
    private static Tensor Counting(int n, int width) => Tensor.FromArray(Enumerable.Range(0, n * width).Select(i => (float)i).ToArray(), n, width);

    private static float[] FirstColumn(Tensor batch) => Enumerable.Range(0, batch.Shape[0]).Select(i => batch.ToArray<float>()[i * batch.Shape[1]]).ToArray();

    [Fact]
    public void FromTensorsThenBatchCutsTheSamplesInOrderWithAShortLastBatch()
    {
        Tensor x = Counting(10, 3);
        Tensor y = Tensor.FromArray(Enumerable.Range(0, 10).ToArray());
        Dataset<(Tensor X, Tensor Y)> batches = Dataset.FromTensors(x, y).Batch(4);
        Assert.Equal(3, batches.Cardinality);
        var list = batches.ToList();
        Assert.Equal([4, 4, 2], list.Select(b => b.X.Shape[0]));
        Assert.Equal([4, 3], list[0].X.Shape.ToArray());
        Assert.Equal(new float[] { 24, 25, 26, 27, 28, 29 }, list[2].X.ToArray<float>());
        Assert.Equal(new[] { 8, 9 }, list[2].Y.ToArray<int>());
        Assert.Equal(2, Dataset.FromTensors(x, y).Batch(4, dropRemainder: true).Cardinality);
        Assert.Equal(2, Dataset.FromTensors(x, y).Batch(4, dropRemainder: true).Count());
    }

    [Fact]
    public void ShuffleIsAPermutationThatChangesEachPassAndRepeatsWithTheSeed()
    {
        Dataset<Tensor> shuffled = Dataset.FromTensors(Counting(50, 1)).Shuffle(50, seed: 3);
        float[] first = shuffled.Select(t => t.Item<float>()).ToArray();
        float[] second = shuffled.Select(t => t.Item<float>()).ToArray();
        Assert.Equal(Enumerable.Range(0, 50).Select(i => (float)i), first.Order());
        Assert.NotEqual(Enumerable.Range(0, 50).Select(i => (float)i), first);
        Assert.NotEqual(first, second);
        Assert.Equal(first, Dataset.FromTensors(Counting(50, 1)).Shuffle(50, seed: 3).Select(t => t.Item<float>()));
        Dataset<Tensor> fixedOrder = Dataset.FromTensors(Counting(50, 1)).Shuffle(50, seed: 3, reshuffleEachIteration: false);
        Assert.Equal(fixedOrder.Select(t => t.Item<float>()), fixedOrder.Select(t => t.Item<float>()));
    }

    [Fact]
    public void ASmallShuffleBufferOnlyDrawsFromTheElementsItHasSeen()
    {
        // With a buffer of 5, the k-th element out is one of the first k + 5 in (tf.data's guarantee).
        float[] order = Dataset.FromTensors(Counting(100, 1)).Shuffle(5, seed: 1).Select(t => t.Item<float>()).ToArray();
        Assert.Equal(Enumerable.Range(0, 100).Select(i => (float)i), order.Order());
        for (int k = 0; k < order.Length; k++) Assert.True(order[k] < k + 5, $"element {k} out is {order[k]}");
    }

    [Fact]
    public void MapTakeSkipAndRepeatComposeAndKeepTheCardinality()
    {
        Dataset<Tensor> d = Dataset.FromTensors(Counting(6, 1)).Map(t => t * 10f);
        Assert.Equal(new float[] { 20, 30, 40 }, d.Skip(2).Take(3).Select(t => t.Item<float>()));
        Assert.Equal(3, d.Skip(2).Take(3).Cardinality);
        Assert.Equal(12, d.Repeat(2).Cardinality);
        Assert.Equal(12, d.Repeat(2).Count());
        Assert.Equal(Dataset.InfiniteCardinality, d.Repeat().Cardinality);
        Assert.Equal(20, d.Repeat().Take(20).Count());
        Assert.Equal(20, d.Repeat().Take(20).Cardinality);
        Assert.Empty(d.Take(0).Repeat());
    }

    [Fact]
    public void FromEnumerableReadsTheGeneratorAfreshEachPass()
    {
        int passes = 0;
        IEnumerable<int> Generate()
        {
            passes++;
            for (int i = 0; i < 5; i++) yield return i;
        }
        Dataset<int> d = Dataset.FromEnumerable(Generate);
        Assert.Equal(Dataset.UnknownCardinality, d.Cardinality);
        Assert.Equal(20, d.Sum() + d.Sum());
        Assert.Equal(2, passes);
        Assert.Equal(new[] { new[] { 0, 1 }, [2, 3], [4] }, d.Batch(2).ToArray());
    }

    [Fact]
    public void PrefetchGivesTheSameElementsInOrderAndSurfacesErrors()
    {
        Dataset<Tensor> d = Dataset.FromTensors(Counting(40, 2)).Shuffle(40, seed: 9, reshuffleEachIteration: false).Batch(8);
        float[][] plain = d.Select(b => b.ToArray<float>()).ToArray();
        float[][] prefetched = d.Prefetch(2).Select(b => b.ToArray<float>()).ToArray();
        Assert.Equal(plain, prefetched);
        Assert.Single(d.Prefetch(1).Take(1)); // leaving early stops the producer without a hang

        Dataset<int> failing = Dataset.FromEnumerable(() => Enumerable.Range(0, 5).Select(i => i < 3 ? i : throw new InvalidDataException($"bad element {i}")));
        var seen = new List<int>();
        var e = Assert.Throws<InvalidDataException>(() => { foreach (int i in failing.Prefetch(4)) seen.Add(i); });
        Assert.Equal("bad element 3", e.Message);
        Assert.Equal([0, 1, 2], seen);
    }

    [Fact]
    public void BatchingSamplesOfDifferentShapesNamesTheElement()
    {
        Dataset<Tensor> ragged = Dataset.FromEnumerable(new[] { Tensor.Zeros(2, 2), Tensor.Zeros(2, 2), Tensor.Zeros(3, 2) });
        var e = Assert.Throws<ArgumentException>(() => ragged.Batch(3).ToList());
        Assert.Contains("element 2 has shape (3, 2)", e.Message);
        Assert.Contains("element 0 has (2, 2)", e.Message);
    }

    [Fact]
    public void FromTensorsChecksThatTheTensorsAgreeOnSamples()
    {
        var e = Assert.Throws<ArgumentException>(() => Dataset.FromTensors(Tensor.Zeros(4, 2), Tensor.Zeros(5)));
        Assert.Contains("x has shape (4, 2) but y has shape (5,)", e.Message);
    }

    private static Model SmallModel()
    {
        Strata.Random.SetSeed(5);
        var model = new Sequential([new Dense(8, activation: "relu"), new Dense(2, activation: "softmax")]);
        model.Compile(optimizer: "rmsprop", loss: "sparse_categorical_crossentropy", metrics: ["accuracy"]);
        return model;
    }

    private static (Tensor X, Tensor Y) Data()
    {
        Tensor x = Tensor.Uniform([70, 3], -1, 1, seed: 4);
        Tensor y = (Ops.Sum(x, 1) > 0f).AsType(DType.Int32);
        return (x, y);
    }

    [Fact]
    public void FitOnADatasetEqualsFitOnTheSameBatchesAsTensors()
    {
        (Tensor x, Tensor y) = Data();
        Model fromTensors = SmallModel();
        History a = fromTensors.Fit(x, y, epochs: 3, batchSize: 16, shuffle: false, verbose: 0);
        Model fromDataset = SmallModel();
        History b = fromDataset.Fit(Dataset.FromTensors(x, y).Batch(16), epochs: 3, verbose: 0);
        Assert.Equal(a["loss"], b["loss"]);
        Assert.Equal(a["accuracy"], b["accuracy"]);
        Assert.Equal(fromTensors.GetWeights()[0].ToArray<float>(), fromDataset.GetWeights()[0].ToArray<float>());

        Assert.Equal(fromTensors.Evaluate(x, y, batchSize: 16, verbose: 0), fromDataset.Evaluate(Dataset.FromTensors(x, y).Batch(16), verbose: 0));
        Assert.Equal(fromTensors.Predict(x, verbose: 0).ToArray<float>(), fromDataset.Predict(Dataset.FromTensors(x).Batch(32), verbose: 0).ToArray<float>());
        Assert.Equal(fromTensors.Predict(x, verbose: 0).ToArray<float>(), fromDataset.Predict(Dataset.FromTensors(x, y).Batch(7).Prefetch(), verbose: 0).ToArray<float>());
    }

    [Fact]
    public void FitTakesAGeneratorOfBatchesAndValidationData()
    {
        (Tensor x, Tensor y) = Data();
        IEnumerable<(Tensor X, Tensor Y)> Batches()
        {
            for (int start = 0; start < 64; start += 16) yield return (x[start..(start + 16)], y[start..(start + 16)]);
        }
        Model model = SmallModel();
        History h = model.Fit(Batches(), epochs: 2, verbose: 0, validationData: Dataset.FromTensors(x[64..], y[64..]).Batch(3));
        Assert.Equal(2, h["val_loss"].Count);
        Assert.Equal(model.Evaluate(x[64..], y[64..], verbose: 0)["loss"], h["val_loss"][^1], 6);
    }

    [Fact]
    public void StepsPerEpochGoesOnThroughOnePassAndStopsWhenItRunsOut()
    {
        (Tensor x, Tensor y) = Data();
        Model model = SmallModel();
        // 5 batches of 16 (the last of 6); 2 steps an epoch: epochs 1-2 use 4 batches, epoch 3 finds 1 and stops.
        var error = new StringWriter();
        TextWriter saved = Console.Error;
        Console.SetError(error);
        History h;
        try
        {
            h = model.Fit(Dataset.FromTensors(x, y).Batch(16), epochs: 5, stepsPerEpoch: 2, verbose: 0);
        }
        finally
        {
            Console.SetError(saved);
        }
        Assert.Equal(3, h["loss"].Count);
        Assert.Contains("ran out after 1 of 2 steps in epoch 3", error.ToString());

        History endless = SmallModel().Fit(Dataset.FromTensors(x, y).Batch(16).Repeat(), epochs: 4, stepsPerEpoch: 3, verbose: 0);
        Assert.Equal(4, endless["loss"].Count);
        var e = Assert.Throws<ArgumentException>(() => SmallModel().Fit(Dataset.FromTensors(x, y).Batch(16).Repeat(), epochs: 1, verbose: 0));
        Assert.Contains("stepsPerEpoch", e.Message);
    }

    [Fact]
    public void ADatasetOfBatchesTrainsTheChapterTwoNetworkShape()
    {
        // The DESIGN's spelling: shuffled, batched, prefetched, with validation data.
        (Tensor x, Tensor y) = Data();
        Model model = SmallModel();
        History h = model.Fit(Dataset.FromTensors(x, y).Shuffle(1024).Batch(8).Prefetch(2), epochs: 30, verbose: 0,
            validationData: Dataset.FromTensors(x, y).Batch(32));
        Assert.True(h["val_accuracy"][^1] > 0.9, $"accuracy {h["val_accuracy"][^1]}");
    }

    [Fact]
    public void CacheReadsUpstreamOnceAndReplaysTheFirstFullPass()
    {
        int reads = 0;
        var cached = Dataset.FromEnumerable(() => Enumerable.Range(0, 4).Select(i => { reads++; return i * 10; })).Cache();
        Assert.Equal([0, 10], cached.Take(2)); // a pass left early keeps nothing
        Assert.Equal([0, 10, 20, 30], cached);
        int afterFirstFullPass = reads;
        Assert.Equal([0, 10, 20, 30], cached);
        Assert.Equal(afterFirstFullPass, reads);
        Assert.Equal(2 + 4, reads);
    }
}
