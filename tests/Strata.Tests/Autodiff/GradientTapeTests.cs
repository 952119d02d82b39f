namespace Strata.Tests.Autodiff;

public class GradientTapeTests
{
    [Fact]
    public void TrainableVariablesAreWatchedWithoutAsking()
    {
        var w = new Variable(Tensor.FromArray(new[] { 1f, -2f, 3f }));
        var a = Tensor.FromArray(new float[] { 1, 2, 3, 4, 5, 6 }, 2, 3);
        using var tape = new GradientTape();
        Tensor loss = Ops.Sum(Ops.Relu(a * w + 3f));
        Tensor g = tape.Gradient(loss, [w])[0];
        // relu(a*w + 3): active where a*w > -3; d/dw = sum over rows of a where active.
        // row 0: [4, -1, 12] -> active [1, 0, 1]; row 1: [7, -7, 21] -> active [1, 0, 1]
        Assert.Equal(new[] { 5f, 0f, 9f }, g.ToArray<float>());
    }

    [Fact]
    public void PlainTensorsNeedWatch()
    {
        var x = Tensor.FromArray(new[] { 3f });
        using var tape = new GradientTape(persistent: true);
        Tensor unwatched = x * x;
        tape.Watch(x);
        Tensor watched = x * x;
        Assert.Equal(0f, tape.Gradient(unwatched, x).Item<float>());
        Assert.Equal(6f, tape.Gradient(unwatched + watched, x).Item<float>());
    }

    [Fact]
    public void WatchedTensorGetsItsGradient()
    {
        var x = Tensor.FromArray(new[] { 3f });
        using var tape = new GradientTape();
        tape.Watch(x);
        Assert.Equal(6f, tape.Gradient(x * x, x).Item<float>());
    }

    [Fact]
    public void NonTrainableVariablesAreNotWatched()
    {
        var v = new Variable(Tensor.FromArray(new[] { 2f }), trainable: false);
        using var tape = new GradientTape();
        Assert.Equal(0f, tape.Gradient(v * v, [v])[0].Item<float>());
    }

    [Fact]
    public void UnconnectedSourceGetsZerosOfItsShape()
    {
        var w = new Variable(Tensor.Ones(2, 2));
        var unused = new Variable(Tensor.Ones(3));
        using var tape = new GradientTape();
        Tensor[] g = tape.Gradient(Ops.Sum(w * 2f), [w, unused]);
        Assert.Equal(new[] { 2f, 2f, 2f, 2f }, g[0].ToArray<float>());
        Assert.Equal(new[] { 0f, 0f, 0f }, g[1].ToArray<float>());
    }

    [Fact]
    public void NonScalarTargetIsSummed()
    {
        var w = new Variable(Tensor.FromArray(new[] { 1f, 2f }));
        using var tape = new GradientTape();
        Tensor y = w * 3f;
        Assert.Equal(new[] { 3f, 3f }, tape.Gradient(y, [w])[0].ToArray<float>());
    }

    [Fact]
    public void GradientsOfReusedTensorsAccumulate()
    {
        var x = new Variable(Tensor.Scalar(2f));
        using var tape = new GradientTape();
        Tensor y = x * x * x + x; // 3x² + 1 = 13
        Assert.Equal(13f, tape.Gradient(y, [x])[0].Item<float>(), 5);
    }

    [Fact]
    public void NonPersistentTapeAnswersOnce()
    {
        var x = new Variable(Tensor.Scalar(2f));
        using var tape = new GradientTape();
        Tensor y = x * x;
        tape.Gradient(y, [x]);
        var error = Assert.Throws<InvalidOperationException>(() => tape.Gradient(y, [x]));
        Assert.Contains("persistent", error.Message);
    }

    [Fact]
    public void PersistentTapeAnswersSeveralTimes()
    {
        var x = new Variable(Tensor.Scalar(2f));
        using var tape = new GradientTape(persistent: true);
        Tensor y = x * x, z = y * y;
        Assert.Equal(4f, tape.Gradient(y, [x])[0].Item<float>());
        Assert.Equal(32f, tape.Gradient(z, [x])[0].Item<float>()); // d(x⁴) = 4x³
    }

    [Fact]
    public void NestedTapesGiveSecondDerivatives()
    {
        var x = new Variable(Tensor.Scalar(3f));
        using var outer = new GradientTape();
        Tensor dy;
        using (var inner = new GradientTape())
        {
            Tensor y = x * x * x;
            dy = inner.Gradient(y, [x])[0]; // 3x² = 27
        }
        Assert.Equal(27f, dy.Item<float>());
        Assert.Equal(18f, outer.Gradient(dy, [x])[0].Item<float>()); // 6x
    }

    [Fact]
    public void OpsAfterDisposeAreNotRecorded()
    {
        var x = new Variable(Tensor.Scalar(3f));
        var tape = new GradientTape();
        tape.Dispose();
        Tensor y = x * x;
        Assert.Equal(0f, tape.Gradient(y, [x])[0].Item<float>());
    }

    [Fact]
    public void IntegerSourcesAreNotDifferentiable()
    {
        var labels = Tensor.FromArray(new[] { 1, 2, 3 });
        using var tape = new GradientTape();
        var watch = Assert.Throws<ArgumentException>(() => tape.Watch(labels));
        Assert.Contains("int32", watch.Message);
        Assert.Contains("differentiable", watch.Message);
        var gradient = Assert.Throws<ArgumentException>(() => tape.Gradient(Ops.Sum(labels.AsType(DType.Float32)), [labels]));
        Assert.Contains("source 0", gradient.Message);
        Assert.Contains("int32", gradient.Message);
    }

    [Fact]
    public void IntegerTargetIsNotDifferentiable()
    {
        var w = new Variable(Tensor.Ones(3));
        using var tape = new GradientTape();
        Tensor argmax = Ops.ArgMax(w);
        var error = Assert.Throws<ArgumentException>(() => tape.Gradient(argmax, [w]));
        Assert.Contains("target", error.Message);
    }

    [Fact]
    public void CastToIntegerStopsTheGradient()
    {
        var w = new Variable(Tensor.FromArray(new[] { 1.5f, 2.5f }));
        using var tape = new GradientTape();
        Tensor y = Ops.Sum(w.AsType(DType.Int32).AsType(DType.Float32) * w);
        Assert.Equal(new[] { 1f, 2f }, tape.Gradient(y, [w])[0].ToArray<float>());
    }

    [Fact]
    public void AssignChangesTheValueInPlace()
    {
        var v = new Variable(Tensor.Zeros(2));
        Tensor before = v.Value;
        v.Assign(Tensor.FromArray(new[] { 1f, 2f }));
        v.AssignAdd(Tensor.Ones(2));
        v.AssignSub(Tensor.FromArray(new[] { 0.5f, 0.5f }));
        Assert.Equal(new[] { 1.5f, 2.5f }, v.ToArray<float>());
        Assert.Equal(new[] { 0f, 0f }, before.ToArray<float>());
    }

    [Fact]
    public void AssignRejectsAnotherShape()
    {
        var v = new Variable(Tensor.Zeros(2, 3), name: "kernel");
        var error = Assert.Throws<ArgumentException>(() => v.Assign(Tensor.Zeros(3, 2)));
        Assert.Contains("'kernel' has shape (2, 3)", error.Message);
        Assert.Contains("(3, 2)", error.Message);
    }

    [Fact]
    public void ViewsOfAVariableDoNotFollowLaterAssignments()
    {
        var v = new Variable(Tensor.FromArray(new[] { 1f, 2f, 3f, 4f }, 2, 2));
        Tensor row = v[..1];
        Tensor flat = v.Reshape(-1);
        v.Assign(Tensor.Zeros(2, 2));
        Assert.Equal(new[] { 1f, 2f }, row.ToArray<float>());
        Assert.Equal(new[] { 1f, 2f, 3f, 4f }, flat.ToArray<float>());
    }
}
