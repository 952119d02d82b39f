using System.IO.Compression;
using System.Security.Cryptography;
using System.Text;
using Strata.Datasets;
using Strata.Layers;
using Strata.Tests.Datasets;
using Xunit.Abstractions;

namespace Strata.Tests.Fuzz;

/// <summary>
/// Every file reader against thousands of seeded mutations of a valid file. Each mutation must end in a
/// documented exception (<see cref="InvalidDataException"/> naming the file) or a successful read; a read
/// of a format with checksums must then give exactly the original's content (without checksums a change
/// cannot be told). No case may allocate beyond the readers' documented bounds (deflate's 1032:1 of the
/// file's bytes), and none may hang.
/// </summary>
public sealed class FileFuzzTests(ITestOutputHelper output) : IDisposable
{
    private const int Mutations = 2000;

    /// <summary>Keras's Reuters file is 2 MB and takes ~50 ms to read: fewer of its mutations keep the test within seconds.</summary>
    private const int LargeFileMutations = 500;

    /// <summary>A case takes well under a millisecond; one still running after this long is stuck, not slow.</summary>
    private static readonly TimeSpan Hang = TimeSpan.FromSeconds(30);

    private readonly TempDirectory _temp = new();

    public void Dispose() => _temp.Dispose();

    /// <summary>A file type: a valid file, how to read it to a fingerprint of everything read, and whether it carries checksums.</summary>
    private sealed record FileType(string Name, string Extension, byte[] Valid, Func<string, string> Read, bool Checksummed, int Count = Mutations);

    private sealed record Counts(int Tried, int CleanError, int OtherException, int Hang, int SilentChange, int OverAllocation, string FirstProblem);

    public static TheoryData<string> Types => new(["npy", "npz-stored", "npz-deflated", "npz-pickled", "idx", "idx-gz", "model", "weights", "word-index", "csv", "boston_housing.npz", "reuters.npz"]);

    [Theory]
    [MemberData(nameof(Types))]
    public void Mutations_EndInACleanErrorOrTheOriginalContent(string name)
    {
        FileType type = Make(name);
        Counts counts = Run(type, seed: name.Sum(c => c) * 7919); // a stable seed: string.GetHashCode differs from run to run
        output.WriteLine($"{type.Name}: tried {counts.Tried}, clean error {counts.CleanError}, read without error {counts.Tried - counts.CleanError - counts.OtherException - counts.Hang - counts.SilentChange}, " +
            $"other exception {counts.OtherException}, hang {counts.Hang}, silent change {counts.SilentChange}, over allocation {counts.OverAllocation}");
        Assert.True(counts.OtherException + counts.Hang + counts.SilentChange + counts.OverAllocation == 0, counts.FirstProblem);
        Assert.Equal(type.Count, counts.Tried);
    }

    private Counts Run(FileType type, int seed)
    {
        string path = Path.Combine(_temp.Path, "fuzzed" + type.Extension);
        File.WriteAllBytes(path, type.Valid);
        string original = type.Read(path); // the valid file reads, and this is its content
        var mutator = new Mutator(seed);
        int tried = 0, clean = 0, other = 0, hang = 0, silent = 0, over = 0;
        string first = "";
        for (int i = 0; i < type.Count; i++)
        {
            byte[] bytes = mutator.Mutate(type.Valid);
            tried++;
            File.WriteAllBytes(path, bytes);
            long limit = 1100L * bytes.Length + (16 << 20);
            string? result = null;
            Exception? error = null;
            var read = Task.Run(() =>
            {
                long start = GC.GetAllocatedBytesForCurrentThread();
                try
                {
                    result = type.Read(path);
                }
                catch (Exception e)
                {
                    error = e;
                }
                return GC.GetAllocatedBytesForCurrentThread() - start;
            });
            if (!read.Wait(Hang))
            {
                hang++;
                Note(ref first, $"case {i} ran over {Hang.TotalSeconds} s");
                break; // the stuck case keeps its thread: stop here
            }
            long allocated = read.Result;
            if (allocated > limit)
            {
                over++;
                Note(ref first, $"case {i} allocated {allocated:N0} bytes for a {bytes.Length}-byte file");
            }
            if (error is InvalidDataException ex && ex.Message.Contains(path, StringComparison.Ordinal)) clean++;
            else if (error is not null)
            {
                other++;
                Note(ref first, $"case {i}: {error.GetType().Name}: {error.Message}\n{error.StackTrace}");
            }
            else if (type.Checksummed && result != original)
            {
                silent++;
                Note(ref first, $"case {i} read without error but with different content:\n{original}\n{result}");
            }
        }
        return new Counts(tried, clean, other, hang, silent, over, first);
    }

    private static void Note(ref string first, string problem)
    {
        if (first.Length == 0) first = problem;
    }

    private FileType Make(string name) => name switch
    {
        "npy" => new(name, ".npy", NpyBytes(Tensor.FromArray(Enumerable.Range(0, 60).Select(i => i * 0.5f).ToArray(), 3, 4, 5)),
            p => Fingerprint(Npy.Read(p)), Checksummed: false),
        "npz-stored" => new(name, ".npz", Npz(false), p => Fingerprint(Strata.Datasets.Npz.Load(p)), Checksummed: true),
        "npz-deflated" => new(name, ".npz", Npz(true), p => Fingerprint(Strata.Datasets.Npz.Load(p)), Checksummed: true),
        "npz-pickled" => new(name, ".npz", PickledNpz(), p => Fingerprint(Strata.Datasets.Npz.Load(p)), Checksummed: true),
        "idx" => new(name, ".idx", IdxBytes(), p => Fingerprint(Idx.Read(p)), Checksummed: false),
        "idx-gz" => new(name, ".gz", Gzip(IdxBytes()), p => Fingerprint(Idx.Read(p)), Checksummed: true),
        "model" => new(name, ".strata", ModelFile(weightsOnly: false), p => Fingerprint(Model.Load(p)), Checksummed: true),
        "weights" => new(name, ".weights.strata", ModelFile(weightsOnly: true), p =>
        {
            Model model = SmallModel();
            model.LoadWeights(p);
            return Fingerprint(model);
        }, Checksummed: true),
        "word-index" => new(name, ".json", Encoding.UTF8.GetBytes("""{"the": 1, "and": 2, "a": 3, "of": 4, "film": 5}"""),
            p => string.Join(",", WordSequences.ReadWordIndex(p).Select(kv => $"{kv.Key}={kv.Value}")), Checksummed: false),
        "csv" => new(name, ".csv", Encoding.UTF8.GetBytes("crim,zn,price\n0.00632,18,24.0\n0.02731,0,21.6\n0.03237,0,33.4\n"),
            p => Fingerprint(Csv.Read(p).Values), Checksummed: false),
        // Keras's own files, read by the .npz reader itself (the loaders' whole-file hash check would hide what it does).
        "boston_housing.npz" => new(name, ".npz", File.ReadAllBytes(RealDatasets.Require(name)), p => Fingerprint(Strata.Datasets.Npz.Load(p)), Checksummed: true),
        "reuters.npz" => new(name, ".npz", File.ReadAllBytes(RealDatasets.Require(name)), p => Fingerprint(Strata.Datasets.Npz.Load(p)), Checksummed: true,
            Count: LargeFileMutations),
        _ => throw new ArgumentException(name),
    };

    private static byte[] NpyBytes(Tensor t)
    {
        using var s = new MemoryStream();
        Npy.Write(s, t);
        return s.ToArray();
    }

    private byte[] Npz(bool deflate) => File.ReadAllBytes(NpzTests.WriteNpz(_temp.Path, $"valid-{deflate}.npz",
        ("x.npy", NpyBytes(Tensor.FromArray(Enumerable.Range(0, 24).Select(i => i * 1.5f).ToArray(), 4, 6)), deflate),
        ("y.npy", NpyBytes(Tensor.FromArray(new long[] { 3, 1, 4, 1 })), deflate)));

    private byte[] PickledNpz()
    {
        int[][] sequences = [[1, 14, 22, 16], [1, 194, 1153, 194, 8255], [1, 2], [300, 70000, 5]];
        byte[] pickle = PickleBuilder.Sequences(sequences);
        return File.ReadAllBytes(NpzTests.WriteNpz(_temp.Path, "valid-pickled.npz",
            ("x.npy", [.. new NpyHeader("|O", false, [sequences.Length]).ToBytes(), .. pickle], true),
            ("y.npy", NpyBytes(Tensor.FromArray(new long[] { 0, 1, 1, 0 })), true)));
    }

    private static byte[] IdxBytes()
    {
        // magic 0x00000803 (unsigned bytes, 3 dims), dims 4 x 5 x 6, then the pixels.
        byte[] header = [0, 0, 8, 3, 0, 0, 0, 4, 0, 0, 0, 5, 0, 0, 0, 6];
        return [.. header, .. Enumerable.Range(0, 120).Select(i => (byte)(i * 7))];
    }

    private static byte[] Gzip(byte[] raw)
    {
        using var s = new MemoryStream();
        using (var gz = new GZipStream(s, CompressionLevel.Optimal)) gz.Write(raw);
        return s.ToArray();
    }

    private static Model SmallModel()
    {
        Strata.Random.SetSeed(3);
        return new Sequential([new InputLayer([4]), new Dense(3, "relu", name: "hidden"), new Dense(2, name: "out")], name: "fuzzed");
    }

    private byte[] ModelFile(bool weightsOnly)
    {
        string path = Path.Combine(_temp.Path, "valid.strata");
        Model model = SmallModel();
        if (weightsOnly) model.SaveWeights(path);
        else model.Save(path);
        return File.ReadAllBytes(path);
    }

    private static string Fingerprint(Tensor t) => $"{t.DType} {t.Shape} {Convert.ToHexStringLower(SHA256.HashData(NpyBytes(t)))}";

    private static string Fingerprint(NpzFile npz) => string.Join("; ", npz.Keys.Select(key => npz.ContainsKey(key) && IsObject(npz, key)
        ? $"{key}=[{string.Join("|", npz.Sequences(key).Select(s => string.Join(",", s)))}]"
        : $"{key}={Fingerprint(npz[key])}"));

    private static bool IsObject(NpzFile npz, string key)
    {
        try
        {
            _ = npz[key];
            return false;
        }
        catch (InvalidOperationException)
        {
            return true;
        }
    }

    private static string Fingerprint(Model model) =>
        ModelConfig.ToJson(model) + string.Join("; ", model.GetWeights().Select(Fingerprint));
}
