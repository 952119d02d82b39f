using SkiaSharp;

namespace Strata.Interactive.Tests;

public class TensorViewTests
{
    [Fact]
    public void A_small_matrix_is_a_table_of_its_values_with_the_NumPy_text_folded_below()
    {
        Tensor t = Tensor.FromArray(new float[] { 1.5f, -2f, 0.25f, 3f, 4f, 1e-7f }, 2, 3);
        string html = NotebookViews.ToHtml(t);

        Assert.Contains("Tensor shape=(2, 3) dtype=float32", html);
        List<string[]> table = Assert.Single(HtmlPage.Tables(html));
        Assert.Equal(["", "0", "1", "2"], table[0]);
        Assert.Equal(["0", "1.5", "-2", "0.25"], table[1]);
        Assert.Equal(["1", "3", "4", "1E-07"], table[2]);
        Assert.Contains("<details><summary>values</summary>", html);
        Assert.Equal(t.ToString(), HtmlPage.Preformatted(html));
        Assert.Empty(HtmlPage.Images(html));
    }

    [Fact]
    public void A_vector_is_a_one_row_table_headed_by_its_indices_and_integers_print_exactly()
    {
        Tensor t = Tensor.FromArray(new long[] { 9007199254740993L, -1, 0 }, 3);
        List<string[]> table = Assert.Single(HtmlPage.Tables(NotebookViews.ToHtml(t)));
        Assert.Equal(2, table.Count);
        Assert.Equal(["0", "1", "2"], table[0]);
        Assert.Equal(["9007199254740993", "-1", "0"], table[1]);
    }

    [Fact]
    public void A_stack_of_small_matrices_is_one_table_each()
    {
        Tensor t = Tensor.FromArray(Enumerable.Range(0, 12).ToArray(), 3, 2, 2);
        List<List<string[]>> tables = HtmlPage.Tables(NotebookViews.ToHtml(t));
        Assert.Equal(3, tables.Count);
        Assert.Equal(["1", "10", "11"], tables[2][2]);
    }

    [Fact]
    public void A_digit_is_drawn_as_the_book_draws_it_ink_black_on_white_enlarged_four_times()
    {
        // A 28 x 28 UInt8 image: 0 background, a full-ink square at rows 10..13, columns 5..8.
        var pixels = new byte[28 * 28];
        for (int r = 10; r < 14; r++) for (int c = 5; c < 9; c++) pixels[(r * 28) + c] = 255;
        string html = NotebookViews.ToHtml(Tensor.FromArray(pixels, 28, 28));

        Assert.Empty(HtmlPage.Tables(html));
        using SKBitmap image = Assert.Single(HtmlPage.Images(html));
        // ImageGrid's layout at scale 4: an 8-pixel gap around a 112-pixel cell.
        Assert.Equal((128, 128), (image.Width, image.Height));
        Assert.Equal(SKColors.Black, image.GetPixel(8 + (6 * 4) + 1, 8 + (11 * 4) + 1));
        Assert.Equal(SKColors.White, image.GetPixel(8 + (20 * 4) + 1, 8 + (20 * 4) + 1));
        Assert.Contains("<details><summary>values</summary>", html);
    }

    [Fact]
    public void Float_data_outside_zero_to_one_is_stretched_from_its_minimum_white_to_its_maximum_black()
    {
        float[] values = Enumerable.Repeat(-3f, 32 * 32).ToArray();
        values[0] = 5f;
        values[1] = 1f;
        using SKBitmap image = Assert.Single(HtmlPage.Images(NotebookViews.ToHtml(Tensor.FromArray(values, 32, 32))));
        int scale = 3, gap = 6;
        Assert.Equal(SKColors.Black, image.GetPixel(gap, gap));
        Assert.Equal(SKColors.White, image.GetPixel(gap + (5 * scale), gap + (5 * scale)));
        // 1 is half way from -3 to 5: mid gray.
        Assert.InRange(image.GetPixel(gap + scale, gap).Red, 126, 129);
    }

    [Fact]
    public void A_stack_of_images_is_one_grid_ten_to_a_row()
    {
        Tensor stack = Tensor.FromArray(new float[12 * 28 * 28], 12, 28, 28, 1);
        using SKBitmap image = Assert.Single(HtmlPage.Images(NotebookViews.ToHtml(stack)));
        Assert.Equal((8 + (10 * (112 + 8)), 8 + (2 * (112 + 8))), (image.Width, image.Height));
    }

    [Fact]
    public void Data_with_NaN_has_no_picture_and_shows_as_text()
    {
        float[] values = new float[30 * 30];
        values[7] = float.NaN;
        string html = NotebookViews.ToHtml(Tensor.FromArray(values, 30, 30));
        Assert.Empty(HtmlPage.Images(html));
        Assert.Contains("nan", HtmlPage.Preformatted(html));
    }

    [Theory]
    [InlineData(2000)]       // a long vector
    [InlineData(100, 1)]     // a column of predictions: too thin to be a picture, too long for a table
    [InlineData(2, 3, 4, 5)] // rank 4 with channels
    public void Other_shapes_are_the_NumPy_text_alone(params int[] shape)
    {
        Tensor t = Tensor.Zeros(new Shape(shape));
        string html = NotebookViews.ToHtml(t);
        Assert.Empty(HtmlPage.Images(html));
        Assert.Empty(HtmlPage.Tables(html));
        Assert.DoesNotContain("<details>", html);
        Assert.Equal(t.ToString(), HtmlPage.Preformatted(html));
    }

    [Fact]
    public void Strings_are_escaped_not_interpreted()
    {
        Tensor t = Tensor.FromArray(new[] { "<b>bold</b> & co" }, 1);
        string html = NotebookViews.ToHtml(t);
        Assert.DoesNotContain("<b>bold", html);
        Assert.Contains("&lt;b&gt;bold&lt;/b&gt; &amp; co", html);
    }

    [Fact]
    public void A_shape_is_its_Python_tuple()
    {
        Assert.Equal("<code>(60000, 28, 28)</code>", NotebookViews.ToHtml(new Shape(60000, 28, 28)));
        Assert.Equal("<code>(3,)</code>", NotebookViews.ToHtml(new Shape(3)));
    }
}
