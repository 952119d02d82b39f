using System.Globalization;
using System.Text;

namespace Strata;

// Printing as NumPy does: a header with shape and dtype, then nested brackets, all elements in
// one width, large tensors summarized with "..." after three items at each edge.
public partial class Tensor
{
    private const int SummarizeAbove = 1000;
    private const int EdgeItems = 3;

    /// <summary>
    /// The tensor printed as NumPy prints an array: a header with shape and dtype, then nested
    /// brackets, all elements in one width; above 1000 elements, each axis longer than six shows
    /// its first and last three items around "...".
    /// </summary>
    public override string ToString()
    {
        var text = new StringBuilder($"Tensor(shape={Shape}, dtype={DType.Name()})\n");
        bool summarize = Size > SummarizeAbove;
        string[] items = FormatElements(summarize);
        int width = items.Length == 0 ? 0 : items.Max(s => s.Length);
        int next = 0;
        AppendAxis(text, 0, summarize, items, width, ref next);
        return text.ToString();
    }

    private void AppendAxis(StringBuilder text, int axis, bool summarize, string[] items, int width, ref int next)
    {
        if (axis == Rank)
        {
            text.Append(items[next++].PadLeft(width));
            return;
        }
        int dim = Shape.Dims[axis];
        text.Append('[');
        string separator = axis == Rank - 1 ? " " : new string('\n', Rank - 1 - axis) + new string(' ', axis + 1);
        bool first = true;
        foreach (int i in ShownIndices(dim, summarize))
        {
            if (!first) text.Append(separator);
            first = false;
            if (i < 0) text.Append("...");
            else AppendAxis(text, axis + 1, summarize, items, width, ref next);
        }
        text.Append(']');
    }

    /// <summary>The indices printed along an axis; -1 stands for the elided middle.</summary>
    private static IEnumerable<int> ShownIndices(int dim, bool summarize)
    {
        if (!summarize || dim <= 2 * EdgeItems) return Enumerable.Range(0, dim);
        return Enumerable.Range(0, EdgeItems).Append(-1).Concat(Enumerable.Range(dim - EdgeItems, EdgeItems));
    }

    /// <summary>The printed elements, in the order <see cref="AppendAxis"/> visits them.</summary>
    private string[] FormatElements(bool summarize)
    {
        int[] positions = ShownPositions(summarize).ToArray();
        return Buffer switch
        {
            float[] f => FormatFloats(positions.Select(p => f[Offset + p]).ToArray()),
            bool[] b => positions.Select(p => b[Offset + p] ? "True" : "False").ToArray(),
            string[] t => positions.Select(p => $"\"{t[Offset + p].Replace("\\", "\\\\", StringComparison.Ordinal).Replace("\"", "\\\"", StringComparison.Ordinal)}\"").ToArray(),
            _ => positions.Select(p => Convert.ToString(Buffer.GetValue(Offset + p), CultureInfo.InvariantCulture)!).ToArray(),
        };
    }

    private IEnumerable<int> ShownPositions(bool summarize)
    {
        int[] strides = Shape.Strides();
        IEnumerable<int> positions = [0];
        for (int axis = 0; axis < Rank; axis++)
        {
            int a = axis;
            positions = positions.SelectMany(p => ShownIndices(Shape.Dims[a], summarize).Where(i => i >= 0).Select(i => p + i * strides[a]));
        }
        return positions;
    }

    /// <summary>NumPy's rules: "1." for whole numbers, scientific notation for a wide range, else up to 8 decimals.</summary>
    private static string[] FormatFloats(float[] values)
    {
        float[] finite = values.Where(float.IsFinite).Select(MathF.Abs).ToArray();
        float max = finite.Length == 0 ? 0 : finite.Max();
        float minNonZero = finite.Where(v => v > 0).DefaultIfEmpty(0).Min();
        bool scientific = max >= 1e8f || (minNonZero > 0 && (minNonZero < 1e-4f || max / minNonZero > 1e3f));
        if (scientific) return values.Select(v => Special(v) ?? v.ToString("0.########e+00", CultureInfo.InvariantCulture)).ToArray();
        int decimals = values.Where(float.IsFinite).Select(Decimals).DefaultIfEmpty(0).Max();
        return values.Select(v => Special(v) ?? (decimals == 0
            ? ((double)v).ToString("0", CultureInfo.InvariantCulture) + "."
            : ((double)v).ToString("F" + decimals, CultureInfo.InvariantCulture))).ToArray();
    }

    /// <summary>How many decimals (at most 8) print the float faithfully.</summary>
    private static int Decimals(float v)
    {
        for (int d = 0; d < 8; d++)
        {
            if ((float)Math.Round(v, d) == v) return d;
        }
        return 8;
    }

    private static string? Special(float v) =>
        float.IsNaN(v) ? "nan" : float.IsPositiveInfinity(v) ? "inf" : float.IsNegativeInfinity(v) ? "-inf" : null;
}
