namespace Strata.Tests.Tensors;

/// <summary>String tensors hold texts for preprocessing layers: they are made, viewed, batched and printed, and refuse arithmetic.</summary>
public class StringTensorTests
{
    [Fact]
    public void HoldTextsInAShape()
    {
        Tensor texts = Tensor.FromArray(["a cat", "", "dog"], 3, 1);
        Assert.Equal(DType.String, texts.DType);
        Assert.Equal("string", texts.DType.Name());
        Assert.Equal(new Shape(3, 1), texts.Shape);
        Assert.Equal(["a cat", "", "dog"], texts.ToArray<string>());
        Assert.Equal("dog", texts[2].Item<string>());
        Assert.Equal(["", ""], Tensor.Zeros(new Shape(2), DType.String).ToArray<string>()); // a string's zero is "", as NumPy's
        Assert.Equal(DType.String, DTypes.Of<string>());
    }

    [Fact]
    public void PrintQuoted()
    {
        string text = Tensor.FromArray(["it's \"good\"", "ok"]).ToString();
        Assert.Contains("dtype=string", text);
        Assert.Contains("\"it's \\\"good\\\"\"", text);
        Assert.Contains("\"ok\"", text);
    }

    [Fact]
    public void ANullTextIsNamed()
    {
        var e = Assert.Throws<ArgumentException>(() => Tensor.FromArray(["a", null!, "c"]));
        Assert.Contains("string 1 is null", e.Message);
    }

    [Fact]
    public void ArithmeticAndConversionsAreRefusedClearly()
    {
        Tensor texts = Tensor.FromArray(["1", "2"]);
        Assert.Contains("string", Assert.Throws<ArgumentException>(() => texts + texts).Message);
        Assert.Contains("string", Assert.Throws<ArgumentException>(() => texts + Tensor.FromArray(new float[] { 1, 2 })).Message);
        Assert.Contains("Cast: not defined on string tensors", Assert.Throws<ArgumentException>(() => texts.AsType(DType.Float32)).Message);
        Assert.Contains("not defined on string tensors", Assert.Throws<ArgumentException>(() => Ops.Sum(texts)).Message);
        Assert.Contains("not defined on string tensors", Assert.Throws<ArgumentException>(() => Tensor.FromArray(new float[] { 1, 2 }).AsType(DType.String)).Message);
    }

    [Fact]
    public void RowsAreGatheredAsReferences()
    {
        // Fit's shuffled batches copy rows of every input; texts are copied as references, row by row.
        Tensor texts = Tensor.FromArray(["a", "b", "c", "d", "e", "f"], 3, 2);
        var batch = Tensor.Zeros(new Shape(2, 2), DType.String);
        Strata.Kernels.RowGather.Copy(texts, [2, 0], batch);
        Assert.Equal(["e", "f", "a", "b"], batch.ToArray<string>());
    }
}
