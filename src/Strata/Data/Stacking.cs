namespace Strata;

/// <summary>Samples stacked into a batch along a new first axis.</summary>
internal static class Stacking
{
    public static Tensor Stack<T>(T[] elements, Func<T, Tensor> component, int index) => Stack(elements.Select(component).ToArray(), index);

    public static Tensor Stack(Tensor[] samples, int index)
    {
        Tensor first = samples[0];
        for (int i = 1; i < samples.Length; i++)
        {
            Tensor s = samples[i];
            if (s.Shape != first.Shape || s.DType != first.DType)
            {
                throw new ArgumentException($"Dataset.Batch: component {index} of element {i} has shape {s.Shape} ({s.DType.Name()}) but element 0 has {first.Shape} ({first.DType.Name()}); a batch stacks samples of one shape and dtype. Resize or pad them first (for example in Map).");
            }
        }
        Shape shape = Shape.Own([samples.Length, .. first.Shape.Dims]);
        // Consecutive rows of one tensor (FromTensors then Batch, unshuffled): the batch is a view of them.
        if (Consecutive(samples)) return new Tensor(first.Buffer, first.Offset, shape, first.DType);
        var batch = new Tensor(shape, first.DType);
        int size = first.Size;
        for (int i = 0; i < samples.Length; i++) Array.Copy(samples[i].Buffer, samples[i].Offset, batch.Buffer, i * size, size);
        return batch;
    }

    private static bool Consecutive(Tensor[] samples)
    {
        Tensor first = samples[0];
        if (first is Variable) return false;
        for (int i = 1; i < samples.Length; i++)
        {
            if (!ReferenceEquals(samples[i].Buffer, first.Buffer) || samples[i].Offset != first.Offset + i * first.Size) return false;
        }
        return true;
    }
}
