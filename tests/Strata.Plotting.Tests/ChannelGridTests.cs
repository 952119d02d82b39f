namespace Strata.Plotting.Tests;

public class ChannelGridTests
{
    [Fact]
    public void Each_channel_is_normalized_on_its_own_as_the_book_does()
    {
        // Two channels over a 1x4 map: (0, 1, 2, 3) and ten times it; both normalize to the same picture.
        float[] values = [0, 0, 1, 10, 2, 20, 3, 30];
        Tensor images = ChannelGrid.Channels(Tensor.FromArray(values, 1, 4, 2));
        Assert.Equal(new Shape(2, 1, 4), images.Shape);
        // mean 1.5, std sqrt(1.25): (v - 1.5) / 1.118 · 64 + 128, over 255.
        float[] expected = new[] { 0.0, 1, 2, 3 }.Select(v => (float)(Math.Clamp(((v - 1.5) / Math.Sqrt(1.25) * 64) + 128, 0, 255) / 255)).ToArray();
        float[] result = images.ToArray<float>();
        Assert.Equal(expected, result[..4], (a, b) => Math.Abs(a - b) < 1e-6f);
        Assert.Equal(expected, result[4..], (a, b) => Math.Abs(a - b) < 1e-6f);
    }

    [Fact]
    public void A_flat_channel_draws_blank_and_a_kernel_draws_its_filters()
    {
        Tensor flat = ChannelGrid.Channels(Tensor.Full([2, 2, 1], 5f));
        Assert.All(flat.ToArray<float>(), v => Assert.Equal(0f, v));
        Tensor filters = ChannelGrid.Channels(Tensor.Uniform([3, 3, 1, 8], seed: 1));
        Assert.Equal(new Shape(8, 3, 3), filters.Shape);
        Assert.Contains("activations[0]", Assert.Throws<ArgumentException>(() => ChannelGrid.Channels(Tensor.Zeros(2, 3, 3, 4))).Message);
    }

    [Fact]
    public void Save_writes_a_png_grid()
    {
        string path = Path.Combine(Path.GetTempPath(), $"strata-channels-{Guid.NewGuid():N}.png");
        try
        {
            ChannelGrid.Save(Tensor.Uniform([5, 6, 32], seed: 2), path, columns: 8, scale: 2);
            (int width, int height) = Png.AssertValid(path);
            Assert.True(width > 8 * 6 * 2 && height > 4 * 5 * 2, $"{width}x{height}");
        }
        finally
        {
            File.Delete(path);
        }
    }
}
