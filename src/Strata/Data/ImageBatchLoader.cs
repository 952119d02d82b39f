namespace Strata;

/// <summary>
/// Decodes a batch of labelled image files into one (batch, height, width, channels) float32 tensor of
/// values in [0, 255], each image resized to the size asked for, and their labels as the label mode says.
/// The images of a batch are decoded in parallel.
/// </summary>
internal sealed class ImageBatchLoader(int channels, int height, int width, string interpolation, bool cropToAspectRatio, string labelMode, int classes, string op)
{
    public (Tensor X, Tensor Y) Load((string Path, int Label)[] batch)
    {
        var images = new Tensor(Shape.Own([batch.Length, height, width, channels]), DType.Float32);
        float[] pixels = images.Array<float>();
        int size = height * width * channels;
        try
        {
            Parallel.For(0, batch.Length, new ParallelOptions { MaxDegreeOfParallelism = Engine.Threads }, i => Decode(batch[i].Path, pixels.AsSpan(i * size, size)));
        }
        catch (AggregateException e) when (e.InnerExceptions.Count > 0)
        {
            // The error of the first bad file, as a sequential loop would raise it, not wrapped.
            System.Runtime.ExceptionServices.ExceptionDispatchInfo.Capture(e.InnerExceptions[0]).Throw();
        }
        return (images, LabelledFiles.Labels(batch, labelMode, classes));
    }

    private void Decode(string path, Span<float> into)
    {
        (byte[] bytes, int h, int w) = ImageFile.Decode(path, channels, op);
        if (h == height && w == width)
        {
            for (int i = 0; i < bytes.Length; i++) into[i] = bytes[i];
            return;
        }
        var image = Tensor.FromArray(Array.ConvertAll(bytes, b => (float)b), 1, h, w, channels);
        Ops.Resize(image, height, width, interpolation, cropToAspectRatio).Data<float>().CopyTo(into);
    }

}
