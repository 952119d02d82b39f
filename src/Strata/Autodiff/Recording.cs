namespace Strata;

/// <summary>
/// How an op declares its gradient next to its forward code:
/// <c>return y.Record(x, g => g * y);</c>. The gradient functions are built from ops too,
/// so gradients of gradients work when an outer tape is recording.
/// </summary>
internal static class Recording
{
    /// <summary>Records a one-input op; <paramref name="grad"/> maps the output's gradient to the input's.</summary>
    public static Tensor Record(this Tensor output, Tensor x, Func<Tensor, Tensor> grad)
    {
        if (GradientTape.IsRecording([x])) GradientTape.Record(output, [x], (g, _) => [grad(g)]);
        return output;
    }

    /// <summary>Records a two-input op; either gradient may be null (not differentiable).</summary>
    public static Tensor Record(this Tensor output, Tensor x, Tensor y, Func<Tensor, (Tensor? dx, Tensor? dy)> grad)
    {
        if (GradientTape.IsRecording([x, y]))
        {
            GradientTape.Record(output, [x, y], (g, _) =>
            {
                (Tensor? dx, Tensor? dy) = grad(g);
                return [dx, dy];
            });
        }
        return output;
    }

    /// <summary>
    /// Records a two-input op whose gradients are costly (a matrix product): each is computed only
    /// when its input needs one, e.g. not for a batch of data that no tape watches.
    /// </summary>
    public static Tensor Record(this Tensor output, Tensor x, Tensor y, Func<Tensor, Tensor> dx, Func<Tensor, Tensor> dy)
    {
        if (GradientTape.IsRecording([x, y]))
        {
            GradientTape.Record(output, [x, y], (g, needed) => [needed[0] ? dx(g) : null, needed[1] ? dy(g) : null]);
        }
        return output;
    }

    /// <summary>Records an op with any number of inputs.</summary>
    public static Tensor Record(this Tensor output, Tensor[] inputs, Func<Tensor, Tensor?[]> grad)
    {
        if (GradientTape.IsRecording(inputs)) GradientTape.Record(output, inputs, (g, _) => grad(g));
        return output;
    }
}
