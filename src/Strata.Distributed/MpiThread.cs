using System.Collections.Concurrent;

namespace Strata.Distributed;

/// <summary>
/// The one thread that talks to MPI (MPI_THREAD_FUNNELED): it initializes MPI, then runs the work the training
/// thread hands it in order — the gradient buckets in the background while the step goes on, the sums and broadcasts
/// while the caller waits — so every rank makes the same calls in the same order.
/// </summary>
internal sealed class MpiThread
{
    private readonly BlockingCollection<Action> _work = [];
    private readonly Thread _thread;

    public MpiThread(Action initialize)
    {
        var started = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        _thread = new Thread(() =>
        {
            try
            {
                initialize();
                started.SetResult();
            }
            catch (Exception e)
            {
                started.SetException(e);
                return;
            }
            foreach (Action work in _work.GetConsumingEnumerable()) work();
        })
        {
            IsBackground = true,
            Name = "Strata MPI",
        };
        _thread.Start();
        Wait(started.Task);
    }

    /// <summary>Runs <paramref name="work"/> on the MPI thread after what is queued, and returns at once.</summary>
    public Task Post(Action work)
    {
        var done = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        _work.Add(() =>
        {
            try
            {
                work();
                done.SetResult();
            }
            catch (Exception e)
            {
                done.SetException(e);
            }
        });
        return done.Task;
    }

    /// <summary>Runs <paramref name="work"/> on the MPI thread after what is queued, and waits for it.</summary>
    public void Run(Action work) => Wait(Post(work));

    /// <summary>Runs <paramref name="last"/> (MPI_Finalize) after what is queued; the thread then ends.</summary>
    public void Stop(Action last)
    {
        Task done = Post(last);
        _work.CompleteAdding();
        Wait(done);
    }

    /// <summary>Waits, and rethrows a failure as it was thrown on the MPI thread.</summary>
    public static void Wait(Task task)
    {
        try
        {
            task.GetAwaiter().GetResult();
        }
        catch (InvalidOperationException e) when (e.Message.StartsWith("Strata.Distributed", StringComparison.Ordinal))
        {
            throw new InvalidOperationException(e.Message, e);
        }
    }
}
