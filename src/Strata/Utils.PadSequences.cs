namespace Strata;

public static partial class Utils
{
    /// <summary>
    /// Keras's pad_sequences: sequences of different lengths to one (n, maxLen) tensor. Shorter ones are
    /// filled with <paramref name="value"/> before them ("pre", the default) or after ("post"); longer ones
    /// lose their first values ("pre", the default) or their last ("post"). maxLen defaults to the longest.
    /// </summary>
    /// <param name="sequences">The sequences of token ids; none may be null.</param>
    /// <param name="maxLen">The length of every row; the longest sequence's when null. Must not be negative.</param>
    /// <param name="dtype">The result's dtype: Int32 by default, as Keras's; Int64 or Float32.</param>
    /// <param name="padding">"pre" (the default) pads before each sequence, "post" after it.</param>
    /// <param name="truncating">"pre" (the default) drops a long sequence's first values, "post" its last.</param>
    /// <param name="value">The pad value, 0 by default; it must be a whole number for an integer dtype.</param>
    public static Tensor PadSequences(IReadOnlyList<IReadOnlyList<int>> sequences, int? maxLen = null, DType dtype = DType.Int32,
        string padding = "pre", string truncating = "pre", float value = 0f)
    {
        ArgumentNullException.ThrowIfNull(sequences);
        if (padding is not ("pre" or "post")) throw new ArgumentException($"PadSequences: padding must be \"pre\" or \"post\", got \"{padding}\".", nameof(padding));
        if (truncating is not ("pre" or "post")) throw new ArgumentException($"PadSequences: truncating must be \"pre\" or \"post\", got \"{truncating}\".", nameof(truncating));
        if (maxLen < 0) throw new ArgumentException($"PadSequences: maxLen must not be negative, got {maxLen}.", nameof(maxLen));
        if (dtype is not (DType.Int32 or DType.Int64 or DType.Float32)) throw new ArgumentException($"PadSequences: dtype must be int32, int64 or float32, got {dtype.Name()}.", nameof(dtype));
        if (dtype.IsInteger() && value != MathF.Round(value)) throw new ArgumentException($"PadSequences: the pad value {value} is not an integer, as dtype {dtype.Name()} needs.", nameof(value));
        int n = sequences.Count;
        for (int i = 0; i < n; i++)
        {
            if (sequences[i] is null) throw new ArgumentException($"PadSequences: sequence {i} is null.", nameof(sequences));
        }
        int length = maxLen ?? (n == 0 ? 0 : sequences.Max(s => s.Count));
        return dtype == DType.Float32
            ? Tensor.FromArray(Padded(sequences, length, padding, truncating, value, v => (float)v), n, length)
            : Tensor.FromArray(Padded(sequences, length, padding, truncating, (long)value, v => (long)v), n, length).AsType(dtype);
    }

    /// <summary>The padded rows, row-major, each value converted by <paramref name="convert"/>.</summary>
    private static T[] Padded<T>(IReadOnlyList<IReadOnlyList<int>> sequences, int length, string padding, string truncating, T value, Func<int, T> convert)
    {
        var padded = new T[sequences.Count * length];
        Array.Fill(padded, value);
        for (int i = 0; i < sequences.Count; i++)
        {
            IReadOnlyList<int> sequence = sequences[i];
            int kept = Math.Min(length, sequence.Count);
            int from = truncating == "pre" ? sequence.Count - kept : 0;
            int to = (i * length) + (padding == "pre" ? length - kept : 0);
            for (int j = 0; j < kept; j++) padded[to + j] = convert(sequence[from + j]);
        }
        return padded;
    }
}
