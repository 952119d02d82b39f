using Strata.Layers;
using StbImageWriteSharp;

namespace Strata.Tests.Images;

/// <summary>Utils.ImageDatasetFromDirectory on folders of PNG and JPEG files written here, against the pixels and labels written.</summary>
public sealed class ImageDirectoryTests : IDisposable
{
    private readonly string _root = Path.Combine(Path.GetTempPath(), $"strata-images-{Guid.NewGuid():N}");

    public void Dispose() => Directory.Delete(_root, recursive: true);

    /// <summary>A grayscale PNG whose pixel i is (seed + i) mod 256.</summary>
    private string Png(string folder, string name, int h, int w, int seed, int channels = 1)
    {
        string dir = Path.Combine(_root, folder);
        Directory.CreateDirectory(dir);
        string path = Path.Combine(dir, name);
        byte[] pixels = Enumerable.Range(0, h * w * channels).Select(i => (byte)((seed + i) % 256)).ToArray();
        using FileStream file = File.Create(path);
        new ImageWriter().WritePng(pixels, w, h, channels == 1 ? ColorComponents.Grey : ColorComponents.RedGreenBlue, file);
        return path;
    }

    private static T Quiet<T>(Func<T> f)
    {
        TextWriter saved = Console.Out;
        Console.SetOut(TextWriter.Null);
        try
        {
            return f();
        }
        finally
        {
            Console.SetOut(saved);
        }
    }

    [Fact]
    public void ClassesAreTheSubfoldersInOrderAndPixelsComeBackExactly()
    {
        Png("cat", "b.png", 3, 4, seed: 10);
        Png("cat", "a.png", 3, 4, seed: 20);
        Png("ant", "z.png", 3, 4, seed: 30);
        File.WriteAllText(Path.Combine(_root, "ant", "notes.txt"), "not an image: skipped, as Keras skips it");
        var output = new StringWriter();
        TextWriter saved = Console.Out;
        Console.SetOut(output);
        Dataset<(Tensor X, Tensor Y)> ds;
        try
        {
            ds = Utils.ImageDatasetFromDirectory(_root, colorMode: "grayscale", imageSize: (3, 4), batchSize: 2, shuffle: false);
        }
        finally
        {
            Console.SetOut(saved);
        }
        Assert.Contains("Found 3 files belonging to 2 classes.", output.ToString());
        Assert.Equal(["ant", "cat"], ds.ClassNames!);
        Assert.Equal(2, ds.Cardinality);
        var batches = ds.ToList();
        Assert.Equal(new Shape(2, 3, 4, 1), batches[0].X.Shape);
        Assert.Equal(new[] { 0, 1, 1 }, batches.SelectMany(b => b.Y.ToArray<int>()));
        // ant/z (30...), then cat/a (20...) before cat/b (10...).
        float[] first = batches[0].X.ToArray<float>();
        Assert.Equal(Enumerable.Range(30, 12).Select(v => (float)v), first[..12]);
        Assert.Equal(Enumerable.Range(20, 12).Select(v => (float)v), first[12..]);
        Assert.Equal(Enumerable.Range(10, 12).Select(v => (float)v), batches[1].X.ToArray<float>());
    }

    [Fact]
    public void ImagesOfAnotherSizeAreResizedBilinearly()
    {
        Png("only", "x.png", 4, 6, seed: 0);
        Tensor raw = Tensor.FromArray(Enumerable.Range(0, 24).Select(i => (float)i).ToArray(), 1, 4, 6, 1);
        (Tensor x, Tensor y) = Quiet(() => Utils.ImageDatasetFromDirectory(_root, colorMode: "grayscale", imageSize: (2, 3), shuffle: false)).Single();
        Assert.Equal(Ops.Resize(raw, 2, 3).ToArray<float>(), x.ToArray<float>());
        (Tensor rgb, _) = Quiet(() => Utils.ImageDatasetFromDirectory(_root, imageSize: (4, 6), shuffle: false)).Single();
        Assert.Equal(new Shape(1, 4, 6, 3), rgb.Shape); // gray expanded to three equal channels
        float[] v = rgb.ToArray<float>();
        for (int i = 0; i < 24; i++) Assert.Equal(new float[] { i, i, i }, v[(3 * i)..((3 * i) + 3)]);
    }

    [Fact]
    public void JpegFilesAreDecodedToTheirColours()
    {
        string dir = Path.Combine(_root, "red");
        Directory.CreateDirectory(dir);
        byte[] red = Enumerable.Range(0, 16 * 16).SelectMany(_ => new byte[] { 200, 30, 40 }).ToArray();
        using (FileStream file = File.Create(Path.Combine(dir, "r.jpg"))) new ImageWriter().WriteJpg(red, 16, 16, ColorComponents.RedGreenBlue, file, 95);
        (Tensor x, _) = Quiet(() => Utils.ImageDatasetFromDirectory(_root, imageSize: (16, 16))).Single();
        float[] v = x.ToArray<float>();
        for (int i = 0; i < v.Length; i += 3)
        {
            Assert.InRange(v[i], 195, 205);
            Assert.InRange(v[i + 1], 25, 35);
            Assert.InRange(v[i + 2], 35, 45);
        }
    }

    [Fact]
    public void TrainingAndValidationSubsetsSplitTheShuffledFilesWithoutOverlap()
    {
        for (int i = 0; i < 10; i++) Png(i % 2 == 0 ? "even" : "odd", $"{i}.png", 2, 2, seed: i * 4);
        Dataset<(Tensor X, Tensor Y)> Part(string subset) => Quiet(() => Utils.ImageDatasetFromDirectory(_root, colorMode: "grayscale", imageSize: (2, 2),
            batchSize: 3, seed: 7, validationSplit: 0.3, subset: subset));
        float[] Firsts(Dataset<(Tensor X, Tensor Y)> d) => d.SelectMany(b => Enumerable.Range(0, b.X.Shape[0]).Select(i => b.X.ToArray<float>()[i * 4])).ToArray();
        float[] training = Firsts(Part("training")), validation = Firsts(Part("validation"));
        Assert.Equal(7, training.Length);
        Assert.Equal(3, validation.Length);
        Assert.Equal(Enumerable.Range(0, 10).Select(i => (float)(i * 4)), training.Concat(validation).Order());
        Assert.Contains("seed", Assert.Throws<ArgumentException>(() => Quiet(() => Utils.ImageDatasetFromDirectory(_root, validationSplit: 0.3, subset: "training"))).Message);
        Assert.Contains("together", Assert.Throws<ArgumentException>(() => Quiet(() => Utils.ImageDatasetFromDirectory(_root, validationSplit: 0.3))).Message);
    }

    [Fact]
    public void LabelModesGiveIntsOneHotRowsOrBinaryColumns()
    {
        Png("a", "1.png", 2, 2, 0);
        Png("b", "1.png", 2, 2, 0);
        Png("c", "1.png", 2, 2, 0);
        (_, Tensor onehot) = Quiet(() => Utils.ImageDatasetFromDirectory(_root, labelMode: "categorical", imageSize: (2, 2), shuffle: false)).Single();
        Assert.Equal(new float[] { 1, 0, 0, 0, 1, 0, 0, 0, 1 }, onehot.ToArray<float>());
        var e = Assert.Throws<ArgumentException>(() => Quiet(() => Utils.ImageDatasetFromDirectory(_root, labelMode: "binary")));
        Assert.Contains("exactly 2 classes, found 3", e.Message);
        (_, Tensor binary) = Quiet(() => Utils.ImageDatasetFromDirectory(_root, labelMode: "binary", classNames: ["c", "a"], imageSize: (2, 2), shuffle: false)).Single();
        Assert.Equal(new Shape(2, 1), binary.Shape);
        Assert.Equal(new float[] { 0, 1 }, binary.ToArray<float>());
    }

    [Fact]
    public void ACorruptFileIsNamedInTheError()
    {
        Png("ok", "good.png", 2, 2, 0);
        string bad = Path.Combine(_root, "ok", "broken.png");
        File.WriteAllBytes(bad, [0x89, 0x50, 0x4E, 0x47, 1, 2, 3, 4, 5, 6, 7]);
        Dataset<(Tensor X, Tensor Y)> ds = Quiet(() => Utils.ImageDatasetFromDirectory(_root, imageSize: (2, 2)));
        var e = Assert.Throws<InvalidDataException>(() => ds.ToList());
        Assert.Contains(bad, e.Message);
        Assert.Contains("not a readable image", e.Message);
    }

    [Fact]
    public void MissingOrEmptyFoldersAreClearErrors()
    {
        Assert.Contains("does not exist", Assert.Throws<DirectoryNotFoundException>(() => Utils.ImageDatasetFromDirectory(Path.Combine(_root, "nowhere"))).Message);
        Directory.CreateDirectory(Path.Combine(_root, "empty"));
        Assert.Contains("no images found", Assert.Throws<ArgumentException>(() => Utils.ImageDatasetFromDirectory(_root)).Message);
    }

    [Fact]
    public void AModelFitsOnAnImageFolder()
    {
        for (int i = 0; i < 8; i++) Png("dark", $"{i}.png", 4, 4, seed: i);
        for (int i = 0; i < 8; i++) Png("light", $"{i}.png", 4, 4, seed: 200 + i);
        Strata.Random.SetSeed(3);
        Dataset<(Tensor X, Tensor Y)> ds = Quiet(() => Utils.ImageDatasetFromDirectory(_root, colorMode: "grayscale", imageSize: (4, 4), batchSize: 4, seed: 1));
        var inputs = new Input(shape: [4, 4, 1]);
        SymbolicTensor x = new Rescaling(1f / 255).Call(inputs);
        var model = new Model(inputs, new Dense(2, activation: "softmax").Call(new Flatten().Call(x)));
        model.Compile(optimizer: "adam", loss: "sparse_categorical_crossentropy", metrics: ["accuracy"]);
        History h = model.Fit(ds, epochs: 40, verbose: 0);
        Assert.Equal(1.0, h["accuracy"][^1]);
    }
}
