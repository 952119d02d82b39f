namespace Strata.Compilation;

/// <summary>What a term of <see cref="RunningSums"/> is, of one of the host step's inputs.</summary>
internal enum SumTerm
{
    /// <summary>The sum of its values, in double precision.</summary>
    Values,

    /// <summary>Its number of rows (1 for a scalar): samples counted once each.</summary>
    Rows,

    /// <summary>Its number of elements.</summary>
    Elements,
}

/// <summary>
/// A host step that only keeps running sums (the loss's running mean, a metric's total and count): its terms, each
/// worked out from one input, are handed to <paramref name="Add"/>. A device works the sums out on its side and copies
/// back only these numbers, once its step is done.
/// </summary>
internal sealed record RunningSums(IReadOnlyList<(int Input, SumTerm Term)> Terms, Action<double[]> Add)
{
    /// <summary>The terms of <paramref name="inputs"/>, as the host step adds them.</summary>
    public double[] Of(Tensor[] inputs) => [.. Terms.Select(t => t.Term switch
    {
        SumTerm.Values => SumAsDouble(inputs[t.Input]),
        SumTerm.Rows => inputs[t.Input].Rank == 0 ? 1 : inputs[t.Input].Shape[0],
        _ => (double)inputs[t.Input].Size,
    })];

    /// <summary>The sum in double precision, so a batch's share is exact before it joins the running total.</summary>
    private static double SumAsDouble(Tensor x)
    {
        double sum = 0;
        foreach (float v in x.AsType(DType.Float32).Data<float>()) sum += v;
        return sum;
    }
}
