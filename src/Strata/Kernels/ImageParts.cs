namespace Strata.Kernels;

/// <summary>
/// Splits a per-image kernel (pooling, whose windows never cross images) over the threads by whole images:
/// each part runs the kernel on a geometry of its own images. Images are computed alone, so results do
/// not depend on the split.
/// </summary>
internal static class ImageParts
{
    /// <summary>Values per thread below which a second thread costs more than it saves.</summary>
    private const long MinPerThread = 64 * 1024;

    /// <summary>Calls <paramref name="body"/>(part, first image) for parts covering the batch.</summary>
    public static void For(ConvGeometry g, Action<ConvGeometry, int> body)
    {
        long work = (long)g.Batch * g.Height * g.Width * g.Channels;
        int parts = Math.Min(g.Batch, GemmWorkers.PartsFor(work, MinPerThread, Engine.Threads));
        if (parts <= 1) body(g, 0);
        else ParallelElementwise.ForItems(g.Batch, parts, (first, end) => body(g with { Batch = end - first }, first));
    }

    /// <summary>Values of one input image.</summary>
    public static int InImage(in ConvGeometry g) => g.Height * g.Width * g.Channels;

    /// <summary>Values of one output image.</summary>
    public static int OutImage(in ConvGeometry g) => g.OutHeight * g.OutWidth * g.Channels;
}
