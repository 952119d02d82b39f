using Strata;
using Strata.Layers;

/// <summary>
/// The book's TransformerEncoder (chapter 11), written as the book writes it: self-attention over the sequence,
/// a residual connection and layer normalization, then a dense projection with its own residual and
/// normalization. The padding's mask, given by the layer before, keeps padded tokens out of the attention.
/// </summary>
internal sealed class TransformerEncoder : Layer
{
    private readonly MultiHeadAttention _attention;
    private readonly Sequential _denseProjection;
    private readonly LayerNormalization _layerNorm1, _layerNorm2;

    public TransformerEncoder(int embedDim, int denseDim, int numHeads, string? name = null)
        : base(name)
    {
        _attention = AddLayer(new MultiHeadAttention(numHeads, keyDim: embedDim));
        _denseProjection = AddLayer(new Sequential([new Dense(denseDim, activation: "relu"), new Dense(embedDim)]));
        _layerNorm1 = AddLayer(new LayerNormalization());
        _layerNorm2 = AddLayer(new LayerNormalization());
    }

    protected override Tensor Call(Tensor inputs, Tensor? mask, bool training)
    {
        // The mask (batch, steps) becomes (batch, 1, steps): every query may look at the real tokens only.
        Tensor? attentionMask = mask is null ? null : Ops.ExpandDims(mask, 1);
        Tensor attentionOutput = _attention.Call(inputs, inputs, attentionMask: attentionMask, training: training);
        Tensor projectionInput = _layerNorm1.Call(inputs + attentionOutput, training);
        Tensor projectionOutput = _denseProjection.Call(projectionInput, training);
        return _layerNorm2.Call(projectionInput + projectionOutput, training);
    }
}
