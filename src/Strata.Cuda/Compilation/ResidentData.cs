using ILGPU;
using ILGPU.Runtime;

namespace Strata.Cuda.Compilation;

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

    /// <summary>How many batches were gathered on the device (for tests and benchmarks).</summary>
    public int Gathered { get; private set; }

    /// <summary>Writes <paramref name="batch"/>'s rows into <paramref name="destination"/> from the device's copy of its data, if it can hold it.</summary>
    public bool TryGather(GpuKernels kernels, Tensor batch, ArrayView<float> destination, string label)
    {
        if (BatchOrigin.Of(batch) is not BatchOrigin origin || origin.Whole.DType == DType.String) return false;
        Tensor data = origin.Whole;
        int rows = batch.Shape[0], rowSize = data.Size / Math.Max(1, data.Shape[0]);
        if (destination.Length != (long)rows * rowSize) return false;
        if (Find<float>(origin.Pass, data) is not ArrayView<float> whole)
        {
            FreeDropped();
            if (_bytes + ((long)data.Size * sizeof(float)) > budgetBytes) return false;
            whole = Hold(origin.Pass, data, accelerator.Allocate1D(HostFloats.Of(data, label)));
        }
        if (origin.Order is not int[] order) whole.SubView((long)origin.Start * rowSize, destination.Length).CopyTo(destination);
        else
        {
            ArrayView<int> rowsOrder = Find<int>(order, order) ?? Hold(order, order, accelerator.Allocate1D(order));
            kernels.GatherRows(whole, rowsOrder, origin.Start, rowSize, destination);
        }
        Gathered++;
        return true;
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
