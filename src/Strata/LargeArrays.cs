using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace Strata;

/// <summary>
/// Allocates the arrays behind tensors and loaded datasets. Arrays of 4 MiB or more are allocated differently,
/// for two reasons measured on MNIST (60,000 images: 47 MB as bytes, 188 MB as float32):
/// <list type="bullet">
/// <item>They go on the pinned object heap. The GC lets the large object heap (arrays over 85 KB) grow by up to
/// several times what survived its last full collection before collecting it again. With the 188 MB dataset
/// there, the 0.3-1.6 MB arrays of each training step piled up to 1.7 GB of garbage in one epoch without a
/// single full collection (peak resident memory 1.95 GiB over 2 epochs). On the pinned heap the dataset does
/// not count toward that budget, full collections come every few steps, and the same run peaks at about
/// 0.5 GiB. The price, while a training step still allocates such arrays, is ~100 background full
/// collections per epoch: a steady MNIST epoch took ~2.4 s instead of ~1.9 s (medians of 7 alternating runs).
/// An application that raises System.GC.LOHThreshold above a step's largest array (2 MiB for MNIST) avoids
/// both: the step's arrays are then short-lived small objects (epoch ~1.0-1.2 s, peak ~490 MiB). Being
/// pinned, these arrays also never move, so the hint below stays with them.</item>
/// <item>On Linux they are advised to use 2 MiB pages. An array's pages are only mapped when first written,
/// one fault per 4 KiB page, and on a VM such a fault is expensive (about 11 µs on the Firecracker VM Strata
/// is measured on, so writing the 188 MB float32 images took 0.54 s, of which the conversion itself was
/// 8 ms). With the hint the kernel maps 2 MiB per fault and the same array takes about 40 ms. The hint
/// changes no contents and no sizes: only whole 2 MiB pages inside the array are advised, and every byte of
/// those belongs to the array, so resident memory does not grow.</item>
/// </list>
/// </summary>
internal static partial class LargeArrays
{
    private const int HugePageBytes = 2 << 20;

    /// <summary>
    /// From here on arrays are pinned and advised. Below it an array holds at most one whole aligned 2 MiB page
    /// (not worth a system call), and a training step's arrays (MNIST's largest: 784 x 512 floats, 1.6 MB) stay
    /// below it, so they remain ordinary garbage.
    /// </summary>
    private const long LargeBytes = 2 * HugePageBytes;

    /// <summary>madvise's MADV_HUGEPAGE (the same value on every Linux architecture .NET runs on).</summary>
    private const int MadviseHugePage = 14;

    private static bool _adviceUnavailable;

    /// <summary>A zeroed array, as <c>new T[length]</c>; a large one is pinned and advised to use huge pages before its first write.</summary>
    public static T[] New<T>(int length) where T : unmanaged
    {
        if ((long)length * Unsafe.SizeOf<T>() < LargeBytes) return new T[length];
        T[] array = GC.AllocateArray<T>(length, pinned: true);
        if (OperatingSystem.IsLinux() && !_adviceUnavailable) AdviseHugePages(array);
        return array;
    }

    /// <summary>
    /// A fresh large array's memory is untouched (the runtime knows new memory is zero and does not clear
    /// it), so the advice comes in time for the writes that fill it. Failure only loses the speed-up.
    /// </summary>
    private static unsafe void AdviseHugePages<T>(T[] array) where T : unmanaged
    {
        fixed (T* data = array)
        {
            nint start = ((nint)data + HugePageBytes - 1) & -HugePageBytes;
            nint end = (nint)(data + array.Length) & -HugePageBytes;
            try
            {
                if (end > start) _ = Madvise(start, (nuint)(end - start), MadviseHugePage);
            }
            catch (Exception e) when (e is DllNotFoundException or EntryPointNotFoundException)
            {
                _adviceUnavailable = true;
            }
        }
    }

    [LibraryImport("libc", EntryPoint = "madvise")]
    private static partial int Madvise(nint address, nuint length, int advice);
}
