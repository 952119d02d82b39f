using System.Runtime.InteropServices;

namespace Strata.Distributed.Native;

/// <summary>
/// The few MPI calls data parallelism needs, from Open MPI's C library found at run time (libmpi.so.40, as Debian's
/// libopenmpi-dev and openmpi-bin install it, or any Open MPI 3 to 5 on the loader's path). Open MPI's predefined
/// handles (MPI_COMM_WORLD, MPI_FLOAT, MPI_SUM) are the addresses of exported globals (ompi_mpi_comm_world, ...),
/// taken with <see cref="NativeLibrary.GetExport"/>; the calls are bound by LibraryImport. MPI.NET binds Microsoft MPI's ABI, which Linux's Open MPI does not
/// share, hence this binding by hand. Every call must come from the thread that initialized MPI (<see cref="MpiThread"/>).
/// </summary>
internal sealed unsafe partial class Mpi
{
    public const string LibraryName = "libmpi.so.40";

    private const int Success = 0;
    private const int ThreadFunneled = 1; // MPI_THREAD_FUNNELED: one thread makes every call

    private readonly IntPtr _world, _float, _double, _sum;

    private Mpi(IntPtr library)
    {
        _world = NativeLibrary.GetExport(library, "ompi_mpi_comm_world");
        _float = NativeLibrary.GetExport(library, "ompi_mpi_float");
        _double = NativeLibrary.GetExport(library, "ompi_mpi_double");
        _sum = NativeLibrary.GetExport(library, "ompi_mpi_op_sum");
    }

    /// <summary>Open MPI's library, or an error that says what was looked for and how to install it.</summary>
    public static Mpi Load() => Load(LibraryName);

    /// <summary>The same with the library named (a test names one that is missing).</summary>
    public static Mpi Load(string name)
    {
        // Open MPI's components (loaded by dlopen) resolve MPI's own symbols globally, as mpi4py loads it.
        if (!Dl.OpenGlobal(name) || !NativeLibrary.TryLoad(name, out IntPtr library))
        {
            throw new InvalidOperationException($"Strata.Distributed: Open MPI's {name} was not found by the loader (its search path, " +
                "LD_LIBRARY_PATH and the ld.so cache). Install Open MPI (Debian and Ubuntu: apt-get install openmpi-bin libopenmpi-dev) " +
                "and start the training with mpirun -np N dotnet YourApp.dll.");
        }
        try
        {
            return new Mpi(library);
        }
        catch (EntryPointNotFoundException e)
        {
            throw new InvalidOperationException($"Strata.Distributed: {LibraryName} is not Open MPI's library ({e.Message}); Strata binds Open MPI's ABI.", e);
        }
    }

    /// <summary>MPI_Init_thread; outside mpirun, Open MPI starts the process as a job of one, which needs its runtime (orted).</summary>
    public void Init(bool launched)
    {
        int provided;
        int code = MPI_Init_thread(null, null, ThreadFunneled, &provided);
        if (code != Success && !launched)
        {
            throw new InvalidOperationException("Strata.Distributed: MPI could not start this process on its own (MPI_Init_thread failed outside mpirun). " +
                "Start it with mpirun -np N dotnet YourApp.dll; mpirun comes with Open MPI (apt-get install openmpi-bin).");
        }
        Check(code, "MPI_Init_thread");
    }

    public void Close() => Check(MPI_Finalize(), "MPI_Finalize");

    public int Rank()
    {
        int rank;
        Check(MPI_Comm_rank(_world, &rank), "MPI_Comm_rank");
        return rank;
    }

    public int Size()
    {
        int size;
        Check(MPI_Comm_size(_world, &size), "MPI_Comm_size");
        return size;
    }

    /// <summary>recv[i] = the sum over the ranks of send[i].</summary>
    public void SumFloats(ReadOnlySpan<float> send, Span<float> recv)
    {
        fixed (float* s = send)
        fixed (float* r = recv)
        {
            Check(MPI_Allreduce(s, r, send.Length, _float, _sum, _world), "MPI_Allreduce");
        }
    }

    /// <summary>recv[i] = the sum over the ranks of send[i].</summary>
    public void SumDoubles(ReadOnlySpan<double> send, Span<double> recv)
    {
        fixed (double* s = send)
        fixed (double* r = recv)
        {
            Check(MPI_Allreduce(s, r, send.Length, _double, _sum, _world), "MPI_Allreduce");
        }
    }

    /// <summary>values = rank 0's values.</summary>
    public void BroadcastFloats(Span<float> values)
    {
        fixed (float* v = values)
        {
            Check(MPI_Bcast(v, values.Length, _float, 0, _world), "MPI_Bcast");
        }
    }

    /// <summary>Ends every rank of the job (from any thread: a rank that failed).</summary>
    public void Abort(int code) => _ = MPI_Abort(_world, code);

    private static void Check(int code, string call)
    {
        if (code == Success) return;
        byte* text = stackalloc byte[512];
        int length = 0;
        string message = MPI_Error_string(code, text, &length) == Success ? Marshal.PtrToStringUTF8((IntPtr)text, length) : $"error {code}";
        throw new InvalidOperationException($"Strata.Distributed: {call} failed: {message}.");
    }

    [LibraryImport(LibraryName)]
    private static partial int MPI_Init_thread(int* argc, IntPtr* argv, int required, int* provided);

    [LibraryImport(LibraryName)]
    private static partial int MPI_Finalize();

    [LibraryImport(LibraryName)]
    private static partial int MPI_Comm_rank(IntPtr comm, int* rank);

    [LibraryImport(LibraryName)]
    private static partial int MPI_Comm_size(IntPtr comm, int* size);

    [LibraryImport(LibraryName)]
    private static partial int MPI_Allreduce(void* send, void* recv, int count, IntPtr type, IntPtr op, IntPtr comm);

    [LibraryImport(LibraryName)]
    private static partial int MPI_Bcast(void* buffer, int count, IntPtr type, int root, IntPtr comm);

    [LibraryImport(LibraryName)]
    private static partial int MPI_Abort(IntPtr comm, int code);

    [LibraryImport(LibraryName)]
    private static partial int MPI_Error_string(int code, byte* text, int* length);

    /// <summary>dlopen with RTLD_GLOBAL (glibc's libc exports it since 2.34).</summary>
    private static partial class Dl
    {
        private const int Now = 2, Global = 0x100;

        public static bool OpenGlobal(string name) => !OperatingSystem.IsLinux() || DlOpen(name, Now | Global) != IntPtr.Zero;

        [LibraryImport("libc", EntryPoint = "dlopen", StringMarshalling = StringMarshalling.Utf8)]
        private static partial IntPtr DlOpen(string file, int mode);
    }
}
