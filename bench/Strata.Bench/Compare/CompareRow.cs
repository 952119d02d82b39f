namespace Strata.Bench.Compare;

/// <summary>
/// One line of the comparison table: which measurement (metric name) of which two sides, how it reads,
/// and issue 6's target for the Strata/peer ratio. Times and memory: lower is better; GFLOP/s: higher.
/// </summary>
internal sealed record CompareRow(string Metric, string Label, string Unit, string Target, string Peer = CompareRow.TorchSharp)
{
    public const string Strata = "strata", TorchSharp = "torchsharp", OpenBlas = "openblas";

    public static IReadOnlyList<CompareRow> All { get; } =
    [
        new("mnist.epoch", "MNIST epoch, chapter 2 network (60,000 samples, batch 128)", "s", "≤ 0.6"),
        new("mnist.epoch_cold", "MNIST first epoch (JIT and warm-up included)", "s", ""),
        new("imdb.epoch", "IMDB epoch, chapter 3 network (25,000 × 10,000 multi-hot, batch 512)", "s", "≤ 0.6"),
        new("predict.batch", "Predict, 10,000 MNIST samples (batch 32, Keras's default)", "s", "≤ 0.6"),
        new("predict.single", "Predict, one sample (latency)", "µs", "≤ 0.25"),
        new("tiny_add", "One tiny eager op (1-element add)", "µs", "≤ 0.2"),
        new("mnist.first_step", "Process start to end of first training step (MNIST)", "s", "≤ 0.55"),
        new("mnist.peak_rss", "Peak resident memory, whole 5-epoch MNIST process", "MiB", "≤ 0.45 (and ≤ 350 MiB)"),
        new("mnist.kernel_cpu", "Kernel CPU time of that process (page faults, zeroing fresh memory)", "s", ""),
        new("mnist.minor_faults", "Minor page faults of that process", "", ""),
        new("mnist.alloc_per_step", "Managed bytes allocated per training step, steady state (training thread)", "B", "≤ 1 KiB"),
        new("mnist.alloc_per_step_all_threads", "Managed bytes allocated per training step, all threads", "B", ""),
        new("convnet.epoch", "MNIST convnet epoch, chapter 8 (60,000 images, batch 64)", "s", "≤ 0.7"),
        new("convnet.predict", "Predict, 10,000 MNIST images through the convnet (batch 32)", "s", "≤ 0.6"),
        new("lstm.epoch", "IMDB LSTM epoch, chapter 10 (25,000 reviews of 200 tokens, Embedding(10000, 128), LSTM(64), batch 64)", "s", "≤ 0.8"),
        new("transformer.epoch", "IMDB Transformer encoder epoch, chapter 11 (25,000 reviews of 200 tokens, embedding 256, 2 heads, dense 32, batch 32)", "s", ""),
        new("mnist.accuracy", "MNIST training accuracy after 5 epochs (same maths check)", "", ""),
        new("convnet.accuracy", "Convnet training accuracy after 2 epochs (same maths check)", "", ""),
        new("imdb.accuracy", "IMDB training accuracy after 3 epochs (same maths check)", "", ""),
        new("lstm.accuracy", "LSTM training accuracy after 2 epochs (same maths check)", "", ""),
        new("transformer.accuracy", "Transformer training accuracy after 2 epochs (same maths check)", "", ""),
        .. GemmBenchmark.Shapes.Select(s => new CompareRow($"sgemm.{s.M}x{s.K}x{s.N}",
            $"SGEMM {s.M}×{s.K}×{s.N}, 2 threads (peer: OpenBLAS)", "GFLOP/s",
            s.N == 10 ? "≥ 1.5" : s.M == s.K && s.K == s.N ? "≥ 0.95" : "", OpenBlas)),
    ];
}
