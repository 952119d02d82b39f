namespace Strata.Compilation;

/// <summary>
/// Where each computed value of a graph lives: an offset into one arena per dtype, chosen by
/// liveness. A value is live from the op that writes it to the last op that reads it (or a view of
/// it); values whose lifetimes do not overlap share storage, so the arenas are well below the sum
/// of the values. The arenas are allocated once and reused by every replay of the step.
/// </summary>
internal sealed class MemoryPlan
{
    private const int Alignment = 16; // elements: 64 bytes for float32, a cache line

    private readonly Graph _graph;

    public MemoryPlan(Graph graph)
    {
        _graph = graph;
        int count = graph.Values.Count;
        Offsets = new int[count];
        Array.Fill(Offsets, -1);
        Lifetimes = new (int First, int Last)[count];
        ComputeLifetimes();
        // Only values some op writes: a graph's passes leave the values of removed ops behind, unplaced.
        var written = graph.Nodes.Where(n => n.Output >= 0).Select(n => n.Output).ToHashSet();
        foreach (IGrouping<DType, Value> group in graph.Values.Where(v => v.Kind == ValueKind.Computed && written.Contains(v.Id)).GroupBy(v => v.DType))
        {
            ArenaSizes[group.Key] = Place([.. group]);
        }
    }

    /// <summary>Each value's offset in its dtype's arena, or -1 for values the plan does not place (inputs, variables, constants, views).</summary>
    public int[] Offsets { get; }

    /// <summary>Each value's first and last op (by index): written by the first, last read by the second.</summary>
    public (int First, int Last)[] Lifetimes { get; }

    /// <summary>Elements per dtype arena.</summary>
    public Dictionary<DType, int> ArenaSizes { get; } = [];

    /// <summary>Bytes of the arenas together.</summary>
    public long ArenaBytes => ArenaSizes.Sum(a => (long)a.Value * a.Key.ByteSize());

    /// <summary>Bytes the computed values would take with a buffer each.</summary>
    public long ValueBytes => _graph.Values.Where(v => v.Kind == ValueKind.Computed && Offsets[v.Id] >= 0).Sum(v => (long)v.Shape.Size * v.DType.ByteSize());

    public string Describe(int value) => Offsets[value] < 0 ? "" : $"  @{_graph.Values[value].DType.Name()}[{Offsets[value]}]";

    public string Summary() => $"  memory: {ArenaBytes:N0} bytes of arenas for {ValueBytes:N0} bytes of values";

    private void ComputeLifetimes()
    {
        IReadOnlyList<Value> values = _graph.Values;
        for (int i = 0; i < values.Count; i++) Lifetimes[i] = (int.MaxValue, -1);
        for (int n = 0; n < _graph.Nodes.Count; n++)
        {
            Node node = _graph.Nodes[n];
            foreach (int input in node.Inputs) Use(input, n);
            if (node.Output >= 0)
            {
                (int first, int last) = Lifetimes[node.Output];
                Lifetimes[node.Output] = (Math.Min(first, n), Math.Max(last, n));
            }
        }
        foreach (int output in _graph.Outputs) Use(output, _graph.Nodes.Count);
    }

    /// <summary>A read at op <paramref name="n"/>; a view's read keeps its root alive.</summary>
    private void Use(int value, int n)
    {
        Value v = _graph.Values[value];
        int target = v.Kind == ValueKind.View ? v.Root : value;
        (int first, int last) = Lifetimes[target];
        Lifetimes[target] = (first, Math.Max(last, n));
    }

    /// <summary>
    /// Greedy by size (as TensorFlow Lite's planner): the largest values first, each at the lowest offset
    /// where it overlaps no value already placed whose lifetime overlaps its own (an op never writes over
    /// its own inputs: a value read by op n and one written by op n are both alive at n). Returns the
    /// arena's size.
    /// </summary>
    private int Place(List<Value> values)
    {
        var placed = new List<(int First, int Last, int Start, int Size)>();
        int end = 0;
        foreach (Value v in values.OrderByDescending(v => v.Shape.Size).ThenBy(v => Lifetimes[v.Id].First))
        {
            (int first, int last) = Lifetimes[v.Id];
            last = Math.Max(last, first);
            int size = Math.Max(Alignment, (v.Shape.Size + Alignment - 1) / Alignment * Alignment);
            // The blocks of live neighbours, by start: take the first gap that fits.
            var busy = placed.Where(p => p.First <= last && first <= p.Last).OrderBy(p => p.Start).ToList();
            int start = 0;
            foreach ((_, _, int s0, int s1) in busy)
            {
                if (start + size <= s0) break;
                start = Math.Max(start, s0 + s1);
            }
            Offsets[v.Id] = start;
            placed.Add((first, last, start, size));
            end = Math.Max(end, start + size);
        }
        return end;
    }
}
