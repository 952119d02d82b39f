using Strata.Layers;

namespace Strata.Tests.Layers;

public class LayerTests
{
    [Fact]
    public void DenseComputesActivationOfXWPlusB()
    {
        var dense = new Dense(2, activation: "relu");
        dense.Build(-1, 3);
        dense.SetWeights([Tensor.FromArray(new float[] { 1, -1, 2, 0, 0, 1 }, 3, 2), Tensor.FromArray(new float[] { 0.5f, -4f })]);
        Tensor y = dense.Call(Tensor.FromArray(new float[] { 1, 2, 3, -1, 0, 1 }, 2, 3));
        // row 0: [1+4+0, -1+0+3] + b = [5.5, -2] -> relu [5.5, 0]; row 1: [-1+0+0, 1+0+1] + b = [-0.5, -2] -> [0, 0]
        Assert.Equal(new[] { 5.5f, 0f, 0f, 0f }, y.ToArray<float>());
    }

    [Fact]
    public void DenseBuildsOnFirstCallWithKerasShapesAndInitializers()
    {
        Strata.Random.SetSeed(1);
        var dense = new Dense(512);
        Assert.False(dense.Built);
        dense.Call(Tensor.Zeros(2, 784));
        Assert.True(dense.Built);
        Assert.Equal(new[] { 784, 512 }, dense.Kernel.Shape.ToArray());
        Assert.Equal(new[] { 512 }, dense.Bias!.Shape.ToArray());
        Assert.Equal(784 * 512 + 512, dense.CountParams());
        float limit = MathF.Sqrt(6f / (784 + 512)); // Glorot uniform
        float[] kernel = dense.Kernel.ToArray<float>();
        Assert.All(kernel, v => Assert.InRange(v, -limit, limit));
        Assert.True(kernel.Max() > 0.95f * limit && kernel.Min() < -0.95f * limit);
        Assert.All(dense.Bias.ToArray<float>(), v => Assert.Equal(0f, v));
        Assert.StartsWith(dense.Name + "/", dense.Kernel.Name);
    }

    [Fact]
    public void DenseNamesTheLayerAndBothShapesOnAMismatch()
    {
        var dense = new Dense(4, name: "classifier");
        dense.Build(-1, 784);
        var error = Assert.Throws<ArgumentException>(() => dense.Call(Tensor.Zeros(8, 100)));
        Assert.Contains("'classifier'", error.Message);
        Assert.Contains("784", error.Message);
        Assert.Contains("(8, 100)", error.Message);
    }

    [Fact]
    public void AutomaticNamesAreUniqueSnakeCase()
    {
        var a = new Dense(1);
        var b = new Dense(1);
        var c = new Dropout(0.5f);
        Assert.NotEqual(a.Name, b.Name);
        Assert.StartsWith("dense", a.Name);
        Assert.StartsWith("dropout", c.Name);
    }

    [Fact]
    public void DropoutIsActiveOnlyInTraining()
    {
        var dropout = new Dropout(0.4f, seed: 3);
        Tensor x = Tensor.Ones(1000, 10);
        Assert.Equal(x.ToArray<float>(), dropout.Call(x, training: false).ToArray<float>());
        float[] y = dropout.Call(x, training: true).ToArray<float>();
        double dropped = y.Count(v => v == 0f) / (double)y.Length;
        Assert.InRange(dropped, 0.38, 0.42);
        Assert.All(y.Where(v => v != 0f), v => Assert.Equal(1f / 0.6f, v, 5));
    }

    [Fact]
    public void TrainableFalseMovesWeightsToNonTrainable()
    {
        var dense = new Dense(3);
        dense.Build(-1, 2);
        Assert.Equal(2, dense.TrainableWeights.Count);
        dense.Trainable = false;
        Assert.Empty(dense.TrainableWeights);
        Assert.Equal(2, dense.NonTrainableWeights.Count);
    }

    [Fact]
    public void FlattenReshapeActivation()
    {
        Tensor x = Tensor.Arange(0f, 24f).Reshape(2, 3, 4);
        Assert.Equal(new[] { 2, 12 }, new Flatten().Call(x).Shape.ToArray());
        Assert.Equal(new[] { 2, 4, 3 }, new Reshape([4, -1]).Call(x).Shape.ToArray());
        Assert.Equal(Ops.Softmax(x).ToArray<float>(), new Activation("softmax").Call(x).ToArray<float>());
        var error = Assert.Throws<ArgumentException>(() => new Reshape([5, 5], name: "to_square").Call(x));
        Assert.Contains("'to_square'", error.Message);
    }

    [Fact]
    public void SetWeightsChecksCountAndShapes()
    {
        var dense = new Dense(2);
        dense.Build(-1, 3);
        Assert.Contains("2 weights", Assert.Throws<ArgumentException>(() => dense.SetWeights([Tensor.Zeros(3, 2)])).Message);
        Assert.Contains("(3, 2)", Assert.Throws<ArgumentException>(() => dense.SetWeights([Tensor.Zeros(2, 3), Tensor.Zeros(2)])).Message);
    }

    [Fact]
    public void UnknownActivationListsTheKnownOnes()
    {
        var error = Assert.Throws<ArgumentException>(() => new Dense(2, activation: "relu6x"));
        Assert.Contains("relu6x", error.Message);
        Assert.Contains("softmax", error.Message);
    }
}
