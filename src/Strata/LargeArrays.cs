using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace Strata;

/// <summary>
/// Allocates the arrays behind tensors and loaded datasets. Large ones get a hint to Linux to back them
/// with 2 MiB pages: an array's pages are only mapped when first written, one fault per 4 KiB page, and
/// on a VM such a fault is expensive (about 11 µs on the Firecracker VM Strata is measured on, so writing
/// MNIST's 188 MB float32 images took 0.54 s, of which the conversion itself was 8 ms). With the hint
/// the kernel maps 2 MiB per fault and the same array takes about 30 ms. The hint changes no contents
/// and no sizes: only whole 2 MiB pages inside the array are advised, and every byte of those belongs
/// to the array, so resident memory does not grow.
/// </summary>
internal static partial class LargeArrays
{
    private const int HugePageBytes = 2 << 20;

    /// <summary>Below this an array holds at most one whole aligned 2 MiB page; not worth a system call.</summary>
    private const long AdviseFromBytes = 2 * HugePageBytes;

    /// <summary>madvise's MADV_HUGEPAGE (the same value on every Linux architecture .NET runs on).</summary>
    private const int MadviseHugePage = 14;

    private static bool _adviceUnavailable;

    /// <summary>A zeroed array, as <c>new T[length]</c>; a large one is advised to use huge pages before its first write.</summary>
    public static T[] New<T>(int length) where T : unmanaged
    {
        var array = new T[length];
        if ((long)length * Unsafe.SizeOf<T>() >= AdviseFromBytes && OperatingSystem.IsLinux() && !_adviceUnavailable) AdviseHugePages(array);
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
