using System.Collections;
using System.Collections.Concurrent;
using System.Runtime.ExceptionServices;

namespace Strata;

/// <summary>
/// One pass of a dataset produced on a background thread into a bounded queue. Leaving the pass early
/// (disposing its enumerator) stops the producer; an exception in it is rethrown to the consumer.
/// </summary>
internal sealed class Prefetcher<T>(Func<IEnumerable<T>> pass, int bufferSize) : IEnumerable<T>
{
    public IEnumerator<T> GetEnumerator()
    {
        using var queue = new BlockingCollection<T>(bufferSize);
        using var stop = new CancellationTokenSource();
        ExceptionDispatchInfo? failure = null;
        var producer = new Thread(() =>
        {
            try
            {
                foreach (T element in pass())
                {
                    queue.Add(element, stop.Token);
                }
            }
            catch (OperationCanceledException) when (stop.IsCancellationRequested)
            {
                // the consumer left the pass early
            }
            catch (Exception e)
            {
                failure = ExceptionDispatchInfo.Capture(e);
            }
            finally
            {
                queue.CompleteAdding();
            }
        })
        { IsBackground = true, Name = "Strata prefetch" };
        producer.Start();
        try
        {
            foreach (T element in queue.GetConsumingEnumerable())
            {
                yield return element;
            }
            producer.Join();
            failure?.Throw();
        }
        finally
        {
            stop.Cancel();
            producer.Join();
        }
    }

    IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();
}
