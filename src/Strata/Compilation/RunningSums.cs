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

/// <summary>One term of <see cref="RunningSums"/>: what it is of input <paramref name="Input"/>, times <paramref name="Scale"/>.</summary>
internal readonly record struct SumPart(int Input, SumTerm Term, double Scale = 1);

/// <summary>
/// A host step that only keeps running sums (the loss's running mean, a metric's total and count): its terms, each
/// worked out from one input, are handed to <paramref name="Add"/>. The terms add up across batches and across the
/// ranks of data-parallel training, which sum them before adding (so every rank logs the same numbers). A device works
/// the sums out on its side and copies back only these numbers, once its step is done.
/// </summary>
internal sealed record RunningSums(IReadOnlyList<SumPart> Terms, Action<double[]> Add)
{
    /// <summary>The terms of <paramref name="inputs"/>, as the host step adds them.</summary>
    public double[] Of(Tensor[] inputs) => [.. Terms.Select(t => t.Scale * t.Term switch
    {
        SumTerm.Values => SumAsDouble(inputs[t.Input]),
        SumTerm.Rows => inputs[t.Input].Rank == 0 ? 1 : inputs[t.Input].Shape[0],
        _ => (double)inputs[t.Input].Size,
    })];

    /// <summary>Adds a step's terms: summed over the ranks first when training is spread over several.</summary>
    public void Apply(double[] terms)
    {
        Distributed.ProcessGroup.Spread?.Sum(terms);
        Add(terms);
    }

    /// <summary>The sum in double precision, so a batch's share is exact before it joins the running total.</summary>
    private static double SumAsDouble(Tensor x)
    {
        double sum = 0;
        foreach (float v in x.AsType(DType.Float32).Data<float>()) sum += v;
        return sum;
    }
}
