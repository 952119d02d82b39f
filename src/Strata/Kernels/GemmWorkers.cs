using System.Diagnostics;
using System.Runtime.ExceptionServices;

namespace Strata.Kernels;

/// <summary>
/// A tiny fork-join pool for the kernels: Run(count, work, state) calls work(i, state) once for each part
/// i in [0, count), on the calling thread and on persistent background workers. Work is a function pointer
/// and state a pointer, so a call allocates nothing. Workers spin briefly after a job, so the back-to-back
/// GEMMs of a training step do not pay an OS wake-up each; then they sleep.
/// <para>
/// Parts are claimed, not assigned: whoever is free takes the next one, the caller included. When another
/// process holds the CPU a worker needs, the caller simply does that worker's parts itself instead of
/// waiting a whole scheduler time slice (~4 ms) for it to be scheduled. A part computes the same bits
/// whichever thread runs it, so results do not depend on who claimed what.
/// </para>
/// </summary>
internal static unsafe class GemmWorkers
{
    /// <summary>How long an idle worker keeps polling for the next job before it blocks.</summary>
    private static readonly long SpinTicks = Stopwatch.Frequency / 5000; // 200 µs

    /// <summary>The low half of a ticket while a job is being set up: no part can be claimed.</summary>
    private const int SettingUp = int.MaxValue;

    private static readonly Lock Gate = new();
    private static Worker[] _workers = [];
    private static int _busy;
    private static int _job;

    /// <summary>The job's number (high 32 bits) and its next unclaimed part (low 32 bits), changed atomically together.</summary>
    private static long _ticket = Ticket(0, SettingUp);

    private static int _count;
    private static int _done;
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
            int job = ++_job;
            // A new number first, with nothing to claim, so that a worker still reading the last job's
            // fields cannot claim a part of this one with them; then the fields; then open.
            Interlocked.Exchange(ref _ticket, Ticket(job, SettingUp));
            _work = work;
            _state = state;
            _count = count;
            _done = 0;
            _failure = null;
            Interlocked.Exchange(ref _ticket, Ticket(job, 0));
            for (int i = 0; i < count - 1; i++) workers[i].Wake();

            Participate(job, work, state, count);
            // Only parts other threads claimed and still run are left; they are about equal, so poll.
            for (int i = 0; Volatile.Read(ref _done) < count; i++)
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

    private static long Ticket(int job, int next) => ((long)job << 32) | (uint)next;

    private static int JobOf(long ticket) => (int)(ticket >> 32);

    /// <summary>Claims and runs parts of job <paramref name="job"/> until none is left or a newer job has begun.</summary>
    private static void Participate(int job, delegate*<int, void*, void> work, void* state, int count)
    {
        while (true)
        {
            long ticket = Volatile.Read(ref _ticket);
            int next = (int)ticket;
            if (JobOf(ticket) != job || next >= count) return;
            if (Interlocked.CompareExchange(ref _ticket, ticket + 1, ticket) != ticket) continue;
            try
            {
                work(next, state);
            }
            catch (Exception e)
            {
                Interlocked.CompareExchange(ref _failure, ExceptionDispatchInfo.Capture(e), null);
            }

            Interlocked.Increment(ref _done);
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
        private int _sleeping;

        public Worker(int id)
        {
            var thread = new Thread(Loop) { IsBackground = true, Name = $"Strata GEMM worker {id}" };
            thread.Start();
        }

        public void Wake()
        {
            if (Interlocked.Exchange(ref _sleeping, 0) == 1) _wake.Release();
        }

        private void Loop()
        {
            int seen = 0;
            while (true)
            {
                seen = WaitForJob(seen);
                // The job's fields, then a full-fence read of the ticket: if it still shows this job,
                // the fields are this job's (a newer job changes the number before its fields).
                delegate*<int, void*, void> work = _work;
                void* state = _state;
                int count = _count;
                if (JobOf(Interlocked.Read(ref _ticket)) != seen || work == null) continue;
                Participate(seen, work, state, count);
            }
        }

        /// <summary>Waits until a job other than <paramref name="seen"/> is open, and returns its number.</summary>
        private int WaitForJob(int seen)
        {
            long deadline = Stopwatch.GetTimestamp() + SpinTicks;
            for (int i = 0; ; i++)
            {
                if (OpenJob(seen) is int job) return job;
                if (Stopwatch.GetTimestamp() >= deadline) break;
                if ((i & 255) == 255) Thread.Yield();
                else Thread.SpinWait(1);
            }

            // Announce the sleep, then look once more: Wake either sees the flag and releases the
            // semaphore, or opened the job before we looked (full fences on both sides).
            while (true)
            {
                Interlocked.Exchange(ref _sleeping, 1);
                if (OpenJob(seen) is int job && Interlocked.Exchange(ref _sleeping, 0) == 1) return job;
                _wake.Wait();
                if (OpenJob(seen) is int woken) return woken;
            }
        }

        private static int? OpenJob(int seen)
        {
            long ticket = Volatile.Read(ref _ticket);
            return JobOf(ticket) != seen && (int)ticket != SettingUp ? JobOf(ticket) : null;
        }
    }
}
