namespace Strata.Tests.Kernels;

/// <summary>Runs a computation with Engine.Threads set, then restores it: for checks that 1 and 2 threads give the same bits.</summary>
internal static class WithThreads
{
    public static T Run<T>(int threads, Func<T> computation)
    {
        int saved = Engine.Threads;
        try
        {
            Engine.Threads = threads;
            return computation();
        }
        finally
        {
            Engine.Threads = saved;
        }
    }
}
