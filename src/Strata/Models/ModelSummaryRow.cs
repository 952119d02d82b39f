namespace Strata;

/// <summary>One row of a <see cref="ModelSummary"/>: a model input or a layer.</summary>
/// <param name="Layer">The layer's (or input's) name, e.g. "dense_1".</param>
/// <param name="Type">The layer's class, e.g. "Dense"; "InputLayer" for a functional model's input.</param>
/// <param name="OutputShape">Keras's notation, with None for the batch: "(None, 512)"; "?" before the layer is built.</param>
/// <param name="Params">The element count of the layer's weights.</param>
/// <param name="ConnectedTo">The tensors feeding the layer in Keras's node notation ("dense[0][0], input_b[0][0]"), or "-".</param>
public sealed record ModelSummaryRow(string Layer, string Type, string OutputShape, long Params, string ConnectedTo)
{
    /// <summary>The first column as Keras prints it: "dense_1 (Dense)".</summary>
    public string LayerAndType => $"{Layer} ({Type})";
}
