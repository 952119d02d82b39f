using static TorchSharp.torch;

namespace TorchSharpPeer;

/// <summary>
/// RMSprop as Keras's (lr 1e-3, rho 0.9, epsilon 1e-7): v = rho·v + (1 − rho)·g², w −= lr·g / sqrt(v + eps).
/// Written by hand because torch.optim.RMSprop adds eps outside the square root (g / (sqrt(v) + eps)), which
/// differs from Keras while v is tiny. The update is in place, a few fused torch ops per weight, as
/// torch's own single-tensor RMSprop does.
/// </summary>
internal sealed class KerasRmsprop
{
    private readonly Tensor[] _weights;
    private readonly Tensor[] _velocities;
    private readonly double _learningRate, _rho, _epsilon;

    public KerasRmsprop(IEnumerable<Tensor> weights, double learningRate = 1e-3, double rho = 0.9, double epsilon = 1e-7)
    {
        _weights = weights.ToArray();
        _velocities = _weights.Select(w => zeros_like(w).DetachFromDisposeScope()).ToArray();
        (_learningRate, _rho, _epsilon) = (learningRate, rho, epsilon);
    }

    /// <summary>Applies the gradients the last backward pass left on the weights, then clears them.</summary>
    public void Step()
    {
        using var scope = NewDisposeScope();
        using var _ = no_grad();
        for (int i = 0; i < _weights.Length; i++)
        {
            Tensor w = _weights[i], v = _velocities[i];
            Tensor g = w.grad ?? throw new InvalidOperationException("KerasRmsprop: a weight has no gradient; call backward first.");
            v.mul_(_rho).addcmul_(g, g, 1 - _rho);
            w.addcdiv_(g, v.add(_epsilon).sqrt_(), -_learningRate);
            g.zero_();
        }
    }
}
