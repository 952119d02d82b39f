namespace Strata.Compilation;

/// <summary>
/// A large elementwise result not computed yet: the op and its inputs. Eager code that chains such
/// ops (<c>images.AsType(DType.Float32) / 255f</c>) builds lazy tensors; the first read of one
/// computes it in one fused pass over the chain (<see cref="FusedElementwise"/>, the ops' own span
/// functions), so the intermediate tensors are never stored. What the chain computes is exactly
/// what the ops compute one by one; only memory and passes are saved, as tinygrad does.
/// </summary>
internal sealed class LazyElementwise(Kernel kernel, Tensor[] inputs)
{
    /// <summary>Ops with fewer elements run at once: below this the bookkeeping costs more than a pass saves.</summary>
    public const int MinElements = 1 << 20;

    public Kernel Kernel { get; } = kernel;

    public Tensor[] Inputs { get; } = inputs;

    /// <summary>
    /// Whether an op's result may be left lazy: a large elementwise float or bool result, outside traced
    /// steps, of inputs that cannot change (not a variable, which an assignment would change before the
    /// result is read).
    /// </summary>
    public static bool Applies(Kernel kernel, Shape shape, DType dtype, Tensor[] inputs)
    {
        if (kernel.Element is null || shape.Size < MinElements || dtype is not (DType.Float32 or DType.Bool) || Trace.Active) return false;
        foreach (Tensor input in inputs)
        {
            if (input is Variable || FusedElementwise.Layout(input.Shape, shape) is null) return false;
        }
        return true;
    }

    /// <summary>The elements of <paramref name="result"/>: its op, with every lazy input of the same shape computed in the same pass.</summary>
    public Array Compute(Tensor result)
    {
        var steps = new List<FusedElementwise.Step>();
        var external = new List<Tensor>();
        Add(result, steps, external, result.Shape);
        Kernel fused = FusedElementwise.Create([.. steps], external.Select(t => (t.Shape, t.DType)).ToList(), result.Shape);
        var output = new Tensor(DTypes.NewBuffer(result.DType, result.Size), 0, result.Shape, result.DType);
        using (Trace.HostStep()) fused.Run([.. external], output); // not an op of any traced step: its inputs were made before
        return output.Buffer;
    }

    /// <summary>Appends the steps computing <paramref name="t"/> (inputs first); returns its operand index.</summary>
    private static int Add(Tensor t, List<FusedElementwise.Step> steps, List<Tensor> external, Shape shape)
    {
        if (t.Pending is LazyElementwise lazy && t.Shape == shape)
        {
            int[] operands = lazy.Inputs.Select(i => Add(i, steps, external, shape)).ToArray();
            steps.Add(new FusedElementwise.Step(lazy.Kernel.Element!, operands, lazy.Kernel.Name));
            return steps.Count - 1;
        }
        int j = external.FindIndex(e => ReferenceEquals(e, t));
        if (j < 0)
        {
            j = external.Count;
            external.Add(t); // read in place (a lazy one of another shape computes itself when read)
        }
        return -j - 1;
    }
}
