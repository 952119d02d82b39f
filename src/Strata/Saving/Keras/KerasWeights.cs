using System.Globalization;
using PureHDF;
using Strata.Layers;

namespace Strata.Saving.Keras;

/// <summary>
/// Puts the weights of a Keras file into the model rebuilt from its config. Keras's layouts are Strata's
/// (dense kernels (in, out), convolution kernels (h, w, in, out), LSTM gates i, f, c, o, GRU gates z, r, h,
/// batch normalization's gamma, beta, moving mean and variance), so a layer's arrays are assigned in order, each
/// checked against the weight's shape. Two file layouts:
/// legacy .h5 (Keras 2 and Keras 3's <c>save("m.h5")</c>): <c>model_weights/&lt;layer name&gt;</c> with a
/// <c>weight_names</c> attribute, the layer's trainable weights then its non-trainable ones;
/// Keras 3's <c>model.weights.h5</c> inside a .keras file: <c>layers/&lt;class in snake_case&gt;[_k]/vars/0, 1, …</c>,
/// the k-th layer of a class counted in the model's order, and a layer's own parts under its attribute names
/// (an RNN's <c>cell</c>, Bidirectional's <c>forward_layer</c> and <c>backward_layer</c>, attention's <c>_query_dense</c> …).
/// </summary>
internal static class KerasWeights
{
    /// <summary>
    /// Legacy .h5: as Keras's load_weights, the file's layers that hold weights (in its <c>layer_names</c> order) go to
    /// the model's layers that have weights, in order — so a model rebuilt in C# with other layer names loads them too.
    /// </summary>
    public static void AssignLegacy(Model model, IH5Group weights, string source)
    {
        string root = weights.Name is "" or "/" ? "" : weights.Name.TrimStart('/') + "/";
        var saved = new List<(string Path, Tensor[] Values)>();
        foreach (string name in H5Arrays.ReadStrings(weights, "layer_names", source, root.Length == 0 ? "/" : root.TrimEnd('/')))
        {
            string path = root + name;
            if (!weights.LinkExists(name)) throw H5Arrays.Invalid(source, path, "is listed in layer_names but missing");
            IH5Group group = weights.Group(name);
            string[] names = H5Arrays.ReadStrings(group, "weight_names", source, path);
            if (names.Length > 0) saved.Add((path, names.Select(n => H5Arrays.Read(group.Dataset(n), source, $"{path}/{n}")).ToArray()));
        }
        Layer[] layers = model.Layers.Where(l => l.Weights.Count > 0).ToArray();
        if (saved.Count != layers.Length)
        {
            throw new InvalidDataException($"{source}: holds weights for {saved.Count} layers ({string.Join(", ", saved.Select(s => s.Path))}), but model '{model.Name}' has {layers.Length} layers with weights ({string.Join(", ", layers.Select(l => l.Name))}).");
        }
        for (int i = 0; i < layers.Length; i++) Assign(layers[i], [.. layers[i].TrainableWeights, .. layers[i].NonTrainableWeights], saved[i].Values, source, saved[i].Path);
    }

    /// <summary>Keras 3's weights file: the model's layers under <c>layers/</c>.</summary>
    public static void AssignKeras3(Model model, IH5Group root, string source)
    {
        foreach ((Layer layer, _, IReadOnlyList<(string Group, Variable[] Weights)> parts) in Keras3Layout(model, ""))
        {
            foreach ((string group, Variable[] weights) in parts)
            {
                if (weights.Length > 0) Assign(layer, weights, Vars(root, group, source), source, group);
            }
        }
    }

    /// <summary>
    /// Where Keras 3 keeps each layer's variables: the layer's path (<c>layers/&lt;class in snake_case&gt;[_k]</c>, the
    /// k-th of its class in the model's order, nested models inside their own path) and the groups of its weights —
    /// its own, or its parts' (an RNN's <c>cell</c>, Bidirectional's <c>forward_layer</c> and <c>backward_layer</c>,
    /// attention's <c>_query_dense</c> …, a TimeDistributed's <c>layer</c>), each holding <c>vars/0, 1, …</c> in order.
    /// </summary>
    internal static IEnumerable<(Layer Layer, string Path, IReadOnlyList<(string Group, Variable[] Weights)> Parts)> Keras3Layout(Model model, string prefix)
    {
        var used = new Dictionary<string, int>();
        foreach (Layer layer in model.Layers)
        {
            string snake = SnakeCase(layer is Sequential ? "Sequential" : layer is Model ? "Functional" : layer.GetType().Name);
            string name = used.TryGetValue(snake, out int count) ? $"{snake}_{count + 1}" : snake;
            used[snake] = used.ContainsKey(snake) ? count + 1 : 0;
            string path = $"{prefix}layers/{name}";
            if (layer is Model inner)
            {
                yield return (layer, path, []);
                foreach (var nested in Keras3Layout(inner, path + "/")) yield return nested;
                continue;
            }
            yield return (layer, path, Parts(layer, path));
        }
    }

    private static (string Group, Variable[] Weights)[] Parts(Layer layer, string path) => layer switch
    {
        BaseRnn => [($"{path}/cell", [.. layer.OwnWeights])],
        Bidirectional b => [($"{path}/forward_layer/cell", [.. b.Forward.OwnWeights]), ($"{path}/backward_layer/cell", [.. b.Backward.OwnWeights])],
        MultiHeadAttention => [.. new[] { "_query_dense", "_key_dense", "_value_dense", "_output_dense" }
            .Zip(layer.OwnWeights.Chunk(layer.OwnWeights.Count / 4), (part, weights) => ($"{path}/{part}", weights))],
        TimeDistributed t => Parts(t.Inner, $"{path}/layer"),
        _ => [(path, [.. layer.OwnWeights])],
    };

    /// <summary>The arrays under <c>path/vars</c>, by their numbered names.</summary>
    private static Tensor[] Vars(IH5Group root, string path, string source)
    {
        string vars = $"{path}/vars";
        if (!root.LinkExists(vars)) throw H5Arrays.Invalid(source, vars, "is missing: the file has no weights for this layer");
        IH5Group group = root.Group(vars);
        var numbered = group.Children().Select(c => c.Name).Select(n => int.TryParse(n, NumberStyles.None, CultureInfo.InvariantCulture, out int i) ? i
            : throw H5Arrays.Invalid(source, $"{vars}/{n}", "is not a numbered variable")).Order().ToArray();
        return numbered.Select(i => H5Arrays.Read(group.Dataset(i.ToString(CultureInfo.InvariantCulture)), source, $"{vars}/{i}")).ToArray();
    }

    private static void Assign(Layer layer, IReadOnlyList<Variable> weights, Tensor[] values, string source, string path)
    {
        if (values.Length != weights.Count)
        {
            throw H5Arrays.Invalid(source, path, $"holds {values.Length} arrays, but layer '{layer.Name}' ({layer.GetType().Name}) has {weights.Count} weights ({string.Join(", ", weights.Select(w => $"{w.Name} {w.Shape}"))})");
        }
        for (int i = 0; i < values.Length; i++)
        {
            if (values[i].Shape != weights[i].Shape)
            {
                throw H5Arrays.Invalid(source, path, $"array {i} has shape {values[i].Shape}, but '{weights[i].Name}' of layer '{layer.Name}' has shape {weights[i].Shape}");
            }
        }
        for (int i = 0; i < values.Length; i++) weights[i].Assign(values[i]);
    }

    /// <summary>Keras's naming.to_snake_case: "Conv2D" → "conv2d", "BatchNormalization" → "batch_normalization".</summary>
    internal static string SnakeCase(string name)
    {
        string s = System.Text.RegularExpressions.Regex.Replace(name, @"\W+", "");
        s = System.Text.RegularExpressions.Regex.Replace(s, "(.)([A-Z][a-z]+)", "$1_$2");
        return System.Text.RegularExpressions.Regex.Replace(s, "([a-z])([A-Z])", "$1_$2").ToLowerInvariant();
    }
}
