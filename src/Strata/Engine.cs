namespace Strata;

/// <summary>Process-wide settings of the engine: the device, threads, and where messages go.</summary>
public static class Engine
{
    private static int _threads = Environment.ProcessorCount;
    private static TextWriter? _output, _warnings;
    private static Device? _device;

    /// <summary>
    /// Where compiled steps run (Fit, Evaluate and Predict replay one per batch): <see cref="Device.Cpu"/> unless set,
    /// or the device the environment variable STRATA_DEVICE names ("cpu", "cuda", "cuda:1"). A GPU comes from its
    /// package: <c>Engine.Device = Device.Cuda();</c> with Strata.Cuda. The first calls of a step (its traces) and
    /// eager ops run on the CPU; the results are the same to float tolerance.
    /// </summary>
    [System.Diagnostics.CodeAnalysis.AllowNull]
    public static Device Device
    {
        get => _device ??= Device.Named(Environment.GetEnvironmentVariable("STRATA_DEVICE") ?? "cpu");
        set => _device = value ?? Device.Cpu;
    }

    /// <summary>
    /// Where Fit, Evaluate and Predict write their progress (bars, epoch lines), and callbacks and dataset loaders
    /// their messages, as Keras prints them: the console unless set. Set it to any <see cref="TextWriter"/> (a log, a
    /// notebook cell, <see cref="TextWriter.Null"/>); null goes back to <see cref="Console.Out"/>. A progress bar
    /// redraws its line in place only on an interactive console.
    /// </summary>
    [System.Diagnostics.CodeAnalysis.AllowNull]
    public static TextWriter Output
    {
        get => _output ?? Console.Out;
        set => _output = value;
    }

    /// <summary>Where warnings go (a step that runs eagerly, a model loaded uncompiled, data that ran out): <see cref="Console.Error"/> unless set.</summary>
    [System.Diagnostics.CodeAnalysis.AllowNull]
    public static TextWriter Warnings
    {
        get => _warnings ?? Console.Error;
        set => _warnings = value;
    }

    /// <summary>
    /// How many threads a kernel may use (GEMM, large elementwise work). Results are
    /// bit-identical whatever the value: work is split so that no sum changes order.
    /// </summary>
    public static int Threads
    {
        get => _threads;
        set => _threads = value >= 1
            ? value
            : throw new ArgumentOutOfRangeException(nameof(value), value, "Engine.Threads must be at least 1.");
    }
}
