using System.Runtime.InteropServices;

namespace Strata.Bench;

/// <summary>
/// OpenBLAS, reached only from the benchmarks, for comparison. Debian/Ubuntu: apt-get install libopenblas0.
/// </summary>
internal static unsafe partial class OpenBlas
{
    private const string Library = "libopenblas.so.0";

    public const int RowMajor = 101, NoTrans = 111, Trans = 112;

    /// <summary>
    /// Loads the library, or says how to install it. OpenBLAS reads OPENBLAS_CORETYPE (and OPENBLAS_L2_SIZE)
    /// once, when it loads: unless keepCoreType, both overrides are removed from this process first, so
    /// OpenBLAS picks its best kernels for the CPU (a core type forced for another purpose, e.g. Haswell,
    /// would mean AVX2 only).
    /// </summary>
    public static bool TryLoad(bool keepCoreType, out string message)
    {
        string? forced = Environment.GetEnvironmentVariable("OPENBLAS_CORETYPE");
        if (forced != null && !keepCoreType && OperatingSystem.IsLinux())
        {
            unsetenv("OPENBLAS_CORETYPE");
            unsetenv("OPENBLAS_L2_SIZE");
        }
        if (!NativeLibrary.TryLoad(Library, typeof(OpenBlas).Assembly, null, out _))
        {
            message = $"OpenBLAS ({Library}) was not found. Install it, e.g. `apt-get update && apt-get install -y libopenblas0`, then run again.";
            return false;
        }

        message = $"OpenBLAS core: {CoreName}" + (forced == null ? ""
            : keepCoreType ? $" (OPENBLAS_CORETYPE={forced} kept)"
            : $" (OPENBLAS_CORETYPE={forced} and OPENBLAS_L2_SIZE ignored in this process; --keep-openblas-coretype keeps them)");
        return true;
    }

    public static string CoreName => Marshal.PtrToStringAnsi(openblas_get_corename()) ?? "?";

    [LibraryImport(Library)]
    public static partial void cblas_sgemm(int order, int transA, int transB, int m, int n, int k,
        float alpha, float* a, int lda, float* b, int ldb, float beta, float* c, int ldc);

    [LibraryImport(Library)]
    public static partial void openblas_set_num_threads(int threads);

    [LibraryImport(Library)]
    private static partial nint openblas_get_corename();

    [LibraryImport("libc.so.6", StringMarshalling = StringMarshalling.Utf8)]
    private static partial int unsetenv(string name);
}
