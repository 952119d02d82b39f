using Strata.Tests.Datasets;

namespace Strata.Tests.Text;

public sealed class TextDatasetFromDirectoryTests : IDisposable
{
    private readonly TempDirectory _root = new();

    public TextDatasetFromDirectoryTests()
    {
        // aclImdb's layout: one folder per class; a file that is not .txt is not read.
        Write("neg/0_1.txt", "bad film");
        Write("neg/1_2.txt", "dull");
        Write("neg/2_3.txt", "so so, too long");
        Write("pos/0_9.txt", "great film");
        Write("pos/1_8.txt", "loved it é");
        Write("pos/notes.md", "not a review");
    }

    public void Dispose() => _root.Dispose();

    [Fact]
    public void ReadsEveryTextWithItsClassIndex()
    {
        var dataset = Utils.TextDatasetFromDirectory(_root.Path, batchSize: 2, shuffle: false, verbose: false);
        Assert.Equal(["neg", "pos"], dataset.ClassNames);
        var batches = dataset.ToList();
        Assert.Equal([new Shape(2), new Shape(2), new Shape(1)], batches.Select(b => b.X.Shape));
        Assert.All(batches, b => Assert.Equal(DType.String, b.X.DType));
        Assert.Equal(["bad film", "dull", "so so, too long", "great film", "loved it é"], batches.SelectMany(b => b.X.ToArray<string>()));
        Assert.Equal([0, 0, 0, 1, 1], batches.SelectMany(b => b.Y.ToArray<int>()));
        Assert.Equal(DType.Int32, batches[0].Y.DType);
    }

    [Fact]
    public void ShufflesWithTheSeedSplitsAndCuts()
    {
        string[] Texts(string subset) => Utils.TextDatasetFromDirectory(_root.Path, batchSize: 8, seed: 4, validationSplit: 0.4, subset: subset, maxLength: 4, verbose: false)
            .SelectMany(b => b.X.ToArray<string>()).ToArray();
        string[] training = Texts("training"), validation = Texts("validation");
        Assert.Equal(3, training.Length);
        Assert.Equal(2, validation.Length);
        Assert.Equal(["bad ", "dull", "grea", "love", "so s"], training.Concat(validation).Order(StringComparer.Ordinal));
        var binary = Utils.TextDatasetFromDirectory(_root.Path, labelMode: "binary", batchSize: 5, shuffle: false, verbose: false).Single();
        Assert.Equal(new Shape(5, 1), binary.Y.Shape);
        Assert.Equal(new float[] { 0, 0, 0, 1, 1 }, binary.Y.ToArray<float>());
    }

    [Fact]
    public void MissingFoldersAndBadArgumentsAreNamed()
    {
        Assert.Throws<DirectoryNotFoundException>(() => Utils.TextDatasetFromDirectory(Path.Combine(_root.Path, "nothing")));
        Assert.Contains("labelMode", Assert.Throws<ArgumentException>(() => Utils.TextDatasetFromDirectory(_root.Path, labelMode: "text", verbose: false)).Message);
        Assert.Contains("seed", Assert.Throws<ArgumentException>(() => Utils.TextDatasetFromDirectory(_root.Path, validationSplit: 0.2, subset: "training", verbose: false)).Message);
    }

    private void Write(string relative, string text)
    {
        string path = Path.Combine(_root.Path, relative);
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        File.WriteAllText(path, text);
    }
}
