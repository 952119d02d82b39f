using static Strata.Tests.OpsTests.Expect;

namespace Strata.Tests.OpsTests;

/// <summary>Reshape, Transpose, ExpandDims, Squeeze, BroadcastTo, slicing, Take, Concat, Stack and Cast, by hand.</summary>
public class ShapeOpsTests
{
    private static float[] Seq(int n) => Enumerable.Range(0, n).Select(i => (float)i).ToArray();

    [Fact]
    public void Reshape_KeepsRowMajorOrder_AndInfersMinusOne()
    {
        Tensor x = F(Seq(6), 2, 3);
        Exactly(x.Reshape(3, 2), [3, 2], Seq(6));
        Exactly(x.Reshape(-1), [6], Seq(6));
        Exactly(Ops.Reshape(x, 3, -1), [3, 2], Seq(6));
        Exactly(x.Reshape(1, -1, 2), [1, 3, 2], Seq(6));
        Exactly(F([5], 1).Reshape(), [], 5f);
        Exactly(Tensor.Scalar(5f).Reshape(1, 1), [1, 1], 5f);
        Exactly<float>(Tensor.Zeros(0, 4).Reshape(-1, 2), [0, 2]);
    }

    [Fact]
    public void Transpose_ByDefaultReversesTheAxes()
    {
        Tensor x = F(Seq(24), 2, 3, 4);
        var expected = new float[24];
        for (int i = 0; i < 2; i++)
            for (int j = 0; j < 3; j++)
                for (int k = 0; k < 4; k++)
                    expected[(k * 3 + j) * 2 + i] = (i * 3 + j) * 4 + k;
        Exactly(Ops.Transpose(x), [4, 3, 2], expected);
        Exactly(x.Transpose(), [4, 3, 2], expected);
        Exactly(F(Seq(6), 2, 3).Transpose(), [3, 2], 0f, 3, 1, 4, 2, 5);
        Exactly(F(Seq(3), 3).Transpose(), [3], Seq(3));
    }

    [Fact]
    public void TransposeAndPermute_WithExplicitAxes()
    {
        Tensor x = F(Seq(24), 2, 3, 4);
        // perm (1, 2, 0): out[j,k,i] = x[i,j,k]
        var expected = new float[24];
        for (int i = 0; i < 2; i++)
            for (int j = 0; j < 3; j++)
                for (int k = 0; k < 4; k++)
                    expected[(j * 4 + k) * 2 + i] = (i * 3 + j) * 4 + k;
        Exactly(Ops.Transpose(x, [1, 2, 0]), [3, 4, 2], expected);
        Exactly(x.Permute(1, 2, 0), [3, 4, 2], expected);
        Exactly(Ops.Permute(x, 1, -1, 0), [3, 4, 2], expected);
        Exactly(x.Transpose(0, 1, 2), [2, 3, 4], Seq(24));
    }

    [Fact]
    public void Transpose_OfASlicedView_ReadsFromItsOffset()
    {
        Tensor x = F(Seq(12), 4, 3);
        Exactly(x[2..].Transpose(), [3, 2], 6f, 9, 7, 10, 8, 11);
    }

    [Fact]
    public void ExpandDims_InsertsAnAxisOfOne()
    {
        Tensor x = F(Seq(6), 2, 3);
        Exactly(x.ExpandDims(0), [1, 2, 3], Seq(6));
        Exactly(x.ExpandDims(1), [2, 1, 3], Seq(6));
        Exactly(x.ExpandDims(-1), [2, 3, 1], Seq(6));
        Exactly(Ops.ExpandDims(x, 2), [2, 3, 1], Seq(6));
        Exactly(Ops.ExpandDims(Tensor.Scalar(7f), 0), [1], 7f);
    }

    [Fact]
    public void Squeeze_RemovesAxesOfOne()
    {
        Tensor x = F(Seq(6), 1, 2, 1, 3, 1);
        Exactly(x.Squeeze(), [2, 3], Seq(6));
        Exactly(x.Squeeze(0), [2, 1, 3, 1], Seq(6));
        Exactly(x.Squeeze(2), [1, 2, 3, 1], Seq(6));
        Exactly(x.Squeeze(-1), [1, 2, 1, 3], Seq(6));
        Exactly(F([4], 1, 1).Squeeze(), [], 4f);
    }

    [Fact]
    public void BroadcastTo_RepeatsAlongNewAndUnitAxes()
    {
        Exactly(Ops.BroadcastTo(F([1, 2, 3], 3), 2, 3), [2, 3], 1f, 2, 3, 1, 2, 3);
        Exactly(Ops.BroadcastTo(F([1, 2], 2, 1), 2, 2, 3), [2, 2, 3], 1f, 1, 1, 2, 2, 2, 1, 1, 1, 2, 2, 2);
        Exactly(Ops.BroadcastTo(Tensor.Scalar(7), 2), [2], 7, 7);
        Exactly(Ops.BroadcastTo(F([1, 2], 2), 2), [2], 1f, 2);
    }

    [Fact]
    public void Slice_TakesABlock_WithMinusOneMeaningToTheEnd()
    {
        Tensor x = F(Seq(12), 3, 4);
        Exactly(Ops.Slice(x, [1, 1], [2, 2]), [2, 2], 5f, 6, 9, 10);
        Exactly(Ops.Slice(x, [0, 2], [-1, -1]), [3, 2], 2f, 3, 6, 7, 10, 11);
        Exactly(Ops.Slice(x, [1, 0], [1, -1]), [1, 4], 4f, 5, 6, 7);
        Exactly<float>(Ops.Slice(x, [3, 0], [0, 4]), [0, 4]);
    }

    [Fact]
    public void Indexer_RangesAndIndices_AsPython()
    {
        Tensor x = F(Seq(12), 4, 3);
        Exactly(x[1..3], [2, 3], 3f, 4, 5, 6, 7, 8);
        Exactly(x[..1], [1, 3], 0f, 1, 2);
        Exactly(x[^1..], [1, 3], 9f, 10, 11);
        Exactly(x[.., 1..], [4, 2], 1f, 2, 4, 5, 7, 8, 10, 11);
        Exactly(x[1..3, ^1..], [2, 1], 5f, 8);
        Exactly<float>(x[2..2], [0, 3]);
        Exactly(x[2], [3], 6f, 7, 8);
        Exactly(x[^1], [3], 9f, 10, 11);
        Exactly(x[1..][1], [3], 6f, 7, 8);
        Exactly(x[3][0..2], [2], 9f, 10);
    }

    [Fact]
    public void Take_GathersAlongAxisZero_WithNegativeAndRepeatedIndices()
    {
        Tensor x = F(Seq(12), 4, 3);
        Exactly(x.Take([2, 0, -1, 2]), [4, 3], 6f, 7, 8, 0, 1, 2, 9, 10, 11, 6, 7, 8);
        Exactly(Ops.Take(x, Tensor.FromArray(new long[] { 3, -4 })), [2, 3], 9f, 10, 11, 0, 1, 2);
        Exactly(Ops.Take(x, Tensor.Scalar(1)), [3], 3f, 4, 5);
        Exactly<float>(x.Take(Array.Empty<int>()), [0, 3]);
    }

    [Fact]
    public void Take_AlongAxisOne_AndWithMatrixIndices()
    {
        Tensor x = F(Seq(12), 4, 3);
        Exactly(x.Take([2, 0], axis: 1), [4, 2], 2f, 0, 5, 3, 8, 6, 11, 9);
        Exactly(Ops.Take(x, [-1], axis: -1), [4, 1], 2f, 5, 8, 11);
        Exactly(Ops.Take(F([10, 20, 30], 3), Tensor.FromArray(new[] { 0, 2, 2, 1 }, 2, 2)), [2, 2], 10f, 30, 30, 20);
        Exactly(Ops.Take(Tensor.FromArray(new[] { 5, 6, 7 }), [2, 0]), [2], 7, 5);
        Exactly(Ops.Take(x[2..], [1]), [1, 3], 9f, 10, 11);
    }

    [Fact]
    public void Concat_JoinsAlongAnExistingAxis()
    {
        Tensor a = F(Seq(6), 2, 3), b = F([10, 11, 12], 1, 3), c = F([20, 21, 22, 23], 2, 2);
        Exactly(Ops.Concat([a, b]), [3, 3], 0f, 1, 2, 3, 4, 5, 10, 11, 12);
        Exactly(Ops.Concat([a, c], axis: 1), [2, 5], 0f, 1, 2, 20, 21, 3, 4, 5, 22, 23);
        Exactly(Ops.Concat([c, a], axis: -1), [2, 5], 20f, 21, 0, 1, 2, 22, 23, 3, 4, 5);
        Exactly(Ops.Concat([a]), [2, 3], Seq(6));
        Exactly(Ops.Concat([F([1], 1), Tensor.FromArray(new[] { 2 })]), [2], 1f, 2);
        Exactly(Ops.Concat([Tensor.FromArray(new[] { 1 }), Tensor.FromArray(new long[] { 2 })]), [2], 1L, 2L);
        Exactly(Ops.Concat([a[1..], b]), [2, 3], 3f, 4, 5, 10, 11, 12);
    }

    [Fact]
    public void Stack_JoinsAlongANewAxis()
    {
        Tensor a = F([1, 2, 3], 3), b = F([4, 5, 6], 3);
        Exactly(Ops.Stack([a, b]), [2, 3], 1f, 2, 3, 4, 5, 6);
        Exactly(Ops.Stack([a, b], axis: 1), [3, 2], 1f, 4, 2, 5, 3, 6);
        Exactly(Ops.Stack([a, b], axis: -1), [3, 2], 1f, 4, 2, 5, 3, 6);
        Exactly(Ops.Stack([Tensor.Scalar(1f), Tensor.Scalar(2f)]), [2], 1f, 2);
    }

    [Fact]
    public void Cast_FloatToInt_TruncatesTowardZero()
    {
        Tensor x = F([2.7f, -2.7f, 0.5f, -0.5f, 3f, -3f], 6);
        Exactly(x.AsType(DType.Int32), [6], 2, -2, 0, 0, 3, -3);
        Exactly(x.AsType(DType.Int64), [6], 2L, -2L, 0L, 0L, 3L, -3L);
        Exactly(F([0.9f, 255.5f], 2).AsType(DType.UInt8), [2], (byte)0, (byte)255);
    }

    [Fact]
    public void Cast_ToAndFromBool()
    {
        Exactly(F([0, -0f, 0.1f, -2, float.NaN], 5).AsType(DType.Bool), [5], false, false, true, true, true);
        Exactly(Tensor.FromArray(new[] { 0, 5, -1 }).AsType(DType.Bool), [3], false, true, true);
        Tensor b = Tensor.FromArray(new[] { true, false, true });
        Exactly(b.AsType(DType.Float32), [3], 1f, 0, 1);
        Exactly(b.AsType(DType.Int32), [3], 1, 0, 1);
        Exactly(b.AsType(DType.Int64), [3], 1L, 0L, 1L);
        Exactly(b.AsType(DType.UInt8), [3], (byte)1, (byte)0, (byte)1);
    }

    [Fact]
    public void Cast_BetweenIntegerTypesAndFromUInt8ToFloat()
    {
        Exactly(Tensor.FromArray(new byte[] { 0, 128, 255 }).AsType(DType.Float32), [3], 0f, 128, 255);
        Exactly(Tensor.FromArray(new byte[] { 255 }).AsType(DType.Int32), [1], 255);
        Exactly(Tensor.FromArray(new long[] { 7, -7 }).AsType(DType.Int32), [2], 7, -7);
        Exactly(Tensor.FromArray(new[] { 16777217 }).AsType(DType.Int64), [1], 16777217L);
        Exactly(Tensor.FromArray(new[] { 1, 255 }).AsType(DType.UInt8), [2], (byte)1, (byte)255);
        Exactly(Tensor.FromArray(new[] { 3, -4 }, 2, 1).AsType(DType.Float32), [2, 1], 3f, -4);
        Tensor same = F([1.5f], 1);
        Exactly(same.AsType(DType.Float32), [1], 1.5f);
    }

    [Fact]
    public void Cast_OfASlicedView_ReadsFromItsOffset()
    {
        Tensor x = F([9, 9, 1.5f, -2.5f], 2, 2);
        Exactly(x[1..].AsType(DType.Int32), [1, 2], 1, -2);
        Exactly(x[1].AsType(DType.Bool), [2], true, true);
    }
}
