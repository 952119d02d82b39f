using System.Runtime.Intrinsics;
using Strata.Bench.Shared;
using Strata.Layers;

namespace Strata.Bench;

/// <summary>
/// Where the chapter 8 convnet's training step spends its time, beside what the machine can do: this
/// machine's measured FMA peak (independent vector FMAs on each thread), each conv layer's forward and
/// gradients alone in GFLOP/s, and the compiled step's ops by kind. Random data at batch 64, 2 threads.
/// </summary>
internal static class ConvProfile
{
    private const int Batch = 64;

    public static int Run(string[] args)
    {
        Engine.Threads = Arguments.Int(args, "--threads", 2);
        double peak = FmaPeak(Engine.Threads);
        Console.WriteLine($"measured FMA peak, {Engine.Threads} thread(s): {peak / 1e9:F0} GFLOP/s ({(Vector512.IsHardwareAccelerated ? "512" : "256")}-bit vectors)");
        Console.WriteLine();
        Console.WriteLine($"{"conv layer (batch 64)",-44} {"forward",18} {"dx",18} {"dW",18}");
        Layer("conv1 28×28×1 → 26×26×32, 3×3", [Batch, 28, 28, 1], 32, withInputGradient: false, peak);
        Layer("conv2 13×13×32 → 11×11×64, 3×3", [Batch, 13, 13, 32], 64, withInputGradient: true, peak);
        Layer("conv3 5×5×64 → 3×3×128, 3×3", [Batch, 5, 5, 64], 128, withInputGradient: true, peak);
        Steps();
        return 0;
    }

    /// <summary>FLOP/s of 16 independent FMA chains per thread (enough to cover the FMA latency on every port), the most the cores give.</summary>
    private static double FmaPeak(int threads)
    {
        const long iterations = 20_000_000;
        double seconds = Timing.Median(warmups: 1, repetitions: 3, () => Parallel.For(0, threads, _ => Chains(iterations)));
        int lanes = Vector512.IsHardwareAccelerated ? 16 : 8;
        return threads * iterations * 16.0 * lanes * 2 / seconds;
    }

    private static float Chains(long iterations)
    {
        if (Vector512.IsHardwareAccelerated)
        {
            Vector512<float> a = Vector512.Create(1f), b = Vector512.Create(0.999999f);
            Vector512<float> s0 = a, s1 = a, s2 = a, s3 = a, s4 = a, s5 = a, s6 = a, s7 = a;
            Vector512<float> s8 = a, s9 = a, s10 = a, s11 = a, s12 = a, s13 = a, s14 = a, s15 = a;
            for (long i = 0; i < iterations; i++)
            {
                s0 = Vector512.FusedMultiplyAdd(s0, b, a); s1 = Vector512.FusedMultiplyAdd(s1, b, a);
                s2 = Vector512.FusedMultiplyAdd(s2, b, a); s3 = Vector512.FusedMultiplyAdd(s3, b, a);
                s4 = Vector512.FusedMultiplyAdd(s4, b, a); s5 = Vector512.FusedMultiplyAdd(s5, b, a);
                s6 = Vector512.FusedMultiplyAdd(s6, b, a); s7 = Vector512.FusedMultiplyAdd(s7, b, a);
                s8 = Vector512.FusedMultiplyAdd(s8, b, a); s9 = Vector512.FusedMultiplyAdd(s9, b, a);
                s10 = Vector512.FusedMultiplyAdd(s10, b, a); s11 = Vector512.FusedMultiplyAdd(s11, b, a);
                s12 = Vector512.FusedMultiplyAdd(s12, b, a); s13 = Vector512.FusedMultiplyAdd(s13, b, a);
                s14 = Vector512.FusedMultiplyAdd(s14, b, a); s15 = Vector512.FusedMultiplyAdd(s15, b, a);
            }
            return Vector512.Sum(s0 + s1 + s2 + s3 + s4 + s5 + s6 + s7 + s8 + s9 + s10 + s11 + s12 + s13 + s14 + s15);
        }
        Vector256<float> c = Vector256.Create(1f), d = Vector256.Create(0.999999f);
        Vector256<float> t0 = c, t1 = c, t2 = c, t3 = c, t4 = c, t5 = c, t6 = c, t7 = c;
        Vector256<float> t8 = c, t9 = c, t10 = c, t11 = c, t12 = c, t13 = c, t14 = c, t15 = c;
        for (long i = 0; i < iterations; i++)
        {
            t0 = Vector256.FusedMultiplyAdd(t0, d, c); t1 = Vector256.FusedMultiplyAdd(t1, d, c);
            t2 = Vector256.FusedMultiplyAdd(t2, d, c); t3 = Vector256.FusedMultiplyAdd(t3, d, c);
            t4 = Vector256.FusedMultiplyAdd(t4, d, c); t5 = Vector256.FusedMultiplyAdd(t5, d, c);
            t6 = Vector256.FusedMultiplyAdd(t6, d, c); t7 = Vector256.FusedMultiplyAdd(t7, d, c);
            t8 = Vector256.FusedMultiplyAdd(t8, d, c); t9 = Vector256.FusedMultiplyAdd(t9, d, c);
            t10 = Vector256.FusedMultiplyAdd(t10, d, c); t11 = Vector256.FusedMultiplyAdd(t11, d, c);
            t12 = Vector256.FusedMultiplyAdd(t12, d, c); t13 = Vector256.FusedMultiplyAdd(t13, d, c);
            t14 = Vector256.FusedMultiplyAdd(t14, d, c); t15 = Vector256.FusedMultiplyAdd(t15, d, c);
        }
        return Vector256.Sum(t0 + t1 + t2 + t3 + t4 + t5 + t6 + t7 + t8 + t9 + t10 + t11 + t12 + t13 + t14 + t15);
    }

    /// <summary>One conv layer's forward, input gradient and kernel gradient, each compiled alone.</summary>
    private static void Layer(string what, int[] inputShape, int filters, bool withInputGradient, double peak)
    {
        Tensor x = Tensor.Uniform(inputShape, seed: 1), k = Tensor.Uniform([3, 3, inputShape[3], filters], -0.1f, 0.1f, seed: 2);
        double flops = 2.0 * Batch * (inputShape[1] - 2) * (inputShape[2] - 2) * filters * 9 * inputShape[3];
        Tensor gy = Ops.Conv(x, k);
        // Each part alone, compiled: the op's kernel as a training step replays it (the gradients of
        // Sum(conv(x, k) · gy) are conv's input and kernel gradients for the upstream gradient gy).
        var vx = new Variable(x);
        var vk = new Variable(k);
        Func<Tensor[], Tensor[]> forward = Function.Compile((Tensor[] a) => [Ops.Conv(a[0], a[1])]);
        Func<Tensor[], Tensor[]> dx = Function.Compile((Tensor[] a) => Gradient(vx, vk, a[0], vx));
        Func<Tensor[], Tensor[]> dw = Function.Compile((Tensor[] a) => Gradient(vx, vk, a[0], vk));
        string Cell(Func<Tensor[]> f, double work)
        {
            double s = Timing.Median(warmups: 20, repetitions: 50, () => f());
            return $"{s * 1e3,6:F2} ms {work / s / 1e9,4:F0} GF {100 * work / s / peak,3:F0}%";
        }
        // The forward product is not needed for either gradient, so the compiled functions leave it out: each column is one product.
        Console.WriteLine($"{what,-44} {Cell(() => forward([x, k]), flops),18} {(withInputGradient ? Cell(() => dx([gy]), flops) : "(not needed)"),18} {Cell(() => dw([gy]), flops),18}");
    }

    private static Tensor[] Gradient(Variable x, Variable k, Tensor gy, Variable of)
    {
        using var tape = new GradientTape();
        Tensor y = Ops.Conv(x, k);
        return [tape.Gradient(Ops.Sum(y * gy), [of])[0]];
    }

    /// <summary>The whole compiled step of the chapter 8 convnet, its ops summed by kind, costliest first.</summary>
    private static void Steps()
    {
        Model model = BookConvnet.Build();
        Tensor x = Tensor.Uniform([Batch, 28, 28, 1], seed: 3);
        Tensor y = Tensor.FromArray(Enumerable.Range(0, Batch).Select(i => i % 10).ToArray(), Batch);
        double step = Timing.Median(warmups: 20, repetitions: 200, () => model.TrainOnBatch(x, y));
        Console.WriteLine();
        Console.WriteLine($"whole compiled step (TrainOnBatch, batch 64): {step * 1e3:F2} ms, {step * 938:F1} s per MNIST epoch");
        Compilation.Executable executable = model.TrainStepFunction!.Executables.First();
        double[][] runs = Enumerable.Range(0, 50).Select(_ => executable.Profile([x, y], 1)).ToArray();
        var nodes = executable.Graph.Nodes.Select((node, i) => (node.Kernel.Name, Median: Statistics.Median(runs.Select(r => r[i])))).ToList();
        double total = nodes.Sum(n => n.Median);
        Console.WriteLine($"its {nodes.Count} ops, each timed alone (medians over 50 replays, sum {total * 1e3:F2} ms), by kind:");
        foreach (var kind in nodes.GroupBy(n => n.Name).Select(g => (Name: g.Key, Time: g.Sum(n => n.Median), Count: g.Count())).OrderByDescending(g => g.Time).Take(12))
        {
            Console.WriteLine($"  {kind.Time * 1e3,7:F2} ms {100 * kind.Time / total,4:F0}%  {kind.Count,3} × {kind.Name}");
        }
    }
}
