using System.Runtime.ExceptionServices;

namespace Strata.Datasets;

/// <summary>
/// Where the IMDB arrays come from, in order: Keras's imdb.npz in any dataset folder; else, folder
/// by folder, the README's TSVs <c>aclImdb/aclImdb-{train,test}.tsv.gz</c> or the original
/// <c>aclImdb/{train,test}/{pos,neg}/*.txt</c>, tokenized with imdb_word_index.json; else a download
/// of imdb.npz from Keras's URL.
/// </summary>
/// <remarks>Files found are checked against their published hashes (<see cref="VerifiedFiles"/>) unless <paramref name="verify"/> is false, for tests' small synthetic files.</remarks>
internal sealed class ImdbSources(IReadOnlyList<string> roots, bool download, bool verify = true)
{
    public const string NpzFile = "imdb.npz";
    public const string WordIndexFile = "imdb_word_index.json";
    private const string Origin = "https://storage.googleapis.com/tensorflow/tf-keras-datasets/";
    private const string ReviewsUrl = "https://ai.stanford.edu/~amaas/data/sentiment/aclImdb_v1.tar.gz";

    private static readonly string TrainTsv = Path.Combine("aclImdb", "aclImdb-train.tsv.gz");
    private static readonly string TestTsv = Path.Combine("aclImdb", "aclImdb-test.tsv.gz");

    /// <summary>Strata's dataset folders (STRATA_DATASETS, ~/.keras/datasets), downloading when nothing is found.</summary>
    public static ImdbSources Default => new(DatasetFiles.SearchRoots(), download: true);

    /// <summary>The stored arrays, read or rebuilt from the first source found.</summary>
    public ImdbArrays LoadArrays()
    {
        var notes = new List<string>();
        string? npz = Find(NpzFile);
        if (npz is not null) return ImdbNpz.Read(npz);

        foreach (string root in roots)
        {
            string train = Path.Combine(root, TrainTsv), test = Path.Combine(root, TestTsv);
            if (File.Exists(train) && File.Exists(test))
            {
                Verify(train, TrainTsv);
                Verify(test, TestTsv);
                return Build(tokenizer => ImdbReviews.FromTsv(train, tokenizer), tokenizer => ImdbReviews.FromTsv(test, tokenizer));
            }
            if (File.Exists(train) || File.Exists(test))
            {
                notes.Add($"'{(File.Exists(train) ? train : test)}' exists but '{(File.Exists(train) ? test : train)}' does not");
            }

            string trainFolder = Path.Combine(root, "aclImdb", "train"), testFolder = Path.Combine(root, "aclImdb", "test");
            string[] folders = [.. from split in new[] { trainFolder, testFolder } from label in new[] { "pos", "neg" } select Path.Combine(split, label)];
            if (folders.All(Directory.Exists))
            {
                return Build(tokenizer => ImdbReviews.FromFolders(trainFolder, tokenizer), tokenizer => ImdbReviews.FromFolders(testFolder, tokenizer));
            }
            if (folders.Any(Directory.Exists))
            {
                notes.Add($"'{Path.Combine(root, "aclImdb")}' lacks {string.Join(", ", folders.Where(f => !Directory.Exists(f)).Select(f => $"'{f}'"))}");
            }
        }

        if (download)
        {
            try
            {
                return ImdbNpz.Read(DatasetFiles.Get(NpzFile, Origin + NpzFile, PublishedHashes.ForDownload(NpzFile)));
            }
            catch (FileNotFoundException e)
            {
                notes.Add($"downloading it failed: {e.Message}");
            }
        }
        throw NotFound(notes);
    }

    /// <summary>The path of imdb_word_index.json: found, or downloaded into Keras's cache.</summary>
    public string WordIndexPath()
    {
        string? path = Find(WordIndexFile);
        if (path is not null) return path;
        if (download) return DatasetFiles.Get(WordIndexFile, Origin + WordIndexFile, PublishedHashes.ForDownload(WordIndexFile));
        throw new FileNotFoundException(
            $"The IMDB word index '{WordIndexFile}' was not found in {RootList()}. Put Keras's file " +
            $"({Origin}{WordIndexFile}) there, or set STRATA_DATASETS to a folder holding it.", WordIndexFile);
    }

    private string? Find(string relative)
    {
        string? path = roots.Select(root => Path.Combine(root, relative)).FirstOrDefault(File.Exists);
        if (path is not null) Verify(path, relative);
        return path;
    }

    private void Verify(string path, string relative)
    {
        if (verify) VerifiedFiles.Default.Check(path, PublishedHashes.Of(relative));
    }

    /// <summary>Tokenizes the two splits concurrently (each reads and decompresses its own files).</summary>
    private ImdbArrays Build(Func<ImdbTokenizer, (int[][] X, long[] Y)> readTrain, Func<ImdbTokenizer, (int[][] X, long[] Y)> readTest)
    {
        var tokenizer = new ImdbTokenizer(ImdbWordIndex.Load(WordIndexPath()).Ranks);
        var train = Task.Run(() => readTrain(tokenizer));
        var test = Task.Run(() => readTest(tokenizer));
        try
        {
            Task.WaitAll(train, test);
        }
        catch (AggregateException e)
        {
            ExceptionDispatchInfo.Throw(e.InnerExceptions[0]);
        }
        return new ImdbArrays(train.Result.X, train.Result.Y, test.Result.X, test.Result.Y, "the rebuilt IMDB reviews");
    }

    private string RootList() => roots.Count == 0 ? "(no dataset folders)" : string.Join(", ", roots.Select(r => $"'{r}'"));

    private FileNotFoundException NotFound(List<string> notes) => new(
        "No IMDB data was found. Strata reads Keras's imdb.npz, or builds the identical arrays from the labelled reviews of " +
        $"the Large Movie Review Dataset. Looked in {RootList()} for:\n" +
        $"  - {NpzFile} (Keras's file, {Origin}{NpzFile});\n" +
        $"  - {TrainTsv} and {TestTsv} (the reviews as TSV, see the datasets README), with {WordIndexFile};\n" +
        $"  - the original folders aclImdb/train/{{pos,neg}}/*.txt and aclImdb/test/{{pos,neg}}/*.txt (unpack {ReviewsUrl}), with {WordIndexFile} ({Origin}{WordIndexFile}).\n" +
        "Put one of them in such a folder, or set STRATA_DATASETS to the folder that holds them." +
        (notes.Count > 0 ? $"\nAlso: {string.Join("; ", notes)}." : ""),
        NpzFile);
}
