using System.Numerics.Tensors;
using Strata.Layers;

namespace Strata.Planning;

/// <summary>Dropout: in training, the input times a mask drawn exactly as the eager layer draws it; otherwise the input itself.</summary>
internal sealed class DropoutStage(Dropout layer, int features) : PlannedStage(features, features)
{
    private float[] _mask = [];
    private float[] _output = [];
    private bool _applied;

    public override void Reserve(int rows)
    {
        _mask = new float[rows * OutputFeatures];
        _output = new float[rows * OutputFeatures];
    }

    public override Rows Forward(Rows input, int rows, bool training)
    {
        _applied = training && layer.Rate > 0f;
        if (!_applied) return input;
        int n = rows * OutputFeatures;
        layer.FillMask(_mask.AsSpan(0, n));
        TensorPrimitives.Multiply(input.Span(n), _mask.AsSpan(0, n), _output.AsSpan(0, n));
        return new Rows(_output, 0);
    }

    public override Rows Backward(Rows outputGradient, int rows, bool inputGradient)
    {
        if (!_applied) return outputGradient;
        Span<float> g = outputGradient.Span(rows * OutputFeatures);
        TensorPrimitives.Multiply(g, _mask.AsSpan(0, g.Length), g);
        return outputGradient;
    }
}
