using ILGPU;
using ILGPU.Runtime;

namespace Strata.Cuda.Compilation;

/// <summary>Where a batch lies in the data the device holds: rows <c>Order[Start..]</c> of <c>Whole</c>, or rows <c>Start..</c> without an order.</summary>
internal readonly record struct HeldRows(ArrayView<float> Whole, ArrayView<int> Order, int Start, int RowSize);

/// <summary>
/// The data Fit, Evaluate and Predict are given, held on the device while it fits, so that each step gathers its batch
/// there (<see cref="BatchOrigin"/>: a slice, or the rows of a shuffled order) instead of copying it up. Each call's data
/// goes up once (a new call copies it again, as it may have changed), each epoch's order once; both are freed once the
/// loop has let go of them, when newer data comes. Data beyond the budget is copied up batch by batch.
/// </summary>
internal sealed class ResidentData(Accelerator accelerator, long budgetBytes) : IDisposable
{
    // What is held, for as long as its owner (a loop's pass over its data, or an epoch's order) is alive.
    private readonly List<(WeakReference<object> Owner, object Data, MemoryBuffer Buffer)> _held = [];
    private long _bytes;

    /// <summary>How many batches were found on the device (for tests and benchmarks).</summary>
    public int Gathered { get; private set; }

    /// <summary>
    /// Where <paramref name="batch"/>'s rows lie on the device (its data copied up first if this pass has not yet), or
    /// null when its origin is unknown or its data does not fit.
    /// </summary>
    public HeldRows? Find(Tensor batch, long length, string label)
    {
        if (BatchOrigin.Of(batch) is not BatchOrigin origin || origin.Whole.DType == DType.String) return null;
        Tensor data = origin.Whole;
        int rows = batch.Shape[0], rowSize = data.Size / Math.Max(1, data.Shape[0]);
        if (length != (long)rows * rowSize) return null;
        if (Find<float>(origin.Pass, data) is not ArrayView<float> whole)
        {
            FreeDropped();
            if (_bytes + ((long)data.Size * sizeof(float)) > budgetBytes) return null;
            whole = Hold(origin.Pass, data, accelerator.Allocate1D(HostFloats.Of(data, label)));
        }
        ArrayView<int> order = origin.Order is int[] o ? Find<int>(o, o) ?? Hold(o, o, accelerator.Allocate1D(o)) : default;
        Gathered++;
        return new HeldRows(whole, order, origin.Start, rowSize);
    }

    /// <summary>Frees everything held.</summary>
    public void Dispose()
    {
        foreach ((_, _, MemoryBuffer buffer) in _held) buffer.Dispose();
        _held.Clear();
        _bytes = 0;
    }

    private ArrayView<T>? Find<T>(object owner, object data)
        where T : unmanaged
    {
        foreach ((WeakReference<object> reference, object held, MemoryBuffer buffer) in _held)
        {
            if (ReferenceEquals(held, data) && reference.TryGetTarget(out object? o) && ReferenceEquals(o, owner)) return ((MemoryBuffer1D<T, Stride1D.Dense>)buffer).View;
        }
        return null;
    }

    private ArrayView<T> Hold<T>(object owner, object data, MemoryBuffer1D<T, Stride1D.Dense> buffer)
        where T : unmanaged
    {
        _held.Add((new WeakReference<object>(owner), data, buffer));
        _bytes += buffer.LengthInBytes;
        return buffer.View;
    }

    /// <summary>Frees what belongs to passes and orders the loops no longer hold.</summary>
    private void FreeDropped()
    {
        for (int i = _held.Count - 1; i >= 0; i--)
        {
            if (_held[i].Owner.TryGetTarget(out _)) continue;
            _bytes -= _held[i].Buffer.LengthInBytes;
            _held[i].Buffer.Dispose();
            _held.RemoveAt(i);
        }
    }
}
