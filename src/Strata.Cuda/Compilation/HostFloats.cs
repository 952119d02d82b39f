namespace Strata.Cuda.Compilation;

/// <summary>
/// Integer and bool values as the device holds them, floats: labels, class indices and masks, copied across with a
/// check that each integer is one float32 holds exactly (|v| ≤ 2^24), so no value changes silently on the way.
/// </summary>
internal static class HostFloats
{
    private const long Exact = 1 << 24;

    public static float[] Of(Tensor tensor, string label) => tensor.DType switch
    {
        DType.Float32 => tensor.ToArray<float>(),
        DType.Bool => [.. tensor.Data<bool>().ToArray().Select(b => b ? 1f : 0f)],
        DType.UInt8 => [.. tensor.Data<byte>().ToArray().Select(b => (float)b)],
        DType.Int32 => [.. tensor.Data<int>().ToArray().Select(v => Checked(v, label))],
        DType.Int64 => [.. tensor.Data<long>().ToArray().Select(v => Checked(v, label))],
        _ => throw new NotSupportedException($"GPU step: {label} is {tensor.DType.Name()}; the device holds numbers only."),
    };

    public static void Into(float[] floats, Tensor tensor)
    {
        switch (tensor.DType)
        {
            case DType.Bool: Fill(floats, tensor.Span<bool>(), f => f != 0f); break;
            case DType.UInt8: Fill(floats, tensor.Span<byte>(), f => (byte)f); break;
            case DType.Int32: Fill(floats, tensor.Span<int>(), f => (int)f); break;
            case DType.Int64: Fill(floats, tensor.Span<long>(), f => (long)f); break;
            default: floats.CopyTo(tensor.Span<float>()); break;
        }
    }

    private static float Checked(long v, string label) => v is >= -Exact and <= Exact ? v
        : throw new NotSupportedException($"GPU step: {label} holds {v}, an integer beyond 2^24 that float32, the device's number type, cannot hold exactly; run this model on Device.Cpu.");

    private static void Fill<T>(float[] floats, Span<T> into, Func<float, T> convert)
    {
        for (int i = 0; i < floats.Length; i++) into[i] = convert(floats[i]);
    }
}
