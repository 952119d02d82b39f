namespace Strata.Tests.Text;

/// <summary>Keras's pad_sequences, against the examples of its documentation.</summary>
public class PadSequencesTests
{
    private static readonly int[][] Sequences = [[1], [2, 3], [4, 5, 6]];

    [Fact]
    public void PadsAndTruncatesAsKerasDocumentsIt()
    {
        Assert.Equal(new[] { 0, 0, 1, 0, 2, 3, 4, 5, 6 }, Utils.PadSequences(Sequences).ToArray<int>());
        Assert.Equal(new[] { -1, -1, 1, -1, 2, 3, 4, 5, 6 }, Utils.PadSequences(Sequences, value: -1).ToArray<int>());
        Assert.Equal(new[] { 1, 0, 0, 2, 3, 0, 4, 5, 6 }, Utils.PadSequences(Sequences, padding: "post").ToArray<int>());
        Tensor two = Utils.PadSequences(Sequences, maxLen: 2);
        Assert.Equal(new Shape(3, 2), two.Shape);
        Assert.Equal(new[] { 0, 1, 2, 3, 5, 6 }, two.ToArray<int>());
        Assert.Equal(new[] { 0, 1, 2, 3, 4, 5 }, Utils.PadSequences(Sequences, maxLen: 2, truncating: "post").ToArray<int>());
        Assert.Equal(DType.Int32, two.DType);
    }

    [Fact]
    public void OtherDtypesEmptySequencesAndBadArguments()
    {
        Tensor wide = Utils.PadSequences([[], [7]], maxLen: 3, dtype: DType.Int64, padding: "post");
        Assert.Equal(new long[] { 0, 0, 0, 7, 0, 0 }, wide.ToArray<long>());
        Assert.Equal(new[] { 0.5f, 9f }, Utils.PadSequences([[], [9]], dtype: DType.Float32, value: 0.5f).ToArray<float>());
        Assert.Contains("padding", Assert.Throws<ArgumentException>(() => Utils.PadSequences(Sequences, padding: "middle")).Message);
        Assert.Contains("not an integer", Assert.Throws<ArgumentException>(() => Utils.PadSequences(Sequences, value: 0.5f)).Message);
    }
}
