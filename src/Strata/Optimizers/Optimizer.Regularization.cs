using System.Numerics.Tensors;

namespace Strata.Optimizers;

// Gradient clipping and decoupled weight decay: written once here, as in Keras's base optimizer.
public abstract partial class Optimizer
{
    private readonly HashSet<Variable> _excludedFromDecay = new(ReferenceEqualityComparer.Instance);
    private string[] _excludedNames = [];
    private Tensor?[] _clipped = [];

    /// <summary>
    /// Exempts variables from weight decay, as Keras's <c>exclude_from_weight_decay</c>: those in
    /// <paramref name="varList"/>, and those whose name contains one of <paramref name="varNames"/>
    /// (e.g. <c>["bias"]</c>). Each call replaces the previous exclusions.
    /// </summary>
    public void ExcludeFromWeightDecay(IEnumerable<Variable>? varList = null, IEnumerable<string>? varNames = null)
    {
        _excludedFromDecay.Clear();
        if (varList is not null) _excludedFromDecay.UnionWith(varList);
        _excludedNames = varNames?.Where(n => !string.IsNullOrEmpty(n)).ToArray() ?? [];
    }

    private bool UsesWeightDecay(Variable v)
    {
        if (_excludedFromDecay.Contains(v)) return false;
        foreach (string part in _excludedNames)
        {
            if (v.Name.Contains(part, StringComparison.Ordinal)) return false;
        }
        return true;
    }

    /// <summary>variable -= variable * weightDecay * learningRate, before the update and independent of the gradient.</summary>
    private void ApplyWeightDecay(List<Variable> variables, float learningRate)
    {
        if (WeightDecay is not float wd) return;
        float factor = wd * learningRate;
        foreach (Variable v in variables)
        {
            if (!UsesWeightDecay(v)) continue;
            Span<float> w = v.Span<float>();
            TensorPrimitives.MultiplyAdd(w, -factor, w, w);
        }
    }

    /// <summary>
    /// Replaces each gradient by its clipped copy, as Keras: clipNorm per gradient, globalClipNorm over
    /// all of them, clipValue per element. A zero or negative limit means no clipping, as in Keras.
    /// The copies live in buffers reused from step to step.
    /// </summary>
    private void ClipGradients(List<Tensor> grads, List<Variable> vars)
    {
        if (ClipNorm is float clipNorm && clipNorm > 0)
        {
            for (int i = 0; i < grads.Count; i++)
            {
                ReadOnlySpan<float> g = grads[i].Data<float>();
                float norm = TensorPrimitives.Norm(g);
                Tensor clipped = ClipBuffer(vars[i]);
                // g * clipNorm / max(norm, clipNorm): unchanged (up to rounding) when already short enough.
                TensorPrimitives.Multiply(g, clipNorm, clipped.Span<float>());
                TensorPrimitives.Divide(clipped.Span<float>(), MathF.Max(norm, clipNorm), clipped.Span<float>());
                grads[i] = clipped;
            }
        }
        else if (GlobalClipNorm is float globalClipNorm && globalClipNorm > 0)
        {
            float sumOfSquares = 0f;
            foreach (Tensor g in grads) sumOfSquares += TensorPrimitives.SumOfSquares(g.Data<float>());
            float norm = MathF.Sqrt(sumOfSquares);
            // Keras's clip_by_global_norm: a zero norm leaves the gradients as they are, a non-finite one makes them NaN.
            float scale = float.IsFinite(norm) ? globalClipNorm * MathF.Min(1f / norm, 1f / globalClipNorm) : float.NaN;
            for (int i = 0; i < grads.Count; i++)
            {
                Tensor clipped = ClipBuffer(vars[i]);
                TensorPrimitives.Multiply(grads[i].Data<float>(), scale, clipped.Span<float>());
                grads[i] = clipped;
            }
        }
        else if (ClipValue is float clipValue && clipValue > 0)
        {
            for (int i = 0; i < grads.Count; i++)
            {
                Tensor clipped = ClipBuffer(vars[i]);
                TensorPrimitives.Clamp(grads[i].Data<float>(), -clipValue, clipValue, clipped.Span<float>());
                grads[i] = clipped;
            }
        }
    }

    private Tensor ClipBuffer(Variable v)
    {
        int i = IndexOf(v);
        if (_clipped.Length <= i) Array.Resize(ref _clipped, _indices.Count);
        return _clipped[i] ??= Tensor.Zeros(v.Shape);
    }
}
