namespace Strata.Plotting;

/// <summary>
/// The book's chapter 9 pictures of what a convnet sees: every channel of one image's activations (or
/// every filter of a convolution's kernel) as its own small image in a grid. Each channel is brought to
/// the book's display range on its own (minus its mean, over its standard deviation, × 64 + 128, clipped
/// to 0..255), so that a faint channel shows its pattern as clearly as a strong one; a flat channel draws
/// blank, as in the book.
/// <code>
/// var activations = new Model(model.Inputs, [firstConv]).Predict(image);   // (1, 26, 26, 32)
/// ChannelGrid.Save(activations[0], "plots/conv1-activations.png", columns: 16);
/// </code>
/// </summary>
public static class ChannelGrid
{
    private const string Operation = "ChannelGrid.Save";

    /// <summary>
    /// Writes the channels of <paramref name="maps"/> (height, width, channels), or of a kernel
    /// (height, width, 1, filters), as a grid of grayscale images to a PNG at <paramref name="path"/>.
    /// </summary>
    public static void Save(Tensor maps, string path, int columns = 16, int scale = 4)
    {
        ArgumentNullException.ThrowIfNull(maps);
        ImageGrid.Save(Channels(maps), path, columns, captions: null, scale);
    }

    /// <summary>The channels as (channels, height, width) images in 0..1, each normalized as the book does.</summary>
    internal static Tensor Channels(Tensor maps)
    {
        int[] dims = maps.Shape.ToArray();
        (int h, int w, int c) = dims switch
        {
            [int hh, int ww, int cc] => (hh, ww, cc),
            [int hh, int ww, 1, int ff] => (hh, ww, ff),
            _ => throw new ArgumentException($"{Operation}: expected one image's activations (height, width, channels) or a kernel (height, width, 1, filters), got shape {maps.Shape}; pick one image first, e.g. activations[0].", nameof(maps)),
        };
        float[] values = maps.AsType(DType.Float32).ToArray<float>();
        var images = new float[c * h * w];
        for (int ch = 0; ch < c; ch++)
        {
            double sum = 0, squares = 0;
            for (int p = 0; p < h * w; p++) sum += values[(p * c) + ch];
            double mean = sum / (h * w);
            for (int p = 0; p < h * w; p++) squares += Math.Pow(values[(p * c) + ch] - mean, 2);
            double std = Math.Sqrt(squares / (h * w));
            for (int p = 0; p < h * w; p++)
            {
                double v = values[(p * c) + ch];
                if (!double.IsFinite(v)) throw new ArgumentException($"{Operation}: channel {ch} holds {v} at position {p}; there is no gray for it.", nameof(maps));
                // The book: (x - mean) / std · 64 + 128, clipped. For a channel without variation its division gives
                // NaN, which matplotlib leaves blank: blank here too.
                double shown = std > 0 ? Math.Clamp((((v - mean) / std) * 64) + 128, 0, 255) : 0;
                images[(ch * h * w) + p] = (float)(shown / 255);
            }
        }
        return Tensor.FromArray(images, c, h, w);
    }
}
