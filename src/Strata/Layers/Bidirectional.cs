using System.Text.Json.Nodes;
using Strata.Saving;

namespace Strata.Layers;

/// <summary>
/// keras.layers.Bidirectional: a recurrent layer run over the sequence forwards and a copy of it (its own
/// weights, named "backward_…") run backwards, their outputs merged: "concat" (the default, on the last
/// axis), "sum", "mul" or "ave". With returnSequences the backward outputs are put back in the inputs'
/// order first, so that each step's two halves describe the same position, as Keras does.
/// </summary>
public class Bidirectional : Layer
{
    private static readonly string[] MergeModes = ["concat", "sum", "mul", "ave"];

    /// <summary>Wraps a recurrent layer to run over the sequence in both directions.</summary>
    /// <param name="layer">The forward recurrent layer; its backward copy is made from its config with <c>go_backwards</c> turned.</param>
    /// <param name="mergeMode">How the two outputs are combined: "concat" (the default), "sum", "mul" or "ave".</param>
    /// <param name="name">The layer's name; null for one made from the class name.</param>
    public Bidirectional(BaseRnn layer, string mergeMode = "concat", string? name = null)
        : base(name)
    {
        ArgumentNullException.ThrowIfNull(layer);
        if (!MergeModes.Contains(mergeMode)) throw new ArgumentException($"Bidirectional: mergeMode must be one of {string.Join(", ", MergeModes.Select(m => $"\"{m}\""))}, got \"{mergeMode}\".", nameof(mergeMode));
        Forward = AddLayer(layer);
        MergeMode = mergeMode;
        // The backward layer is the forward one's config with the direction turned, as Keras builds it.
        JsonNode node = ModelConfig.ToNode(layer);
        node["config"]!["go_backwards"] = !layer.GoBackwards;
        node["config"]!["name"] = $"backward_{layer.Name}";
        Backward = AddLayer((BaseRnn)LayerRegistry.FromNode(new ConfigNode(node, "Bidirectional", "layer")));
        Forward.ZeroOutputForMask = Backward.ZeroOutputForMask = Forward.ReturnSequences;
        SupportsMasking = true;
    }

    /// <summary>The recurrent layer given, run in its own direction (Keras's <c>forward_layer</c>).</summary>
    public BaseRnn Forward { get; }

    /// <summary>The copy of <see cref="Forward"/> run in the other direction, named "backward_" and the forward layer's name (Keras's <c>backward_layer</c>).</summary>
    public BaseRnn Backward { get; }

    /// <summary>How the two outputs are combined: "concat", "sum", "mul" or "ave" (Keras's <c>merge_mode</c>).</summary>
    public string MergeMode { get; }

    /// <summary>Builds the forward and the backward layers for the input shape.</summary>
    protected override void Build(int[] inputShape)
    {
        Forward.Build(inputShape);
        Backward.Build(inputShape);
    }

    /// <summary>The merged output, then with returnState the forward layer's final states and the backward one's, as Keras's.</summary>
    internal override int OutputCount => 1 + (2 * (Forward.OutputCount - 1));

    private protected override Tensor[] CallOutputsCore(IReadOnlyList<Tensor> inputs, IReadOnlyList<Tensor?> masks, bool training)
    {
        if (inputs.Count != 1) throw new ArgumentException($"Bidirectional '{Name}': takes one input, got {inputs.Count}.");
        Tensor[] forward = Forward.CallOutputs(inputs[0], masks[0], training), backward = Backward.CallOutputs(inputs[0], masks[0], training);
        return [Merge(forward[0], backward[0]), .. forward[1..], .. backward[1..]];
    }

    private Tensor Merge(Tensor forward, Tensor backward)
    {
        if (Forward.ReturnSequences)
        {
            int steps = backward.Shape[1];
            backward = Ops.Take(backward, Enumerable.Range(0, steps).Reverse().ToArray(), axis: 1);
        }
        return MergeMode switch
        {
            "concat" => Ops.Concat([forward, backward], axis: -1),
            "sum" => forward + backward,
            "mul" => forward * backward,
            _ => (forward + backward) * 0.5f,
        };
    }

    /// <summary>Keras's: the mask goes on with returned sequences; a single output has none.</summary>
    public override Tensor? ComputeMask(Tensor inputs, Tensor? previousMask = null) => Forward.ReturnSequences ? previousMask : null;

    /// <summary>Keras's config: the base config, the forward layer's config as <c>layer</c>, and merge_mode.</summary>
    public override Dictionary<string, object?> GetConfig()
    {
        Dictionary<string, object?> config = base.GetConfig();
        config["layer"] = ModelConfig.ToNode(Forward);
        config["merge_mode"] = MergeMode;
        return config;
    }
}
