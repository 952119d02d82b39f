using Strata.Datasets;

namespace Strata.Tests.Datasets;

public sealed class CsvTests : IDisposable
{
    private readonly TempDirectory _temp = new();

    public void Dispose() => _temp.Dispose();

    private int _count;

    private string Write(string text)
    {
        string path = Path.Combine(_temp.Path, $"table{_count++}.csv");
        File.WriteAllText(path, text);
        return path;
    }

    [Fact]
    public void ReadsHeaderAndValues()
    {
        var (header, values) = Csv.Read(Write("\"a\", b ,c\r\n1,2.5,-3e2\r\n\r\n4, 5 ,nan\n7,8,9\n\n"));
        Assert.Equal(["a", "b", "c"], header);
        Assert.Equal(DType.Float32, values.DType);
        Assert.Equal([3, 3], values.Shape.ToArray());
        Assert.Equal(new[] { 1f, 2.5f, -300f, 4f, 5f, float.NaN, 7f, 8f, 9f }, values.ToArray<float>());
    }

    [Fact]
    public void ReadsWithoutHeader_OtherSeparator_AndEmptyTables()
    {
        var (header, values) = Csv.Read(Write("1;2\n3;4\n"), hasHeader: false, separator: ';');
        Assert.Empty(header);
        Assert.Equal(new[] { 1f, 2f, 3f, 4f }, values.ToArray<float>());
        Assert.Equal([2, 2], values.Shape.ToArray());

        var (onlyHeader, none) = Csv.Read(Write("x,y\n"));
        Assert.Equal(["x", "y"], onlyHeader);
        Assert.Equal([0, 2], none.Shape.ToArray());
    }

    [Fact]
    public void RaggedRowsAndNonNumbers_NameFileLineAndColumn()
    {
        string ragged = Write("a,b,c\n1,2,3\n4,5\n");
        var ex = Assert.Throws<InvalidDataException>(() => Csv.Read(ragged));
        Assert.Contains($"'{ragged}', line 3", ex.Message);
        Assert.Contains("2 fields, but line 1 has 3", ex.Message);

        string text = Write("a,b,c\n1,2,3\n4,five,6\n");
        ex = Assert.Throws<InvalidDataException>(() => Csv.Read(text));
        Assert.Contains($"'{text}', line 3, column 2 ('b')", ex.Message);
        Assert.Contains("'five' is not a number", ex.Message);

        string empty = Write("1,,3\n");
        ex = Assert.Throws<InvalidDataException>(() => Csv.Read(empty, hasHeader: false));
        Assert.Contains("line 1, column 2: '' is not a number", ex.Message);
    }
}
