namespace Strata.Saving;

/// <summary>
/// While a model file is being loaded, the weights its config makes may hold no more values than the
/// file stores: a corrupted size (units = 2147483647) then fails with a message before any memory is
/// taken, instead of allocating gigabytes or overflowing. The budget is per thread, so loads on other
/// threads and models built in code are unaffected.
/// </summary>
internal sealed class WeightBudget : IDisposable
{
    [ThreadStatic]
    private static WeightBudget? t_current;

    private readonly WeightBudget? _outer;
    private readonly string _source;
    private readonly long _total;
    private long _left;

    private WeightBudget(string source, long total)
    {
        _outer = t_current;
        _source = source;
        _total = _left = total;
        t_current = this;
    }

    /// <summary>Limits the weights created on this thread to <paramref name="values"/> in all, until disposed.</summary>
    public static WeightBudget Begin(string source, long values) => new(source, values);

    public void Dispose() => t_current = _outer;

    /// <summary>Takes a weight's values from the current budget, if any; its shape's size is computed without overflow.</summary>
    public static void Take(string weight, int[] shape)
    {
        if (t_current is not WeightBudget budget) return;
        long size = 1;
        foreach (int d in shape) size = d < 0 || size > budget._left ? long.MaxValue : size * d;
        if (size > budget._left)
        {
            throw new InvalidDataException(
                $"{budget._source}: config.json makes weight '{weight}' of shape {Shape.Format(shape)}, but the file stores only {budget._total:N0} weight values " +
                "in all: the config does not describe the stored weights (the file is corrupted).");
        }
        budget._left -= size;
    }
}
