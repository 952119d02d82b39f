using Strata.Datasets;
using Strata.Layers;

namespace Strata.Tests.Datasets;

/// <summary>The real MNIST and Fashion-MNIST files: shapes, dtypes, label counts, and the book's network.</summary>
public class MnistTests
{
    private static int[] Histogram(Tensor labels) =>
        labels.AsType(DType.Int32).ToArray<int>().GroupBy(l => l).OrderBy(g => g.Key).Select(g => g.Count()).ToArray();

    [Fact]
    public void MnistHasKerasShapesDtypesAndLabelCounts()
    {
        var ((xTrain, yTrain), (xTest, yTest)) = Mnist.LoadData();
        Assert.Equal(new[] { 60000, 28, 28 }, xTrain.Shape.ToArray());
        Assert.Equal(new[] { 10000, 28, 28 }, xTest.Shape.ToArray());
        Assert.Equal(DType.UInt8, xTrain.DType);
        Assert.Equal(DType.UInt8, yTrain.DType);
        Assert.Equal(new[] { 5923, 6742, 5958, 6131, 5842, 5421, 5918, 6265, 5851, 5949 }, Histogram(yTrain));
        Assert.Equal(new[] { 980, 1135, 1032, 1010, 982, 892, 958, 1028, 974, 1009 }, Histogram(yTest));
        Assert.Equal(5, yTrain[0].AsType(DType.Int32).Item<int>()); // the book's first training digit
        Assert.Equal(255, xTrain.ToArray<byte>().Max());
    }

    [Fact]
    public void FashionMnistHasKerasShapesAndBalancedClasses()
    {
        var ((xTrain, yTrain), (xTest, yTest)) = FashionMnist.LoadData();
        Assert.Equal(new[] { 60000, 28, 28 }, xTrain.Shape.ToArray());
        Assert.Equal(new[] { 10000, 28, 28 }, xTest.Shape.ToArray());
        Assert.Equal(Enumerable.Repeat(6000, 10), Histogram(yTrain));
        Assert.Equal(Enumerable.Repeat(1000, 10), Histogram(yTest));
        Assert.Equal(9, yTrain[0].AsType(DType.Int32).Item<int>()); // an ankle boot, as Keras's first sample
    }

    [Fact]
    public void TheChapterTwoNetworkReachesNinetyFivePercentInOneEpoch()
    {
        Strata.Random.SetSeed(2);
        var ((trainImages, trainLabels), (testImages, testLabels)) = Mnist.LoadData();
        Tensor xTrain = trainImages.Reshape(60000, 28 * 28).AsType(DType.Float32) / 255f;
        Tensor xTest = testImages.Reshape(10000, 28 * 28).AsType(DType.Float32) / 255f;
        var model = new Sequential([new Dense(512, activation: "relu"), new Dense(10, activation: "softmax")]);
        model.Compile(optimizer: "rmsprop", loss: "categorical_crossentropy", metrics: ["accuracy"]);
        model.Fit(xTrain, Utils.ToCategorical(trainLabels, 10), epochs: 1, batchSize: 128, verbose: 0);
        double accuracy = model.Evaluate(xTest, Utils.ToCategorical(testLabels, 10), verbose: 0)["accuracy"];
        Assert.True(accuracy >= 0.95, $"test accuracy {accuracy:F4} after one epoch");
    }
}
