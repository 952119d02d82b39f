using Strata;
using Strata.Layers;

/// <summary>
/// The book's PositionalEmbedding (chapter 11): a learned embedding of each token plus a learned embedding of
/// its position, so that the order-blind attention after it knows where each token stands. Its mask marks
/// the padding (token 0), as the book's compute_mask.
/// </summary>
internal sealed class PositionalEmbedding : Layer
{
    private readonly Embedding _tokenEmbeddings, _positionEmbeddings;

    public PositionalEmbedding(int sequenceLength, int inputDim, int outputDim, string? name = null)
        : base(name)
    {
        _tokenEmbeddings = AddLayer(new Embedding(inputDim, outputDim));
        _positionEmbeddings = AddLayer(new Embedding(sequenceLength, outputDim));
    }

    protected override Tensor Call(Tensor inputs, bool training)
    {
        Tensor positions = Tensor.Arange(inputs.Shape[^1]);
        return _tokenEmbeddings.Call(inputs, training) + _positionEmbeddings.Call(positions, training);
    }

    public override Tensor? ComputeMask(Tensor inputs, Tensor? previousMask = null) =>
        Ops.NotEqual(inputs, Tensor.Zeros([]).AsType(inputs.DType));
}
