using Strata.Saving;

namespace Strata;

public partial class Model
{
    /// <summary>
    /// Saves the architecture and the weights, and for a compiled model its compile settings and its optimizer's
    /// state, as Keras's model.save: training resumes where it stopped. A path ending in <c>.keras</c> gets Keras 3's
    /// format, which Python's <c>keras.saving.load_model</c> reads; any other path Strata's zip (docs/saving-format.md).
    /// Written to a temporary file first and then renamed, so a failure never leaves half a file.
    /// </summary>
    /// <example>
    /// <code>
    /// model.Save("mnist.keras");                 // Keras 3 format: keras.saving.load_model("mnist.keras") in Python
    /// Model restored = Model.Load("mnist.keras");
    /// </code>
    /// </example>
    public void Save(string path)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        if (path.EndsWith(".keras", StringComparison.OrdinalIgnoreCase))
        {
            NamedWeights(); // the same check: a model without weights yet cannot be saved
            Saving.Keras.KerasArchiveWriter.Write(this, path);
            return;
        }
        ModelArchive.Write(path, ModelConfig.ToJson(this), NamedWeights(), OptimizerState());
    }

    /// <summary>
    /// Rebuilds a saved model with its weights (it predicts exactly as the saved one did), compiled as it was
    /// saved and with its optimizer's state, so Fit goes on as if it had not stopped. Loading draws no random
    /// numbers: the global generator (shuffling, dropout) continues as before the call. Models saved by Python
    /// Keras load too: Keras 3's <c>.keras</c> and the legacy <c>.h5</c> of Keras 2 (tf.keras) and Keras 3.
    /// </summary>
    /// <example>
    /// <code>
    /// Model model = Model.Load("convnet_from_scratch.keras");   // saved by Python Keras or by Strata
    /// Tensor predictions = model.Predict(images);
    /// </code>
    /// </example>
    public static Model Load(string path)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        if (path.EndsWith(".onnx", StringComparison.OrdinalIgnoreCase))
        {
            throw new NotSupportedException($"Model.Load: '{path}' is an ONNX file: Strata writes ONNX for serving (Model.Export) but rebuilds models from Strata's, Keras 3's .keras and legacy .h5 files; run it with ONNX Runtime.");
        }
        // Python Keras's files: a legacy .h5, or a .keras archive (a zip holding model.weights.h5).
        if (File.Exists(path) && Saving.Keras.KerasFile.IsHdf5(path)) return Saving.Keras.KerasFile.LoadLegacy(path);
        if (File.Exists(path) && Saving.Keras.KerasFile.IsKerasArchive(path)) return Saving.Keras.KerasFile.LoadArchive(path);
        (string config, IReadOnlyList<(string Name, Tensor Value)> weights, IReadOnlyList<(string Name, Tensor Value)> optimizer) = ModelArchive.ReadModel(path);
        Model model = Random.Aside(() => ModelConfig.FromJson(config, $"'{path}'", weights.Sum(w => (long)w.Value.Shape.Size)));
        model.AssignSaved(weights, path);
        model.RestoreOptimizer(optimizer, path);
        return model;
    }

    /// <summary>
    /// Saves only the weights (the model that loads them must have the same architecture): a path ending in
    /// <c>.weights.h5</c> gets Keras 3's weights file (what Python's <c>model.load_weights</c> reads), any other
    /// Strata's weights-only zip.
    /// </summary>
    public void SaveWeights(string path)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        (string Name, Tensor Value)[] weights = NamedWeights();
        if (path.EndsWith(".weights.h5", StringComparison.OrdinalIgnoreCase)) Saving.Keras.KerasArchiveWriter.WriteWeights(this, path);
        else ModelArchive.WriteWeights(path, weights);
    }

    /// <summary>
    /// Loads weights saved for this architecture: Strata's weights or model file, Keras 3's <c>.weights.h5</c> (with the
    /// optimizer's state when the model is compiled), or a legacy Keras .h5 (weights-only or whole model).
    /// </summary>
    public void LoadWeights(string path)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        if (File.Exists(path) && Saving.Keras.KerasFile.IsHdf5(path)) Saving.Keras.KerasFile.LoadWeights(this, path);
        else AssignSaved(ModelArchive.ReadWeights(path), path);
    }

    private (string Name, Tensor Value)[] NamedWeights()
    {
        if (!Built) throw new InvalidOperationException($"Model '{Name}' has no weights yet: build it (call it on data, or declare its input shape) before saving.");
        return OwnWeights.Select(w => (w.Name, (Tensor)w)).ToArray();
    }

    /// <summary>The optimizer's variables by name, in Keras's order (none before Compile).</summary>
    private (string Name, Tensor Value)[] OptimizerState() =>
        _compiled is null ? [] : _compiled.Optimizer.Variables.Select(v => (v.Name, (Tensor)v)).ToArray();

    /// <summary>Puts a saved optimizer state back: the slots are created for the trainable weights first, as the first step would.</summary>
    internal void RestoreOptimizer(IReadOnlyList<(string Name, Tensor Value)> saved, string path)
    {
        if (saved.Count == 0 || _compiled is null) return; // nothing saved, or settings Strata could not rebuild (already said)
        Optimizers.Optimizer optimizer = _compiled.Optimizer;
        if (saved.Count != optimizer.Variables.Count) optimizer.EnsureBuilt(TrainableWeights);
        IReadOnlyList<Variable> variables = optimizer.Variables;
        if (saved.Count != variables.Count)
        {
            throw new InvalidDataException($"'{path}': holds {saved.Count} optimizer variables, but optimizer '{optimizer.Name}' of model '{Name}' has {variables.Count} for its {TrainableWeights.Count} trainable weights.");
        }
        for (int i = 0; i < variables.Count; i++)
        {
            if (saved[i].Value.Shape != variables[i].Shape || saved[i].Value.DType != variables[i].DType)
            {
                throw new InvalidDataException($"'{path}': optimizer variable {i} ('{saved[i].Name}') is {saved[i].Value.DType.Name()} {saved[i].Value.Shape}, but '{variables[i].Name}' is {variables[i].DType.Name()} {variables[i].Shape}.");
            }
        }
        for (int i = 0; i < variables.Count; i++) variables[i].Assign(saved[i].Value);
    }

    private void AssignSaved(IReadOnlyList<(string Name, Tensor Value)> saved, string path)
    {
        IReadOnlyList<Variable> weights = OwnWeights;
        if (saved.Count != weights.Count)
        {
            throw new InvalidDataException($"'{path}': holds {saved.Count} weights but model '{Name}' has {weights.Count}.");
        }
        for (int i = 0; i < weights.Count; i++)
        {
            if (saved[i].Value.Shape != weights[i].Shape || saved[i].Value.DType != weights[i].DType)
            {
                throw new InvalidDataException($"'{path}': weight {i} ('{saved[i].Name}') has shape {saved[i].Value.Shape}, but '{weights[i].Name}' in model '{Name}' has shape {weights[i].Shape}.");
            }
        }
        for (int i = 0; i < weights.Count; i++) weights[i].Assign(saved[i].Value);
    }
}
