using System.Diagnostics;
using System.Runtime.ExceptionServices;

namespace Strata.Kernels;

/// <summary>
/// A tiny fork-join pool for the kernels: Run(count, work, state) calls work(i, state) for i in [0, count),
/// index 0 on the calling thread and the others on persistent background workers. Work is a function
/// pointer and state a pointer, so a call allocates nothing. Workers spin briefly after a job, so the
/// back-to-back GEMMs of a training step do not pay an OS wake-up each; then they sleep.
/// </summary>
internal static unsafe class GemmWorkers
{
    /// <summary>How long an idle worker keeps polling for the next job before it blocks.</summary>
    private static readonly long SpinTicks = Stopwatch.Frequency / 5000; // 200 µs

    private static readonly Lock Gate = new();
    private static Worker[] _workers = [];
    private static int _busy;
    private static int _pending;
    private static delegate*<int, void*, void> _work;
    private static void* _state;
    private static ExceptionDispatchInfo? _failure;

    public static void Run(int count, delegate*<int, void*, void> work, void* state)
    {
        // One job at a time; a concurrent or nested caller simply runs its parts itself. The result is
        // the same either way, since no part's arithmetic depends on which thread runs it.
        if (count <= 1 || Interlocked.CompareExchange(ref _busy, 1, 0) != 0)
        {
            for (int i = 0; i < count; i++) work(i, state);
            return;
        }

        try
        {
            Worker[] workers = EnsureWorkers(count - 1);
            _work = work;
            _state = state;
            _failure = null;
            Volatile.Write(ref _pending, count - 1);
            for (int i = 1; i < count; i++) workers[i - 1].Start(i);
            try
            {
                work(0, state);
            }
            catch (Exception e)
            {
                _failure ??= ExceptionDispatchInfo.Capture(e);
            }

            // Always wait, even after a failure: the workers use the caller's state. The parts are about
            // equal, so the wait is short: poll without yielding at first.
            for (int i = 0; Volatile.Read(ref _pending) != 0; i++)
            {
                if (i < 100_000) Thread.SpinWait(1);
                else Thread.Yield();
            }

            _failure?.Throw();
        }
        finally
        {
            _work = null;
            _state = null;
            Volatile.Write(ref _busy, 0);
        }
    }

    private static Worker[] EnsureWorkers(int count)
    {
        if (_workers.Length >= count) return _workers;
        lock (Gate)
        {
            var grown = new Worker[count];
            _workers.CopyTo(grown, 0);
            for (int i = _workers.Length; i < count; i++) grown[i] = new Worker(i + 1);
            _workers = grown;
            return grown;
        }
    }

    private sealed class Worker
    {
        private readonly SemaphoreSlim _wake = new(0);
        private int _generation;
        private int _sleeping;
        private int _index;

        public Worker(int id)
        {
            var thread = new Thread(Loop) { IsBackground = true, Name = $"Strata GEMM worker {id}" };
            thread.Start();
        }

        public void Start(int index)
        {
            _index = index;
            Interlocked.Increment(ref _generation);
            if (Interlocked.Exchange(ref _sleeping, 0) == 1) _wake.Release();
        }

        private void Loop()
        {
            int seen = 0;
            while (true)
            {
                WaitForJob(seen);
                seen = Volatile.Read(ref _generation);
                try
                {
                    _work(_index, _state);
                }
                catch (Exception e)
                {
                    _failure = ExceptionDispatchInfo.Capture(e);
                }

                Interlocked.Decrement(ref _pending);
            }
        }

        private void WaitForJob(int seen)
        {
            long deadline = Stopwatch.GetTimestamp() + SpinTicks;
            for (int i = 0; Stopwatch.GetTimestamp() < deadline; i++)
            {
                if (Volatile.Read(ref _generation) != seen) return;
                if ((i & 255) == 255) Thread.Yield();
                else Thread.SpinWait(1);
            }

            // Announce the sleep, then look once more: Start either sees the flag and releases the
            // semaphore, or bumped the generation before we looked (full fences on both sides).
            Interlocked.Exchange(ref _sleeping, 1);
            if (Volatile.Read(ref _generation) != seen && Interlocked.Exchange(ref _sleeping, 0) == 1) return;
            _wake.Wait();
        }
    }
}
