namespace Strata.Losses;

/// <summary>
/// The loss in the form a planned training step uses: predictions as rows of a buffer, and the gradient
/// with respect to them written in place next to the value, instead of a graph on a tape. A loss offers
/// it by overriding <see cref="AcceptsRows"/> and <see cref="SumRows"/>; the eager <see cref="Call"/>
/// stays the reference that tests hold this form to.
/// </summary>
public abstract partial class Loss
{
    /// <summary>Whether the planned step can compute this loss for such targets and (rows × columns) predictions.</summary>
    internal bool HasRowForm(Tensor yTrue, int rows, int columns) =>
        Reduction is LossReduction.SumOverBatchSize or LossReduction.Mean or LossReduction.Sum && AcceptsRows(yTrue, rows, columns);

    /// <summary>
    /// The reduced loss of a batch, as <see cref="Call"/> without sample weights gives it, and its gradient
    /// with respect to <paramref name="yPred"/> written into <paramref name="gradient"/>.
    /// </summary>
    internal float LossAndGradient(Tensor yTrue, ReadOnlySpan<float> yPred, int rows, int columns, Span<float> gradient)
    {
        bool mean = Reduction != LossReduction.Sum;
        float sum = SumRows(yTrue, yPred, rows, columns, mean ? 1f / rows : 1f, gradient);
        return mean ? sum / rows : sum;
    }

    private protected virtual bool AcceptsRows(Tensor yTrue, int rows, int columns) => false;

    /// <summary>The sum of the per-sample losses; writes <paramref name="scale"/> · d(sum)/d(yPred) into <paramref name="gradient"/>.</summary>
    private protected virtual float SumRows(Tensor yTrue, ReadOnlySpan<float> yPred, int rows, int columns, float scale, Span<float> gradient) =>
        throw new NotSupportedException($"{GetType().Name} has no row form.");

    private float[] _targetRow = [];

    /// <summary>A row of <paramref name="columns"/> floats kept by the loss, for targets built on the fly (smoothed, one-hot).</summary>
    private protected Span<float> TargetRow(int columns)
    {
        if (_targetRow.Length != columns) _targetRow = new float[columns];
        return _targetRow;
    }
}
