using Strata.Layers;

namespace Strata.Planning;

/// <summary>
/// One layer's part in a planned step: its forward pass and its backward pass over a batch of rows,
/// written into buffers it owns and reuses from batch to batch, so that a step allocates nothing.
/// Each stage keeps what its backward pass needs (its input, its output) from the last forward pass.
/// </summary>
internal abstract class PlannedStage(int inputFeatures, int outputFeatures)
{
    /// <summary>Values per sample coming in and going out (a sample's dimensions, multiplied).</summary>
    public int InputFeatures { get; } = inputFeatures;

    public int OutputFeatures { get; } = outputFeatures;

    /// <summary>Makes room for batches of up to <paramref name="rows"/> samples.</summary>
    public virtual void Reserve(int rows)
    {
    }

    /// <summary>The output for <paramref name="rows"/> samples; the input must stay unchanged until <see cref="Backward"/>.</summary>
    public abstract Rows Forward(Rows input, int rows, bool training);

    /// <summary>
    /// Given dLoss/dOutput of the last forward pass (which it may overwrite), fills the weight gradients and,
    /// when <paramref name="inputGradient"/> is set, returns dLoss/dInput.
    /// </summary>
    public abstract Rows Backward(Rows outputGradient, int rows, bool inputGradient);

    /// <summary>The trainable variables the stage computes gradients for, each with its gradient's buffer.</summary>
    public virtual IEnumerable<(Variable Variable, Tensor Gradient)> Gradients => [];

    /// <summary>
    /// The stage for <paramref name="layer"/> receiving samples of <paramref name="sampleDims"/>, with the
    /// dimensions it puts out; null when the layer has no planned form (exact types only: a subclass may
    /// compute something else).
    /// </summary>
    public static (PlannedStage Stage, int[] OutputDims)? For(Layer layer, int[] sampleDims, IReadOnlySet<Variable> trainable)
    {
        if (!layer.Built) return null; // the eager call builds it; the next batch can be planned
        int features = Features(sampleDims);
        Type type = layer.GetType();
        if (type == typeof(InputLayer)) return (new IdentityStage(features), sampleDims);
        if (type == typeof(Flatten)) return (new IdentityStage(features), [features]);
        if (type == typeof(Reshape) && layer.OutputDims is int[] dims) return (new IdentityStage(features), dims[1..]);
        if (type == typeof(Dropout)) return (new DropoutStage((Dropout)layer, features), sampleDims);
        if (type == typeof(Activation) && PlannedActivation.Of(((Activation)layer).FunctionName) is ActivationKind kind)
        {
            return (new ActivationStage(kind, features), sampleDims);
        }
        if (type == typeof(Dense) && DenseStage.Create((Dense)layer, sampleDims, trainable) is DenseStage dense) return (dense, [dense.OutputFeatures]);
        return null;
    }

    private static int Features(int[] dims)
    {
        int n = 1;
        foreach (int d in dims) n *= d;
        return n;
    }
}

/// <summary>A layer that only changes how a sample's values are viewed (InputLayer, Flatten, Reshape): rows pass unchanged.</summary>
internal sealed class IdentityStage(int features) : PlannedStage(features, features)
{
    public override Rows Forward(Rows input, int rows, bool training) => input;

    public override Rows Backward(Rows outputGradient, int rows, bool inputGradient) => outputGradient;
}
