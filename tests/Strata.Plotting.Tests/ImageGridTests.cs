using SkiaSharp;

namespace Strata.Plotting.Tests;

public class ImageGridTests
{
    // Two 2x3 images: a ramp of ink, and its reverse.
    private static readonly byte[] Pixels = [0, 51, 102, 153, 204, 255, 255, 204, 153, 102, 51, 0];

    private static Tensor TwoImages() => Tensor.FromArray(Pixels, 2, 2, 3);

    /// <summary>The gray drawn for a source value: the book's binary colormap, 0 white and 255 black.</summary>
    private static byte Ink(byte value) => (byte)(255 - value);

    private static void AssertImageDrawn(SKBitmap bitmap, GridLayout layout, int index, int scale, byte[] expected, int height, int width)
    {
        SKRectI cell = layout.ImageRect(index);
        for (int y = 0; y < cell.Height; y++)
        {
            for (int x = 0; x < cell.Width; x++)
            {
                byte value = expected[(index * height + y / scale) * width + x / scale];
                SKColor c = bitmap.GetPixel(cell.Left + x, cell.Top + y);
                Assert.Equal((Ink(value), Ink(value), Ink(value)), (c.Red, c.Green, c.Blue));
            }
        }
    }

    [Fact]
    public void Each_pixel_becomes_a_sharp_block_of_ink_in_its_cell()
    {
        using SKBitmap bitmap = ImageGrid.Render(TwoImages(), columns: 10, captions: null, scale: 3);

        var layout = new GridLayout(2, 2, 3, 10, 3, captioned: false);
        Assert.Equal((layout.CanvasWidth, layout.CanvasHeight), (bitmap.Width, bitmap.Height));
        Assert.Equal(2, layout.Columns);
        AssertImageDrawn(bitmap, layout, 0, 3, Pixels, 2, 3);
        AssertImageDrawn(bitmap, layout, 1, 3, Pixels, 2, 3);
        Assert.Equal(SKColors.White, bitmap.GetPixel(0, 0));
    }

    [Fact]
    public void Float_images_in_zero_to_one_draw_as_their_bytes_do()
    {
        float[] unit = Pixels.Select(p => p / 255f).ToArray();
        using SKBitmap fromBytes = ImageGrid.Render(TwoImages(), 1, null, 2);
        using SKBitmap fromFloats = ImageGrid.Render(Tensor.FromArray(unit, 2, 2, 3), 1, null, 2);

        Assert.Equal(fromBytes.Pixels, fromFloats.Pixels);
    }

    [Fact]
    public void ToPng_gives_the_bytes_Save_writes()
    {
        using var temp = new TempFolder();
        Tensor images = Tensor.FromArray(Enumerable.Range(0, 3 * 5 * 4).Select(i => (byte)(i * 4)).ToArray(), 3, 5, 4);
        ImageGrid.Save(images, temp.File("grid.png"), columns: 2, captions: ["a", "b", "c"]);
        Assert.Equal(File.ReadAllBytes(temp.File("grid.png")), ImageGrid.ToPng(images, columns: 2, captions: ["a", "b", "c"]));
    }

    [Fact]
    public void Columns_wrap_images_onto_rows()
    {
        var layout = new GridLayout(count: 25, height: 28, width: 28, columns: 10, scale: 3, captioned: false);

        Assert.Equal((10, 3), (layout.Columns, layout.Rows));
        Assert.Equal(layout.ImageRect(0).Left, layout.ImageRect(10).Left);
        Assert.True(layout.ImageRect(10).Top >= layout.ImageRect(0).Bottom);
        Assert.True(layout.ImageRect(9).Right <= layout.CanvasWidth);
        Assert.True(layout.ImageRect(24).Bottom <= layout.CanvasHeight);
    }

    [Fact]
    public void One_image_shaped_height_by_width_and_channel_last_images_are_accepted()
    {
        using SKBitmap single = ImageGrid.Render(Tensor.FromArray(Pixels[..6], 2, 3), 10, null, 1);
        using SKBitmap channelLast = ImageGrid.Render(Tensor.FromArray(Pixels, 2, 2, 3, 1), 10, null, 1);

        var oneLayout = new GridLayout(1, 2, 3, 10, 1, false);
        AssertImageDrawn(single, oneLayout, 0, 1, Pixels, 2, 3);
        AssertImageDrawn(channelLast, new GridLayout(2, 2, 3, 10, 1, false), 1, 1, Pixels, 2, 3);
    }

    [Fact]
    public void Captions_are_drawn_under_the_images()
    {
        var layout = new GridLayout(2, 2, 3, 10, 8, captioned: true);
        using SKBitmap bitmap = ImageGrid.Render(TwoImages(), 10, ["5", "0"], 8);

        Assert.Equal(layout.CanvasHeight, bitmap.Height);
        SKRectI cell = layout.ImageRect(0);
        int darkPixels = 0;
        for (int y = cell.Bottom + 1; y < cell.Bottom + layout.CaptionHeight; y++)
        {
            for (int x = cell.Left; x < cell.Right; x++)
            {
                if (bitmap.GetPixel(x, y).Red < 128) darkPixels++;
            }
        }
        Assert.True(darkPixels > 5, "the caption '5' left no ink under its image: is a font installed?");
    }

    [Fact]
    public void Save_writes_a_png_the_size_of_the_grid()
    {
        using var temp = new TempFolder();
        string path = temp.File("digits/grid.png");
        Tensor images = Tensor.FromArray(new byte[12 * 28 * 28], 12, 28, 28);
        string[] captions = Enumerable.Range(0, 12).Select(i => i.ToString(System.Globalization.CultureInfo.InvariantCulture)).ToArray();

        ImageGrid.Save(images, path, columns: 5, captions: captions);

        var layout = new GridLayout(12, 28, 28, 5, 3, captioned: true);
        Assert.Equal((layout.CanvasWidth, layout.CanvasHeight), Png.AssertValid(path));
        Png.AssertNoTempFiles(temp.Path);
    }

    [Theory]
    [InlineData(new[] { 12 })]
    [InlineData(new[] { 2, 2, 3, 1, 1 })]
    [InlineData(new[] { 1, 2, 2, 3 })]
    public void A_tensor_that_is_not_grayscale_images_names_its_shape(int[] shape)
    {
        Tensor t = Tensor.FromArray(new byte[12], shape);
        var ex = Assert.Throws<ArgumentException>(() => ImageGrid.Render(t, 10, null, 3));
        Assert.Contains("(n, height, width)", ex.Message);
    }

    [Fact]
    public void Integer_labels_are_not_images()
    {
        var ex = Assert.Throws<ArgumentException>(() => ImageGrid.Render(Tensor.FromArray(new int[12], 2, 2, 3), 10, null, 3));
        Assert.Contains("UInt8", ex.Message);
    }

    [Fact]
    public void Bad_columns_scale_or_caption_count_are_errors_and_write_nothing()
    {
        using var temp = new TempFolder();
        string path = temp.File("grid.png");
        Assert.Throws<ArgumentOutOfRangeException>(() => ImageGrid.Save(TwoImages(), path, columns: 0));
        Assert.Throws<ArgumentOutOfRangeException>(() => ImageGrid.Save(TwoImages(), path, scale: 0));
        var ex = Assert.Throws<ArgumentException>(() => ImageGrid.Save(TwoImages(), path, captions: ["only one"]));
        Assert.Contains("1 captions for 2 images", ex.Message);
        Assert.Throws<ArgumentException>(() => ImageGrid.Save(TwoImages(), temp.File("grid.bmp")));
        Assert.Empty(Directory.GetFileSystemEntries(temp.Path));
    }

    [Fact]
    public void A_whole_dataset_in_one_grid_is_refused_with_a_hint()
    {
        Tensor many = Tensor.FromArray(new byte[60000 * 4], 60000, 2, 2);
        var ex = Assert.Throws<ArgumentException>(() => ImageGrid.Render(many, 1, null, 3));
        Assert.Contains("images[..100]", ex.Message);
    }
}
