using Strata.Export;

namespace Strata;

public partial class Model
{
    /// <summary>
    /// Writes the model's inference graph for serving, as Keras 3's <c>model.export(path, format="onnx")</c>: ONNX at
    /// opset 17, any batch size, dropout and other training-only ops left out. The graph is the forward pass Strata
    /// traces, op by op; an op without an ONNX form yet is refused by name (NotSupportedException).
    /// </summary>
    /// <example>
    /// <code>
    /// model.Export("mnist.onnx");   // then, e.g., new InferenceSession("mnist.onnx") with ONNX Runtime
    /// </code>
    /// </example>
    public void Export(string path, string format = "onnx")
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        if (format != "onnx") throw new ArgumentException($"Model.Export: format must be \"onnx\", got \"{format}\".", nameof(format));
        if (!Built) throw new InvalidOperationException($"Model.Export: model '{Name}' is not built: declare its input shape or call it on data first.");
        OnnxExporter.Export(this, path);
    }
}
