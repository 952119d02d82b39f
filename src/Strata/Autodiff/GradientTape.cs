namespace Strata;

/// <summary>
/// Records the ops run inside its <c>using</c> block so that <see cref="Gradient(Tensor, IReadOnlyList{Tensor})"/> can
/// differentiate a result with respect to the tensors it came from (reverse mode).
/// Trainable variables are watched automatically; other tensors need <see cref="Watch"/>.
/// </summary>
public sealed class GradientTape : IDisposable
{
    [ThreadStatic] private static List<GradientTape>? _active;
    [ThreadStatic] private static int _suspended;

    private readonly List<TapeNode> _nodes = [];
    private readonly HashSet<Tensor> _tracked = new(ReferenceEqualityComparer.Instance);
    private readonly bool _watchAccessedVariables;
    private bool _paused;
    private bool _used;
    private bool _disposed;

    /// <param name="persistent">A persistent tape allows several <see cref="Gradient(Tensor, IReadOnlyList{Tensor})"/> calls.</param>
    /// <param name="watchAccessedVariables">Watch trainable variables used in ops automatically.</param>
    public GradientTape(bool persistent = false, bool watchAccessedVariables = true)
    {
        Persistent = persistent;
        _watchAccessedVariables = watchAccessedVariables;
        (_active ??= []).Add(this);
    }

    /// <summary>Whether <see cref="Gradient(Tensor, IReadOnlyList{Tensor})"/> may be called more than once; false by default.</summary>
    public bool Persistent { get; }

    /// <summary>Makes the tape track a tensor, so that gradients with respect to it can be asked.</summary>
    public void Watch(Tensor tensor)
    {
        ArgumentNullException.ThrowIfNull(tensor);
        RequireFloat(tensor, "Watch");
        _tracked.Add(tensor);
    }

    /// <summary>
    /// d(target)/d(source) for each source, with the source's shape. A non-scalar target is
    /// summed first (as Keras does); a source the target does not depend on gets zeros.
    /// </summary>
    public Tensor[] Gradient(Tensor target, IReadOnlyList<Tensor> sources)
    {
        ArgumentNullException.ThrowIfNull(target);
        ArgumentNullException.ThrowIfNull(sources);
        if (_used && !Persistent)
        {
            throw new InvalidOperationException("GradientTape.Gradient: a non-persistent tape can compute gradients only once; create it with persistent: true to call Gradient several times.");
        }
        RequireFloat(target, "Gradient (target)");
        for (int i = 0; i < sources.Count; i++) RequireFloat(sources[i], $"Gradient (source {i})");
        _used = true;

        Dictionary<Tensor, Tensor> grads = Backpropagate(target);
        var result = new Tensor[sources.Count];
        for (int i = 0; i < sources.Count; i++)
        {
            result[i] = grads.TryGetValue(sources[i], out Tensor? g) ? g : Tensor.ZerosLike(sources[i]);
        }
        if (!Persistent) _nodes.Clear();
        return result;
    }

    /// <summary>The gradient with respect to a single source.</summary>
    public Tensor Gradient(Tensor target, Tensor source) => Gradient(target, [source])[0];

    private Dictionary<Tensor, Tensor> Backpropagate(Tensor target)
    {
        var grads = new Dictionary<Tensor, Tensor>(ReferenceEqualityComparer.Instance)
        {
            [target] = Tensor.OnesLike(target),
        };
        _paused = true; // outer tapes still record, which gives higher-order gradients
        try
        {
            for (int n = _nodes.Count - 1; n >= 0; n--)
            {
                TapeNode node = _nodes[n];
                if (!grads.TryGetValue(node.Output, out Tensor? upstream)) continue;
                bool[] needed = Array.ConvertAll(node.Inputs, Needs);
                Tensor?[] inputGrads = node.Backward(upstream, needed);
                for (int i = 0; i < node.Inputs.Length; i++)
                {
                    Tensor? g = inputGrads[i];
                    if (g is null || !node.Inputs[i].DType.IsFloating()) continue;
                    Tensor input = node.Inputs[i];
                    grads[input] = grads.TryGetValue(input, out Tensor? sum) ? Ops.Add(sum, g) : g;
                }
            }
        }
        finally
        {
            _paused = false;
        }
        return grads;
    }

    /// <summary>
    /// Stops all recording on this thread until disposed: for ops composed of other ops whose
    /// own gradient is recorded once, as a whole.
    /// </summary>
    internal static SuspendScope Suspend()
    {
        _suspended++;
        return default;
    }

    internal readonly struct SuspendScope : IDisposable
    {
        // Never below zero: a stray Dispose (of a default or copied scope) must not re-enable recording early.
        public void Dispose() => _suspended = Math.Max(0, _suspended - 1);
    }

    /// <summary>Whether any active tape would record an op on these inputs (cheap when no tape is open).</summary>
    internal static bool IsRecording(ReadOnlySpan<Tensor> inputs)
    {
        List<GradientTape>? active = _active;
        if (active is null || active.Count == 0 || _suspended > 0) return false;
        foreach (GradientTape tape in active)
        {
            if (tape.Tracks(inputs)) return true;
        }
        return false;
    }

    /// <summary>Adds an op to every active tape that tracks one of its inputs.</summary>
    internal static void Record(Tensor output, Tensor[] inputs, Func<Tensor, bool[], Tensor?[]> backward)
    {
        if (!output.DType.IsFloating()) return;
        List<GradientTape>? active = _active;
        if (active is null) return;
        foreach (GradientTape tape in active)
        {
            if (!tape.Tracks(inputs)) continue;
            tape._nodes.Add(new TapeNode(output, inputs, backward));
            tape._tracked.Add(output);
        }
    }

    private bool Tracks(ReadOnlySpan<Tensor> inputs)
    {
        if (_paused || _disposed) return false;
        foreach (Tensor t in inputs)
        {
            if (Needs(t)) return true;
        }
        return false;
    }

    /// <summary>Whether gradients flow to this tensor: it is watched, a trainable variable, or made by a recorded op.</summary>
    private bool Needs(Tensor t) =>
        t.DType.IsFloating() && (_tracked.Contains(t) || (_watchAccessedVariables && t is Variable { Trainable: true }));

    private static void RequireFloat(Tensor t, string what)
    {
        ArgumentNullException.ThrowIfNull(t);
        if (!t.DType.IsFloating())
        {
            throw new ArgumentException($"GradientTape.{what}: the tensor has dtype {t.DType.Name()}; only float32 tensors are differentiable (integer and bool ops have no gradient).");
        }
    }

    /// <summary>Stops recording: ops run after it are no longer taped. Gradients may still be asked of a disposed tape.</summary>
    public void Dispose()
    {
        if (_disposed) return;
        _disposed = true;
        _active?.Remove(this);
    }

    /// <summary>An op on the tape: Backward maps the output's gradient to the inputs' (only those marked needed).</summary>
    private sealed record TapeNode(Tensor Output, Tensor[] Inputs, Func<Tensor, bool[], Tensor?[]> Backward);
}
