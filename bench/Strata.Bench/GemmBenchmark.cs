using System.Diagnostics;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics.X86;
using Strata.Kernels;

namespace Strata.Bench;

/// <summary>
/// Strata's GEMM beside OpenBLAS cblas_sgemm on the shapes of a small MLP and of square products, with 1 and
/// 2 threads. Both run on the same aligned operands, alternately, and each reports the median of several
/// timed blocks after a warm-up.
/// </summary>
internal static unsafe class GemmBenchmark
{
    internal static readonly (int M, int K, int N)[] Shapes = [(128, 784, 512), (128, 512, 10), (512, 512, 512), (1024, 1024, 1024)];

    /// <summary>Each timed block runs about this long, calls repeated as needed.</summary>
    private const double BlockSeconds = 0.02;

    /// <summary>
    /// OpenBLAS's idle threads keep spinning for ~0.13 s after a multithreaded call and would take a core from
    /// whatever runs next, so after such a block both sides wait this long before timing the other.
    /// </summary>
    private const int OpenBlasSettleMs = 200;

    public static int Run(string[] args)
    {
        int reps = 7;
        bool keepCoreType = false;
        for (int i = 0; i < args.Length; i++)
        {
            if (args[i] == "--reps" && i + 1 < args.Length && int.TryParse(args[i + 1], out reps) && reps > 0) i++;
            else if (args[i] == "--keep-openblas-coretype") keepCoreType = true;
            else
            {
                Console.Error.WriteLine($"gemm: unknown option {args[i]} (options: --reps N, --keep-openblas-coretype)");
                return 1;
            }
        }

        if (!OpenBlas.TryLoad(keepCoreType, out string message))
        {
            Console.Error.WriteLine(message);
            return 2;
        }

        string isa = Avx512F.IsSupported ? "AVX-512" : Fma.IsSupported && Avx2.IsSupported ? "AVX2+FMA" : "portable Vector<T>";
        Console.WriteLine($"{Environment.ProcessorCount} cores, Strata kernel: {isa}; {message}");
        Console.WriteLine($"median of {reps} alternating blocks of ~{BlockSeconds * 1000:F0} ms each");
        Console.WriteLine();
        Console.WriteLine("  M     K     N  threads   Strata GFLOP/s   OpenBLAS GFLOP/s   Strata/OpenBLAS");
        foreach (var (m, k, n) in Shapes)
        {
            foreach (int threads in new[] { 1, 2 })
            {
                var (strata, openBlas, agree) = Measure(m, k, n, threads, reps);
                Console.WriteLine($"{m,5} {k,5} {n,5} {threads,5} {strata,16:F1} {openBlas,18:F1} {strata / openBlas,17:F2}{(agree ? "" : "   (results differ!)")}");
            }
        }

        return 0;
    }

    internal static (double Strata, double OpenBlas, bool Agree) Measure(int m, int k, int n, int threads, int reps)
    {
        float* a = Allocate(m * k), b = Allocate(k * n), c1 = Allocate(m * n), c2 = Allocate(m * n);
        try
        {
            var random = new System.Random(42);
            for (int i = 0; i < m * k; i++) a[i] = random.NextSingle() - 0.5f;
            for (int i = 0; i < k * n; i++) b[i] = random.NextSingle() - 0.5f;
            OpenBlas.openblas_set_num_threads(threads);
            void RunStrata() => Gemm.Multiply(false, false, m, n, k, a, k, b, n, c1, n, false, threads);
            void RunOpenBlas() => OpenBlas.cblas_sgemm(OpenBlas.RowMajor, OpenBlas.NoTrans, OpenBlas.NoTrans, m, n, k, 1, a, k, b, n, 0, c2, n);

            // Warm-up (JIT, caches, thread pools), which also sizes the timed blocks.
            int strataCalls = Calibrate(RunStrata), openBlasCalls = Calibrate(RunOpenBlas);
            Settle(threads);
            var strataTimes = new double[reps];
            var openBlasTimes = new double[reps];
            for (int r = 0; r < reps; r++)
            {
                // Alternate which goes first, so neither always follows the other.
                if (r % 2 == 0)
                {
                    strataTimes[r] = Time(RunStrata, strataCalls);
                    openBlasTimes[r] = Time(RunOpenBlas, openBlasCalls);
                    Settle(threads);
                }
                else
                {
                    openBlasTimes[r] = Time(RunOpenBlas, openBlasCalls);
                    Settle(threads);
                    strataTimes[r] = Time(RunStrata, strataCalls);
                }
            }

            double flops = 2.0 * m * n * k;
            return (flops / Median(strataTimes) / 1e9, flops / Median(openBlasTimes) / 1e9, Agree(c1, c2, m * n, k));
        }
        finally
        {
            NativeMemory.AlignedFree(a);
            NativeMemory.AlignedFree(b);
            NativeMemory.AlignedFree(c1);
            NativeMemory.AlignedFree(c2);
        }
    }

    private static int Calibrate(Action run)
    {
        var clock = Stopwatch.StartNew();
        int calls = 0;
        do
        {
            run();
            calls++;
        }
        while (calls < 5 || clock.Elapsed.TotalSeconds < 0.1);
        return Math.Max(1, (int)(BlockSeconds * calls / clock.Elapsed.TotalSeconds));
    }

    /// <summary>Seconds per call, over a block of calls.</summary>
    private static double Time(Action run, int calls)
    {
        long start = Stopwatch.GetTimestamp();
        for (int i = 0; i < calls; i++) run();
        return Stopwatch.GetElapsedTime(start).TotalSeconds / calls;
    }

    private static void Settle(int threads) => Thread.Sleep(threads > 1 ? OpenBlasSettleMs : 5);

    private static double Median(double[] values)
    {
        double[] sorted = [.. values];
        Array.Sort(sorted);
        return sorted[sorted.Length / 2];
    }

    /// <summary>Both libraries' results agree to float rounding (sums of k products of values in ±0.5).</summary>
    private static bool Agree(float* x, float* y, int count, int k)
    {
        double tolerance = 1e-5 * Math.Sqrt(k) + 1e-6 * k;
        for (int i = 0; i < count; i++)
        {
            if (Math.Abs(x[i] - y[i]) > tolerance) return false;
        }

        return true;
    }

    private static float* Allocate(int count) => (float*)NativeMemory.AlignedAlloc((nuint)count * sizeof(float), 64);
}
