using System.Diagnostics;
using System.Runtime.ExceptionServices;

namespace Strata.Kernels;

/// <summary>
/// A tiny fork-join pool for the kernels: Run(count, work, state) calls work(i, state) once for each part
/// i in [0, count), on the calling thread and on persistent background workers. Work is a function pointer
/// and state a pointer, so a call allocates nothing. Workers spin briefly after a job, so the back-to-back
/// GEMMs of a training step do not pay an OS wake-up each; then they sleep.
/// <para>
/// Parts are claimed, not just assigned: each thread first claims its own part (the caller part 0, worker
/// k part k, so a thread keeps touching the same slice of memory call after call and finds it in its
/// cache), then any part still unclaimed. When another process holds the CPU a worker needs, the caller
/// simply does that worker's part itself instead of waiting a whole scheduler time slice (~4 ms) for it
/// to be scheduled. A part computes the same bits whichever thread runs it, so results do not depend on
/// who claimed what.
/// </para>
/// </summary>
internal static unsafe class GemmWorkers
{
    /// <summary>How long an idle worker keeps polling for the next job before it blocks.</summary>
    private static readonly long SpinTicks = Stopwatch.Frequency / 5000; // 200 µs

    /// <summary>The low half of the ticket: whether the job's parts may be claimed yet.</summary>
    private const int Open = 0, SettingUp = 1;

    /// <summary>The low half of a part's slot: free or claimed (the high half is the job's number).</summary>
    private const int Free = 0, Claimed = 1;

    private static readonly Lock Gate = new();
    private static Worker[] _workers = [];
    private static int _busy;
    private static int _job;

    /// <summary>The current job's number (high 32 bits) and whether it is open (low 32 bits).</summary>
    private static long _ticket = Ticket(0, SettingUp);

    /// <summary>
    /// One slot per part: the job's number with Free or Claimed. A claim is a compare-exchange from (this
    /// job, Free), so a worker that fell behind can never claim a part of a later job with an earlier one's fields.
    /// </summary>
    private static long[] _parts = [];

    private static int _count;
    private static int _done;
    private static delegate*<int, void*, void> _work;
    private static void* _state;
    private static ExceptionDispatchInfo? _failure;

    /// <summary>
    /// How many parts to split <paramref name="amount"/> of work into: one per <paramref name="minPerPart"/>
    /// (below that a part costs more to hand out than it saves), at most <paramref name="threads"/> and the cores.
    /// </summary>
    public static int PartsFor(long amount, long minPerPart, int threads) =>
        (int)Math.Clamp(amount / minPerPart, 1, Math.Max(1, Math.Min(threads, Environment.ProcessorCount)));

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
            if (_parts.Length < count) _parts = new long[count];
            for (int i = 0; i < count; i++) _parts[i] = Ticket(job, Free);
            _work = work;
            _state = state;
            _count = count;
            _done = 0;
            _failure = null;
            Interlocked.Exchange(ref _ticket, Ticket(job, Open));
            for (int i = 0; i < count - 1; i++) workers[i].Wake();

            Participate(job, preferred: 0, work, state, count, _parts);
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

    /// <summary>Claims and runs the parts of job <paramref name="job"/> still free: its own first, then the others in turn.</summary>
    private static void Participate(int job, int preferred, delegate*<int, void*, void> work, void* state, int count, long[] parts)
    {
        long free = Ticket(job, Free), claimed = Ticket(job, Claimed);
        for (int n = 0; n < count; n++)
        {
            int part = (preferred + n) % count;
            if (Volatile.Read(ref parts[part]) != free || Interlocked.CompareExchange(ref parts[part], claimed, free) != free) continue;
            try
            {
                work(part, state);
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
        private readonly int _id;
        private int _sleeping;

        public Worker(int id)
        {
            _id = id;
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
                long[] parts = _parts;
                if (JobOf(Interlocked.Read(ref _ticket)) != seen || work == null) continue;
                Participate(seen, _id % count, work, state, count, parts);
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
            return JobOf(ticket) != seen && (int)ticket == Open ? JobOf(ticket) : null;
        }
    }
}
