using Strata.Saving;

namespace Strata;

public partial class Model
{
    /// <summary>
    /// Saves the architecture and the weights in one zip file (format: docs/saving-format.md),
    /// written to a temporary file first and then renamed, so a failure never leaves half a file.
    /// </summary>
    public void Save(string path) => ModelArchive.Write(path, ModelConfig.ToJson(this), NamedWeights());

    /// <summary>Rebuilds a saved model, with its weights: it predicts exactly as the saved one did.</summary>
    public static Model Load(string path)
    {
        (string config, IReadOnlyList<(string Name, Tensor Value)> weights) = ModelArchive.Read(path);
        Model model = ModelConfig.FromJson(config, $"'{path}'", weights.Sum(w => (long)w.Value.Shape.Size));
        model.AssignSaved(weights, path);
        return model;
    }

    /// <summary>Saves only the weights (the model that loads them must have the same architecture).</summary>
    public void SaveWeights(string path) => ModelArchive.WriteWeights(path, NamedWeights());

    public void LoadWeights(string path) => AssignSaved(ModelArchive.ReadWeights(path), path);

    private (string Name, Tensor Value)[] NamedWeights()
    {
        if (!Built) throw new InvalidOperationException($"Model '{Name}' has no weights yet: build it (call it on data, or declare its input shape) before saving.");
        return OwnWeights.Select(w => (w.Name, (Tensor)w)).ToArray();
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
