namespace Strata.Losses;

/// <summary>
/// How <see cref="Loss.Call"/> weights and reduces per-sample losses, as Keras's
/// reduce_weighted_values: weights (and any mask) are matched in rank to the losses, multiplied
/// in, then the result is summed and divided by the number of loss elements.
/// </summary>
internal static class LossReduction
{
    public const string SumOverBatchSize = "sum_over_batch_size";
    public const string Sum = "sum";
    public const string Mean = "mean";
    public const string MeanWithSampleWeight = "mean_with_sample_weight";
    public const string None = "none";

    private static readonly string[] Allowed = [SumOverBatchSize, Sum, Mean, MeanWithSampleWeight, None];

    /// <summary>The reduction name, checked; null means "none", as Keras's None.</summary>
    public static string Standardize(string? reduction) => reduction is null ? None
        : Allowed.Contains(reduction) ? reduction
        : throw new ArgumentException($"Loss: invalid reduction \"{reduction}\"; expected one of {string.Join(", ", Allowed.Select(a => $"\"{a}\""))}.", nameof(reduction));

    public static Tensor Apply(Tensor losses, Tensor? sampleWeight, Tensor? mask, string reduction, string who)
    {
        Tensor? weight = sampleWeight is null ? null : RankMatching.Float(sampleWeight, nameof(sampleWeight));
        if (mask is not null) weight = MergeMask(weight, mask, reduction, losses, who);
        if (weight is not null)
        {
            (losses, weight) = RankMatching.SqueezeOrExpand(losses, weight);
            RankMatching.RequireBroadcastable(losses, weight, who, "per-sample losses");
            losses = losses * weight;
        }
        return Reduce(losses, weight, reduction);
    }

    private static Tensor Reduce(Tensor losses, Tensor? weight, string reduction)
    {
        if (reduction == None || losses.Rank == 0 || losses.Shape == new Shape(0)) return losses;
        Tensor total = Ops.Sum(losses);
        if (reduction == Sum) return total;
        if (reduction == MeanWithSampleWeight && weight is not null) return DivideNoNan(total, Ops.Sum(weight));
        // "sum_over_batch_size" and "mean": divide by the number of loss elements, not by the weights.
        return losses.Size == 0 ? total : total / losses.Size;
    }

    /// <summary>
    /// Folds a validity mask (from ignoreClass) into the weights. For the averaging reductions a
    /// valid entry weighs total/valid, so that sum / total = the mean over valid entries only.
    /// </summary>
    private static Tensor MergeMask(Tensor? weight, Tensor mask, string reduction, Tensor losses, string who)
    {
        Tensor floatMask = mask.AsType(DType.Float32);
        if (reduction is SumOverBatchSize or Mean)
        {
            Tensor valid = Ops.Sum(floatMask);
            floatMask = floatMask * DivideNoNan(Tensor.Scalar((float)mask.Size), valid);
        }
        if (weight is null) return floatMask;
        (floatMask, weight) = RankMatching.SqueezeOrExpand(floatMask, weight);
        RankMatching.RequireBroadcastable(losses, weight, who, "per-sample losses");
        return weight * floatMask;
    }

    /// <summary>a / b, or 0 where b is 0; the divisor is made safe first so no NaN reaches a gradient.</summary>
    internal static Tensor DivideNoNan(Tensor a, Tensor b)
    {
        Tensor zero = Ops.Equal(b, Tensor.Scalar(0f));
        return Ops.Where(zero, 0f, a / Ops.Where(zero, 1f, b));
    }
}
