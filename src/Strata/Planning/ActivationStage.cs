namespace Strata.Planning;

/// <summary>An Activation layer: the activation into the stage's own buffer (the input stays intact for earlier stages).</summary>
internal sealed class ActivationStage(ActivationKind kind, int features) : PlannedStage(features, features)
{
    private float[] _output = [];

    public override void Reserve(int rows) => _output = new float[rows * OutputFeatures];

    public override Rows Forward(Rows input, int rows, bool training)
    {
        Span<float> y = _output.AsSpan(0, rows * OutputFeatures);
        input.Span(y.Length).CopyTo(y);
        PlannedActivation.Forward(kind, y, OutputFeatures);
        return new Rows(_output, 0);
    }

    public override Rows Backward(Rows outputGradient, int rows, bool inputGradient)
    {
        int n = rows * OutputFeatures;
        PlannedActivation.Backward(kind, _output.AsSpan(0, n), outputGradient.Span(n), OutputFeatures);
        return outputGradient;
    }
}
