using System.Runtime.InteropServices;

namespace Strata.Cuda.Native;

/// <summary>
/// cuBLAS's single-precision GEMM, found at run time: libcublas.so.13, then .so.12 (Windows: cublas64_13.dll, then
/// _12), as the CUDA toolkit or a PyTorch install puts it on the loader's path. Never shipped: without it the GPU
/// products run on Strata's own kernel. Bound by hand (four entry points) because ILGPU.Algorithms' bindings know
/// only cuBLAS 10 to 12.
/// </summary>
internal sealed unsafe class Cublas : IDisposable
{
    private const int Success = 0;
    private const int NoTranspose = 0, Transpose = 1;

    private readonly IntPtr _library;
    private readonly IntPtr _handle;
    private readonly delegate* unmanaged<IntPtr, IntPtr, int> _setStream;
    private readonly delegate* unmanaged<IntPtr, int> _destroy;
    private readonly delegate* unmanaged<IntPtr, int, int, int, int, int, float*, IntPtr, int, IntPtr, int, float*, IntPtr, int, int> _sgemm;

    private Cublas(IntPtr library, string name)
    {
        _library = library;
        Name = name;
        var create = (delegate* unmanaged<IntPtr*, int>)NativeLibrary.GetExport(library, "cublasCreate_v2");
        _setStream = (delegate* unmanaged<IntPtr, IntPtr, int>)NativeLibrary.GetExport(library, "cublasSetStream_v2");
        _destroy = (delegate* unmanaged<IntPtr, int>)NativeLibrary.GetExport(library, "cublasDestroy_v2");
        _sgemm = (delegate* unmanaged<IntPtr, int, int, int, int, int, float*, IntPtr, int, IntPtr, int, float*, IntPtr, int, int>)NativeLibrary.GetExport(library, "cublasSgemm_v2");
        IntPtr handle;
        Check(create(&handle), "cublasCreate_v2");
        _handle = handle;
    }

    /// <summary>The library file that was loaded.</summary>
    public string Name { get; }

    /// <summary>cuBLAS, or null when no version this build knows is on the loader's path.</summary>
    public static Cublas? TryLoad()
    {
        string[] names = OperatingSystem.IsWindows() ? ["cublas64_13.dll", "cublas64_12.dll"] : ["libcublas.so.13", "libcublas.so.12"];
        foreach (string name in names)
        {
            if (NativeLibrary.TryLoad(name, out IntPtr library)) return new Cublas(library, name);
        }
        return null;
    }

    /// <summary>
    /// Row-major C (m, n) = op(A)·op(B) on device pointers, on <paramref name="stream"/>: cuBLAS is column-major, so it
    /// computes Cᵀ = op(B)ᵀ·op(A)ᵀ, which has C's layout.
    /// </summary>
    public void Sgemm(IntPtr stream, int m, int n, int k, bool transposeA, bool transposeB, IntPtr a, IntPtr b, IntPtr c)
    {
        Check(_setStream(_handle, stream), "cublasSetStream_v2");
        float one = 1f, zero = 0f;
        int lda = transposeA ? m : k, ldb = transposeB ? k : n;
        Check(_sgemm(_handle, transposeB ? Transpose : NoTranspose, transposeA ? Transpose : NoTranspose, n, m, k, &one, b, ldb, a, lda, &zero, c, n), "cublasSgemm_v2");
    }

    public void Dispose()
    {
        _ = _destroy(_handle);
        NativeLibrary.Free(_library);
    }

    private void Check(int status, string call)
    {
        if (status != Success) throw new InvalidOperationException($"{call} ({Name}) failed with cuBLAS status {status}.");
    }
}
