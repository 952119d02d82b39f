using System.Globalization;
using System.Text;
using Strata.Layers;

namespace Strata;

/// <summary>
/// What Keras's <c>model.summary()</c> prints, as data: one row per layer with its output shape and
/// parameter count (and, for a branching functional model, the tensors feeding it), then the totals.
/// <see cref="ToString"/> draws Keras's text table; a notebook or a report can lay the rows out its own way.
/// <code>
/// ModelSummary summary = model.GetSummary();
/// Console.WriteLine($"{summary.Rows.Count} layers, {summary.TrainableParams:N0} trainable parameters");
/// </code>
/// </summary>
public sealed class ModelSummary
{
    private ModelSummary(string modelName, bool showsConnections, IReadOnlyList<ModelSummaryRow> rows, long trainable, long nonTrainable)
    {
        ModelName = modelName;
        ShowsConnections = showsConnections;
        Rows = rows;
        TrainableParams = trainable;
        NonTrainableParams = nonTrainable;
    }

    /// <summary>The model's name, as the table's title shows it.</summary>
    public string ModelName { get; }

    /// <summary>
    /// Whether the table has Keras's "Connected to" column: for a functional model where some layer takes
    /// several inputs or one tensor feeds several layers.
    /// </summary>
    public bool ShowsConnections { get; }

    /// <summary>The column headers, as Keras names them: "Layer (type)", "Output Shape", "Param #" and, when shown, "Connected to".</summary>
    public IReadOnlyList<string> Columns => ShowsConnections ? ["Layer (type)", "Output Shape", "Param #", "Connected to"] : ["Layer (type)", "Output Shape", "Param #"];

    /// <summary>One row per input (functional models) and per layer, in the model's order.</summary>
    public IReadOnlyList<ModelSummaryRow> Rows { get; }

    /// <summary>Every weight's element count, shared weights once.</summary>
    public long TotalParams => TrainableParams + NonTrainableParams;

    /// <summary>The element count of the weights training updates.</summary>
    public long TrainableParams { get; }

    /// <summary>The element count of the weights training leaves alone (batch norm's moving statistics, frozen layers).</summary>
    public long NonTrainableParams { get; }

    /// <summary>"407,050 (1.55 MB)": a parameter count with the size of its float32 weights, as Keras prints totals.</summary>
    public static string FormatCount(long parameters) =>
        $"{parameters.ToString("N0", CultureInfo.InvariantCulture)} ({ReadableBytes(parameters * 4.0)})";

    internal static ModelSummary Of(Model model)
    {
        bool branching = model is not Sequential && IsBranching(model);
        var rows = new List<ModelSummaryRow>();
        if (model is not Sequential)
        {
            foreach (SymbolicTensor input in model.Inputs)
            {
                rows.Add(new ModelSummaryRow(input.Name, "InputLayer", SymbolicTensor.FormatShape(input.Dims), 0, "-"));
            }
        }
        foreach (Layer layer in model.Layers)
        {
            string shape = layer.OutputDims is int[] dims ? SymbolicTensor.FormatShape(dims) : "?";
            rows.Add(new ModelSummaryRow(layer.Name, layer.GetType().Name, shape, layer.CountParams(), ConnectedTo(model, layer)));
        }
        long trainable = model.TrainableWeights.Sum(w => (long)w.Size), nonTrainable = model.NonTrainableWeights.Sum(w => (long)w.Size);
        return new ModelSummary(model.Name, branching, rows, trainable, nonTrainable);
    }

    /// <summary>Keras's text table, box-drawn, 88 characters wide (108 with the "Connected to" column), then the totals.</summary>
    public override string ToString()
    {
        int lineLength = ShowsConnections ? 108 : 88;
        double[] positions = ShowsConnections ? [0.3, 0.56, 0.74, 1.0] : [0.45, 0.80, 1.0];
        string[] header = [.. Columns];
        int[] widths = ColumnWidths(lineLength - 1 - 3 * header.Length, positions);

        var text = new StringBuilder();
        text.Append($"Model: \"{ModelName}\"\n");
        text.Append(Border('┏', '━', '┳', '┓', widths)).Append('\n');
        text.Append(Line('┃', header, widths, alignRight: 2)).Append('\n');
        text.Append(Border('┡', '━', '╇', '┩', widths)).Append('\n');
        for (int r = 0; r < Rows.Count; r++)
        {
            if (r > 0) text.Append(Border('├', '─', '┼', '┤', widths)).Append('\n');
            text.Append(Line('│', [.. Cells(Rows[r])], widths, alignRight: 2)).Append('\n');
        }
        text.Append(Border('└', '─', '┴', '┘', widths)).Append('\n');
        text.Append($" Total params: {FormatCount(TotalParams)}\n");
        text.Append($" Trainable params: {FormatCount(TrainableParams)}\n");
        text.Append($" Non-trainable params: {FormatCount(NonTrainableParams)}\n");
        return text.ToString();
    }

    /// <summary>A row's cells as the table prints them, one per <see cref="Columns"/> entry: "dense (Dense)", "(None, 512)", "401,920"...</summary>
    public IReadOnlyList<string> Cells(ModelSummaryRow row)
    {
        ArgumentNullException.ThrowIfNull(row);
        string parameters = row.Params.ToString("N0", CultureInfo.InvariantCulture);
        return ShowsConnections ? [row.LayerAndType, row.OutputShape, parameters, row.ConnectedTo] : [row.LayerAndType, row.OutputShape, parameters];
    }

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
