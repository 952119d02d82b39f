namespace Strata;

/// <summary>Process-wide settings of the CPU engine.</summary>
public static class Engine
{
    private static int _threads = Environment.ProcessorCount;

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
