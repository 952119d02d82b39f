using System.Globalization;
using System.Text;
using Strata.Layers;

namespace Strata;

/// <summary>
/// Keras's model.summary() table: one row per layer with its output shape and parameter count,
/// a "Connected to" column for branching functional models, then the totals.
/// </summary>
internal static class ModelSummary
{
    public static string Render(Model model)
    {
        bool branching = model is not Sequential && IsBranching(model);
        int lineLength = branching ? 108 : 88;
        double[] positions = branching ? [0.3, 0.56, 0.74, 1.0] : [0.45, 0.80, 1.0];
        string[] header = branching ? ["Layer (type)", "Output Shape", "Param #", "Connected to"] : ["Layer (type)", "Output Shape", "Param #"];
        int[] widths = ColumnWidths(lineLength - 1 - 3 * header.Length, positions);

        var rows = new List<string[]>();
        if (model is not Sequential)
        {
            foreach (SymbolicTensor input in model.Inputs)
            {
                rows.Add(Row(branching, $"{input.Name} (InputLayer)", SymbolicTensor.FormatShape(input.Dims), 0, "-"));
            }
        }
        foreach (Layer layer in model.Layers)
        {
            string shape = layer.OutputDims is int[] dims ? SymbolicTensor.FormatShape(dims) : "?";
            rows.Add(Row(branching, $"{layer.Name} ({layer.GetType().Name})", shape, layer.CountParams(), ConnectedTo(model, layer)));
        }

        var text = new StringBuilder();
        text.Append($"Model: \"{model.Name}\"\n");
        text.Append(Border('┏', '━', '┳', '┓', widths)).Append('\n');
        text.Append(Line('┃', header, widths, alignRight: 2)).Append('\n');
        text.Append(Border('┡', '━', '╇', '┩', widths)).Append('\n');
        for (int r = 0; r < rows.Count; r++)
        {
            if (r > 0) text.Append(Border('├', '─', '┼', '┤', widths)).Append('\n');
            text.Append(Line('│', rows[r], widths, alignRight: 2)).Append('\n');
        }
        text.Append(Border('└', '─', '┴', '┘', widths)).Append('\n');
        long trainable = model.TrainableWeights.Sum(w => (long)w.Size), nonTrainable = model.NonTrainableWeights.Sum(w => (long)w.Size);
        text.Append($" Total params: {Count(trainable + nonTrainable)}\n");
        text.Append($" Trainable params: {Count(trainable)}\n");
        text.Append($" Non-trainable params: {Count(nonTrainable)}\n");
        return text.ToString();
    }

    private static string[] Row(bool branching, string name, string shape, int parameters, string connected) => branching
        ? [name, shape, parameters.ToString("N0", CultureInfo.InvariantCulture), connected]
        : [name, shape, parameters.ToString("N0", CultureInfo.InvariantCulture)];

    /// <summary>Whether some layer takes several inputs or one tensor feeds several layers.</summary>
    private static bool IsBranching(Model model)
    {
        var uses = new Dictionary<SymbolicTensor, int>(ReferenceEqualityComparer.Instance);
        foreach (SymbolicTensor step in Steps(model))
        {
            if (step.Inputs.Count > 1) return true;
            foreach (SymbolicTensor i in step.Inputs) uses[i] = uses.GetValueOrDefault(i) + 1;
        }
        return model.Inputs.Count > 1 || model.Outputs.Count > 1 || uses.Values.Any(n => n > 1);
    }

    private static IEnumerable<SymbolicTensor> Steps(Model model)
    {
        var seen = new HashSet<SymbolicTensor>(ReferenceEqualityComparer.Instance);
        var stack = new Stack<SymbolicTensor>(model.Outputs);
        while (stack.Count > 0)
        {
            SymbolicTensor t = stack.Pop();
            if (t.Layer is null || !seen.Add(t)) continue;
            yield return t;
            foreach (SymbolicTensor i in t.Inputs) stack.Push(i);
        }
    }

    /// <summary>"dense[0][0], input_b[0][0]": the tensors feeding the layer (Keras's node notation).</summary>
    private static string ConnectedTo(Model model, Layer layer)
    {
        string[] sources = Steps(model).Where(s => s.Layer == layer).SelectMany(s => s.Inputs).Select(i => $"{i.Name}[0][0]").ToArray();
        return sources.Length == 0 ? "-" : string.Join(", ", sources);
    }

    private static int[] ColumnWidths(int total, double[] positions)
    {
        var widths = new int[positions.Length];
        int used = 0;
        for (int i = 0; i < positions.Length; i++)
        {
            widths[i] = (int)(positions[i] * total) - used;
            used += widths[i];
        }
        return widths;
    }

    private static string Border(char left, char fill, char joint, char right, int[] widths) =>
        left + string.Join(joint, widths.Select(w => new string(fill, w + 2))) + right;

    private static string Line(char bar, string[] cells, int[] widths, int alignRight) =>
        bar + string.Concat(cells.Select((c, i) => " " + Fit(c, widths[i], i == alignRight) + " " + bar));

    private static string Fit(string cell, int width, bool right)
    {
        if (cell.Length > width) cell = cell[..(width - 1)] + "…";
        return right ? cell.PadLeft(width) : cell.PadRight(width);
    }

    /// <summary>"407,050 (1.55 MB)": float32 weights take 4 bytes each.</summary>
    private static string Count(long parameters) =>
        $"{parameters.ToString("N0", CultureInfo.InvariantCulture)} ({ReadableBytes(parameters * 4.0)})";

    private static string ReadableBytes(double bytes)
    {
        string[] units = ["B", "KB", "MB", "GB", "TB"];
        int u = 0;
        while (bytes / 1024 >= 1 && u < units.Length - 1)
        {
            bytes /= 1024;
            u++;
        }
        return bytes.ToString("F2", CultureInfo.InvariantCulture) + " " + units[u];
    }
}
