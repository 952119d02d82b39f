using Strata.Datasets;

namespace Strata.Tests.Datasets;

/// <summary>
/// Reuters as Keras loads it. Expected checksums were computed with an independent Python
/// transcription of keras/src/datasets/reuters.py (CPython's pickle with numpy's globals stubbed, and
/// RandomState reimplemented and checked against the README's IMDB permutation), and agree with
/// the values every reader of the book sees (8,982 / 2,246 newswires, train_labels[10] == 3).
/// </summary>
public class ReutersTests
{
    private static void RequireFiles()
    {
        RealDatasets.Require("reuters.npz");
        RealDatasets.Require("reuters_word_index.json");
    }

    [Fact]
    public void Defaults_GiveKerasArrays()
    {
        RequireFiles();
        var ((x, y), (xTest, yTest)) = Reuters.LoadData();
        Assert.Equal(8982, x.Length);
        Assert.Equal(2246, xTest.Length);
        Assert.Equal(DType.Int64, y.DType);
        Assert.Equal([8982], y.Shape.ToArray());
        Assert.Equal([2246], yTest.Shape.ToArray());

        Assert.Equal(87, x[0].Length);
        Assert.Equal([1, 27595, 28842, 8, 43, 10, 447, 5, 25, 207, 270, 5], x[0][..12]);
        Assert.Equal([3, 4, 3, 4, 4, 4, 4, 3, 3, 16], y.ToArray<long>()[..10]);
        Assert.Equal([1, 4, 1378, 2025, 9, 697, 4622, 111], xTest[0][..8]);
        Assert.Equal([3, 10, 1, 4, 4, 3, 3, 3, 3, 3], yTest.ToArray<long>()[..10]);
        Assert.All(x.Concat(xTest), s => Assert.Equal(1, s[0]));

        // Every stored rank r >= 1 became r + 3; the largest (30,979 + 3) is cut to oov 2 by Keras's `w < max` rule.
        Assert.Equal(1_627_658 + 11_228, x.Concat(xTest).Sum(s => (long)s.Length));
        Assert.Equal(30_981, x.Concat(xTest).Max(s => s.Max()));

        Assert.Equal("b3e07599f957a705485c136b6a462697b7391b3528bc9a57995900050d03fbf8", RealDatasets.SequencesSha256(x));
        Assert.Equal("8344c4b529d45b3c4ab4b5427f576d82e6939ee0aefb508a0eb4e467c7c92576", RealDatasets.SequencesSha256(xTest));
        Assert.Equal("c684bd580661a96742f52d28fb453a5837dcfd7e370aa6e8c47c3d747a6fc376", RealDatasets.SequencesSha256([y.ToArray<long>()]));
        Assert.Equal("23c004857db85449739efe15a158a7ee598d8acbee192d2de48a37c94ed547c4", RealDatasets.SequencesSha256([yTest.ToArray<long>()]));
    }

    [Fact]
    public void LabelHistograms_46Topics()
    {
        RequireFiles();
        var ((_, y), (_, yTest)) = Reuters.LoadData();
        int[] train = Histogram(y.ToArray<long>()), test = Histogram(yTest.ToArray<long>());
        Assert.Equal([55, 432, 74, 3159, 1949, 17, 48, 16, 139, 101, 124, 390, 49, 172, 26, 20, 444, 39, 66, 549, 269, 100, 15, 41, 62, 92, 24, 15, 48, 19, 45, 39, 32, 11, 50, 10, 49, 19, 19, 24, 36, 30, 13, 21, 12, 18], train);
        Assert.Equal([12, 105, 20, 813, 474, 5, 14, 3, 38, 25, 30, 83, 13, 37, 2, 9, 99, 12, 20, 133, 70, 27, 7, 12, 19, 31, 8, 4, 10, 4, 12, 13, 10, 5, 7, 6, 11, 2, 3, 5, 10, 8, 3, 6, 5, 1], test);
        Assert.Equal(46, Reuters.GetLabelNames().Count);
        Assert.Equal("earn", Reuters.GetLabelNames()[3]);
    }

    private static int[] Histogram(long[] labels)
    {
        var counts = new int[46];
        foreach (long label in labels) counts[label]++;
        return counts;
    }

    [Fact]
    public void NumWords_AsInTheBook()
    {
        RequireFiles();
        var ((x, y), (xTest, _)) = Reuters.LoadData(numWords: 10000);
        Assert.Equal([1, 2, 2, 8, 43, 10, 447, 5, 25, 207, 270, 5], x[0][..12]);
        Assert.All(x.Concat(xTest), s => Assert.True(s.Max() < 10000));
        Assert.Equal(3, y.ToArray<long>()[10]);
        Assert.Equal("e5d9ea55191e6351539bb42f2cd6035d981085005a88075434735c4b2b3e2bb0", RealDatasets.SequencesSha256(x));
        Assert.Equal("ab9be7aa388770dacab712fbd23eaaec78587910fdbc95ac9d0300390a5e68af", RealDatasets.SequencesSha256(xTest));
    }

    [Fact]
    public void SkipTopAndMaxLen_DropLongNewswiresAndMarkFrequentWords()
    {
        RequireFiles();
        var ((x, y), (xTest, yTest)) = Reuters.LoadData(numWords: 10000, skipTop: 20, maxLen: 200);
        Assert.Equal(7076, x.Length);
        Assert.Equal(1770, xTest.Length);
        Assert.Equal(7076, y.Size);
        Assert.Equal(1770, yTest.Size);
        Assert.All(x.Concat(xTest), s => Assert.True(s.Length < 200));
        Assert.All(x.Concat(xTest).SelectMany(s => s), w => Assert.True(w == 2 || (w >= 20 && w < 10000)));
        Assert.Equal([2, 2, 2, 2, 43, 2, 447, 2, 25, 207, 270, 2], x[0][..12]); // the start index 1 is below skipTop too
        Assert.Equal("9502cff14ce7d75416b05f083ea0baf0c694ca2d2359a66e661c28b84230048d", RealDatasets.SequencesSha256(x));
        Assert.Equal("55b4116408f9ccac69761832c076df0b98757e02b2f900fca210d2db09097161", RealDatasets.SequencesSha256([y.ToArray<long>()]));
        Assert.Equal("5c3fbf75907a97b8758931f54f21c2073f05068dc04e0a1fc575e16f5582563d", RealDatasets.SequencesSha256(xTest));
        Assert.Equal("4a2ea31140e157179ab1bee5c2190e9862185f66b5a83174e18a78c3d442b5dc", RealDatasets.SequencesSha256([yTest.ToArray<long>()]));
    }

    [Fact]
    public void NoStartChar_NoOffset_NoOov_DropsCutWords()
    {
        RequireFiles();
        var ((x, _), (xTest, _)) = Reuters.LoadData(numWords: 500, startChar: null, oovChar: null, indexFrom: 0);
        Assert.Equal(78, x[0].Length);
        Assert.Equal([5, 40, 7, 444, 2, 22, 204, 267, 2, 108, 13, 366], x[0][..12]);
        Assert.Equal("94b425bd229ca07124665a2ebdb713bd198f9dca187d5d88eb8a6d9b4ad8a09b", RealDatasets.SequencesSha256(x));
        Assert.Equal("17a03044034435434d78697d8718317f8ec4bf7dd157ab5fdf0f61f8efff33a1", RealDatasets.SequencesSha256(xTest));
    }

    [Fact]
    public void TestSplitAndSeed_MoveTheCutAndTheOrder()
    {
        RequireFiles();
        var ((x, _), (xTest, _)) = Reuters.LoadData(testSplit: 0.1f);
        Assert.Equal(10105, x.Length); // int(11228 * 0.9)
        Assert.Equal(1123, xTest.Length);
        var ((other, _), _) = Reuters.LoadData(seed: 7);
        Assert.NotEqual(RealDatasets.SequencesSha256(x[..100]), RealDatasets.SequencesSha256(other[..100]));
        Assert.Throws<ArgumentOutOfRangeException>(() => Reuters.LoadData(testSplit: 1.5f));
        Assert.Throws<ArgumentOutOfRangeException>(() => Reuters.LoadData(maxLen: 1));
    }

    [Fact]
    public void WordIndexAndDecode_GiveTheBooksNewswire()
    {
        RequireFiles();
        Dictionary<string, int> index = Reuters.GetWordIndex();
        Assert.Equal(30_979, index.Count);
        Assert.Equal(1, index["the"]);
        Assert.Equal(5, index["said"]);

        var ((x, _), _) = Reuters.LoadData(numWords: 10000);
        Assert.StartsWith("? ? ? said as a result of its december acquisition of space co it expects earnings per share in 1987 of 1 15 to 1 30 dlrs per share",
            Reuters.Decode(x[0]));
        var ((all, _), _) = Reuters.LoadData();
        Assert.StartsWith("? mcgrath rentcorp said as a result", Reuters.Decode(all[0]));
        Assert.EndsWith("reuter 3", Reuters.Decode(all[0]));
        Assert.Equal("the of", Reuters.Decode([1, 2], indexFrom: 0));
    }
}
