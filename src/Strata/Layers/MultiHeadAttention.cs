using Strata.Initializers;

namespace Strata.Layers;

/// <summary>
/// keras.layers.MultiHeadAttention: query (batch, Tq, dq) attends over value (batch, Tv, dv) (and key, the value
/// itself by default) in numHeads heads. Each head projects the query and key to keyDim and the value to
/// valueDim (keyDim by default); the scores q·kᵀ / sqrt(keyDim) are softmaxed over the keys, after positions
/// the attention mask (batch, Tq, Tv) marks false (or the future, with useCausalMask) get −1e9 added as Keras
/// does; dropout (training only) acts on the weights; the heads' outputs are projected back to dq. Weights as
/// Keras's: query/key/value kernels (d, heads, dim) with biases (heads, dim), the output kernel (heads, valueDim,
/// dq) with bias (dq). In a functional graph it takes [query, value] or [query, value, key], and the masks
/// those come with (an Embedding's with maskZero) keep padded queries and keys out, as Keras's query, value
/// and key masks; the output keeps the query's mask.
/// </summary>
public class MultiHeadAttention : Layer
{
    private readonly Dropout _dropout;
    private Variable? _queryKernel, _queryBias, _keyKernel, _keyBias, _valueKernel, _valueBias, _outputKernel, _outputBias;

    /// <summary>A multi-head attention layer of <paramref name="numHeads"/> heads.</summary>
    /// <param name="numHeads">The number of attention heads (Keras's <c>num_heads</c>).</param>
    /// <param name="keyDim">The size of each head for the query and the key (Keras's <c>key_dim</c>).</param>
    /// <param name="valueDim">The size of each head for the value; <paramref name="keyDim"/> when null.</param>
    /// <param name="dropout">The dropout rate on the attention weights, in training.</param>
    /// <param name="useBias">Whether the projections add biases.</param>
    /// <param name="kernelInitializer">The kernels' initializer; Glorot uniform when null.</param>
    /// <param name="biasInitializer">The biases' initializer; zeros when null.</param>
    /// <param name="seed">The seed of the dropout masks, or null.</param>
    /// <param name="name">The layer's name; null for one made from the class name.</param>
    public MultiHeadAttention(int numHeads, int keyDim, int? valueDim = null, double dropout = 0, bool useBias = true,
        Initializer? kernelInitializer = null, Initializer? biasInitializer = null, int? seed = null, string? name = null)
        : base(name)
    {
        if (numHeads <= 0) throw new ArgumentException($"MultiHeadAttention: numHeads must be positive, got {numHeads}.", nameof(numHeads));
        if (keyDim <= 0) throw new ArgumentException($"MultiHeadAttention: keyDim must be positive, got {keyDim}.", nameof(keyDim));
        if (valueDim <= 0) throw new ArgumentException($"MultiHeadAttention: valueDim must be positive, got {valueDim}.", nameof(valueDim));
        NumHeads = numHeads;
        KeyDim = keyDim;
        ValueDim = valueDim ?? keyDim;
        DropoutRate = (float)dropout;
        UseBias = useBias;
        KernelInitializer = kernelInitializer ?? new GlorotUniform();
        BiasInitializer = biasInitializer ?? new Zeros();
        Seed = seed;
        _dropout = new Dropout(dropout, seed);
        SupportsMasking = true;
    }

    /// <summary>The number of attention heads (Keras's <c>num_heads</c>).</summary>
    public int NumHeads { get; }

    /// <summary>The size of each head for the query and the key (Keras's <c>key_dim</c>).</summary>
    public int KeyDim { get; }

    /// <summary>The size of each head for the value; the key size when none was given (Keras's <c>value_dim</c>).</summary>
    public int ValueDim { get; }

    /// <summary>The dropout rate on the attention weights (Keras's <c>dropout</c>).</summary>
    public float DropoutRate { get; }

    /// <summary>Whether the projections add biases (Keras's <c>use_bias</c>).</summary>
    public bool UseBias { get; }

    /// <summary>The kernels' initializer; Glorot uniform by default (Keras's <c>kernel_initializer</c>).</summary>
    public Initializer KernelInitializer { get; }

    /// <summary>The biases' initializer; zeros by default (Keras's <c>bias_initializer</c>).</summary>
    public Initializer BiasInitializer { get; }

    /// <summary>The seed of the dropout masks, or null (Keras's <c>seed</c>).</summary>
    public int? Seed { get; }

    /// <summary>The attention of <paramref name="query"/> over <paramref name="value"/> (eager, as Keras's call with its keyword arguments).</summary>
    /// <param name="query">The query, (batch, Tq, dq).</param>
    /// <param name="value">The value, (batch, Tv, dv).</param>
    /// <param name="key">The key, (batch, Tv, dk); <paramref name="value"/> when null.</param>
    /// <param name="attentionMask">(batch, Tq, Tv), or (batch, 1, Tv) for every query alike: true (or nonzero) where a query may attend to a key.</param>
    /// <param name="useCausalMask">Whether each query attends only to the keys up to its own position (Keras's <c>use_causal_mask</c>).</param>
    /// <param name="training">Whether this is a training step: dropout acts on the attention weights only then.</param>
    /// <param name="queryMask">(batch, Tq): the queries that count (Keras's query_mask); the others attend to nothing.</param>
    /// <param name="valueMask">(batch, Tv): the values that count; no query attends to the others.</param>
    /// <param name="keyMask">(batch, Tv): the keys that count, as the value mask.</param>
    /// <returns>The output, (batch, Tq, dq).</returns>
    public Tensor Call(Tensor query, Tensor value, Tensor? key = null, Tensor? attentionMask = null, bool useCausalMask = false, bool training = false,
        Tensor? queryMask = null, Tensor? valueMask = null, Tensor? keyMask = null)
    {
        ArgumentNullException.ThrowIfNull(query);
        ArgumentNullException.ThrowIfNull(value);
        Tensor[] inputs = key is null ? [query, value] : [query, value, key];
        if (!Built) EnsureBuilt(inputs.Select(t => t.Shape.ToArray()).ToArray());
        return Attend(query, value, key ?? value, new AttentionMasks(attentionMask, queryMask, valueMask, keyMask, useCausalMask), training);
    }

    /// <summary>Every mask a call may come with: Keras's attention_mask, query_mask, value_mask, key_mask and use_causal_mask.</summary>
    private readonly record struct AttentionMasks(Tensor? Attention, Tensor? Query, Tensor? Value, Tensor? Key, bool Causal);

    private protected override void BuildCore(IReadOnlyList<int[]> inputShapes)
    {
        if (inputShapes.Count is not (2 or 3)) throw new ArgumentException($"MultiHeadAttention '{Name}': takes [query, value] or [query, value, key], got {inputShapes.Count} inputs.");
        foreach (int[] shape in inputShapes)
        {
            if (shape.Length != 3) throw new ArgumentException($"MultiHeadAttention '{Name}': expects inputs (batch, steps, features), got shape {SymbolicTensor.FormatShape(shape)}.");
        }
        int dq = inputShapes[0][2], dv = inputShapes[1][2], dk = inputShapes.Count == 3 ? inputShapes[2][2] : dv;
        // Keras's order: each projection's kernel, then its bias.
        (_queryKernel, _queryBias) = Projection("query", [dq, NumHeads, KeyDim], [NumHeads, KeyDim]);
        (_keyKernel, _keyBias) = Projection("key", [dk, NumHeads, KeyDim], [NumHeads, KeyDim]);
        (_valueKernel, _valueBias) = Projection("value", [dv, NumHeads, ValueDim], [NumHeads, ValueDim]);
        (_outputKernel, _outputBias) = Projection("attention_output", [NumHeads, ValueDim, dq], [dq]);
    }

    private (Variable Kernel, Variable? Bias) Projection(string name, int[] kernelShape, int[] biasShape) =>
        (AddWeight($"{name}/kernel", kernelShape, KernelInitializer), UseBias ? AddWeight($"{name}/bias", biasShape, BiasInitializer) : null);

    /// <summary>Throws: the layer takes [query, value] or [query, value, key], not one input.</summary>
    protected override Tensor Call(Tensor inputs, bool training) =>
        throw new ArgumentException($"MultiHeadAttention '{Name}': takes [query, value] or [query, value, key], got one input.");

    private protected override Tensor CallCore(IReadOnlyList<Tensor> inputs, IReadOnlyList<Tensor?> masks, bool training)
    {
        if (inputs.Count is not (2 or 3)) throw new ArgumentException($"MultiHeadAttention '{Name}': takes [query, value] or [query, value, key], got {inputs.Count} inputs.");
        var given = new AttentionMasks(null, masks[0], masks[1], inputs.Count == 3 ? masks[2] : null, false);
        return Attend(inputs[0], inputs[1], inputs.Count == 3 ? inputs[2] : inputs[1], given, training);
    }

    private Tensor Attend(Tensor query, Tensor value, Tensor key, AttentionMasks masks, bool training)
    {
        int batch = query.Shape[0], tq = query.Shape[1], tv = value.Shape[1];
        // (batch, heads, steps, dim) for each of q, k, v; the query scaled by 1 / sqrt(keyDim) first, as Keras.
        Tensor q = Project(query, _queryKernel!, _queryBias, KeyDim) * (1f / MathF.Sqrt(KeyDim));
        Tensor k = Project(key, _keyKernel!, _keyBias, KeyDim);
        Tensor v = Project(value, _valueKernel!, _valueBias, ValueDim);
        Tensor scores = Ops.MatMul(q, Ops.Transpose(k, [0, 1, 3, 2])); // (batch, heads, Tq, Tv)
        // Keras's masked softmax (−1e9 where not allowed), fused into one pass per row.
        Tensor weights = _dropout.Call(Ops.MaskedSoftmax(scores, Allowed(masks, batch, tq, tv)), training);
        Tensor heads = Ops.MatMul(weights, v); // (batch, heads, Tq, valueDim)
        Tensor joined = Ops.Reshape(Ops.Transpose(heads, [0, 2, 1, 3]), batch * tq, NumHeads * ValueDim);
        Tensor output = Ops.MatMul(joined, Ops.Reshape(_outputKernel!, NumHeads * ValueDim, _outputKernel!.Shape[2]));
        if (_outputBias is not null) output += _outputBias;
        return Ops.Reshape(output, batch, tq, _outputKernel.Shape[2]);
    }

    /// <summary>x (batch, steps, d) · kernel (d, heads, dim) + bias, as (batch, heads, steps, dim).</summary>
    private Tensor Project(Tensor x, Variable kernel, Variable? bias, int dim)
    {
        int batch = x.Shape[0], steps = x.Shape[1], d = kernel.Shape[0];
        if (x.Rank != 3 || x.Shape[2] != d) throw new ArgumentException($"MultiHeadAttention '{Name}': expected inputs (batch, steps, {d}), got shape {x.Shape}.");
        Tensor projected = Ops.MatMul(Ops.Reshape(x.AsType(DType.Float32), batch * steps, d), Ops.Reshape(kernel, d, NumHeads * dim));
        if (bias is not null) projected += Ops.Reshape(bias, NumHeads * dim);
        return Ops.Transpose(Ops.Reshape(projected, batch, steps, NumHeads, dim), [0, 2, 1, 3]);
    }

    /// <summary>
    /// 1 where a query may attend to a key, 0 elsewhere, broadcast over the heads ((batch or 1, 1, Tq or 1, Tv or 1)),
    /// or null when all may: the product of the masks given, as Keras's _compute_attention_mask.
    /// </summary>
    private Tensor? Allowed(AttentionMasks masks, int batch, int tq, int tv)
    {
        Tensor? allowed = null;
        void And(Tensor mask) => allowed = allowed is null ? mask : allowed * mask;
        if (masks.Attention is Tensor attention)
        {
            bool fits = attention.Rank == 3 && (attention.Shape[0] == batch || attention.Shape[0] == 1)
                && (attention.Shape[1] == tq || attention.Shape[1] == 1) && attention.Shape[2] == tv;
            if (!fits)
            {
                throw new ArgumentException($"MultiHeadAttention '{Name}': the attention mask must be (batch, Tq, Tv) = ({batch}, {tq}, {tv}) or (batch, 1, Tv), got {attention.Shape}.");
            }
            And(Ops.ExpandDims(Masks.AsFloat(attention), 1));
        }
        if (masks.Query is Tensor query) And(Ops.Reshape(Masks.AsFloat(Masks.ForSteps(query, batch, tq, $"MultiHeadAttention '{Name}': the query mask")), batch, 1, tq, 1));
        if (masks.Value is Tensor value) And(Ops.Reshape(Masks.AsFloat(Masks.ForSteps(value, batch, tv, $"MultiHeadAttention '{Name}': the value mask")), batch, 1, 1, tv));
        if (masks.Key is Tensor key) And(Ops.Reshape(Masks.AsFloat(Masks.ForSteps(key, batch, tv, $"MultiHeadAttention '{Name}': the key mask")), batch, 1, 1, tv));
        if (masks.Causal)
        {
            // Query i sees keys 0..i (Keras's lower triangle, aligned at the start).
            var lower = new float[tq * tv];
            for (int i = 0; i < tq; i++)
            {
                for (int j = 0; j <= Math.Min(i, tv - 1); j++) lower[(i * tv) + j] = 1f;
            }
            And(Tensor.FromArray(lower, 1, 1, tq, tv));
        }
        return allowed;
    }

    /// <summary>Keras's config: the base config and num_heads, key_dim, value_dim, dropout, use_bias, the initializers and seed.</summary>
    public override Dictionary<string, object?> GetConfig()
    {
        Dictionary<string, object?> config = base.GetConfig();
        config["num_heads"] = NumHeads;
        config["key_dim"] = KeyDim;
        config["value_dim"] = ValueDim;
        config["dropout"] = DropoutRate;
        config["use_bias"] = UseBias;
        config["kernel_initializer"] = KernelInitializer.Name;
        config["bias_initializer"] = BiasInitializer.Name;
        config["seed"] = Seed;
        return config;
    }
}
