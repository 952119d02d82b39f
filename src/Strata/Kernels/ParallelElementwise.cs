using System.Numerics;
using System.Numerics.Tensors;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace Strata.Kernels;

/// <summary>
/// Splits elementwise work on large arrays over <see cref="Engine.Threads"/> threads (the GEMM workers). Each
/// element is computed alone, so results are identical however the work is split. What two threads buy is
/// mostly page faults: a large output is fresh memory, and on the VM Strata is measured on, mapping it costs
/// more than the arithmetic, about 3 ms per 2 MiB page when the host has to back it. MNIST's 188 MB
/// AsType(Float32) then takes ~0.3 s on one thread and ~0.15 s on two (with the memory warm: ~40 vs ~20 ms).
/// </summary>
internal static unsafe class ParallelElementwise
{
    /// <summary>Each thread gets at least this many output bytes: below it the fork and join cost more than they save.</summary>
    internal const long MinBytesPerThread = 4 << 20;

    /// <summary>How many pieces to split an output of <paramref name="length"/> elements of T into (1: do it inline).</summary>
    public static int Parts<T>(int length) => GemmWorkers.PartsFor((long)length * Unsafe.SizeOf<T>(), MinBytesPerThread, Engine.Threads);

    /// <summary>
    /// Calls <paramref name="piece"/>(begin, end) for <paramref name="parts"/> contiguous pieces that cover
    /// [0, <paramref name="length"/>) once each, on as many threads. Inner boundaries are multiples of 64
    /// elements, so no two threads write into one cache line.
    /// </summary>
    public static void For(int length, int parts, Action<int, int> piece)
    {
        if (parts <= 1)
        {
            piece(0, length);
            return;
        }
        // The workers take a function pointer and a pointer: the delegate travels as a GC handle.
        GCHandle handle = GCHandle.Alloc(piece);
        try
        {
            var job = new Job { Length = length, Parts = parts, Piece = GCHandle.ToIntPtr(handle) };
            GemmWorkers.Run(parts, &RunPiece, &job);
        }
        finally
        {
            handle.Free();
        }
    }

    /// <summary>
    /// Calls <paramref name="piece"/>(first, end) for <paramref name="parts"/> contiguous runs of items (images of
    /// a batch) that cover [0, <paramref name="count"/>); any item boundary is allowed, as each item's output is
    /// far larger than a cache line.
    /// </summary>
    public static void ForItems(int count, int parts, Action<int, int> piece) =>
        For(count * 64, Math.Min(parts, count), (begin, end) => piece(begin / 64, end / 64));

    /// <summary>x converted to y's element type (truncating, as NumPy's astype), split over threads when large.</summary>
    public static void ConvertTruncating<TFrom, TTo>(Tensor x, Tensor y)
        where TFrom : INumberBase<TFrom>
        where TTo : INumberBase<TTo>
    {
        int parts = Parts<TTo>(y.Size);
        if (parts <= 1) TensorPrimitives.ConvertTruncating(x.Data<TFrom>(), y.Span<TTo>());
        else ConvertTruncating<TFrom, TTo>(x, y, parts);
    }

    // Apart from the caller, so that small conversions do not allocate the lambda's closure.
    private static void ConvertTruncating<TFrom, TTo>(Tensor x, Tensor y, int parts)
        where TFrom : INumberBase<TFrom>
        where TTo : INumberBase<TTo> =>
        For(y.Size, parts, (begin, end) => TensorPrimitives.ConvertTruncating(x.Data<TFrom>()[begin..end], y.Span<TTo>()[begin..end]));

    private struct Job
    {
        public int Length;
        public int Parts;
        public nint Piece;
    }

    private static void RunPiece(int index, void* state)
    {
        var job = (Job*)state;
        int begin = Boundary(job->Length, index, job->Parts), end = Boundary(job->Length, index + 1, job->Parts);
        if (begin < end) ((Action<int, int>)GCHandle.FromIntPtr(job->Piece).Target!)(begin, end);
    }

    private static int Boundary(int length, int index, int parts) =>
        index == parts ? length : (int)((long)length * index / parts) & ~63;
}
