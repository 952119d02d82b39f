using Strata.Datasets;

namespace Strata.Tests.Datasets;

/// <summary>A pickle can repeat one list by reference (BINGET): a small file must not expand without bound.</summary>
public sealed class PickleExpansionTests : IDisposable
{
    private readonly TempDirectory _temp = new();

    public void Dispose() => _temp.Dispose();

    /// <summary>An object array whose first item is a list of <paramref name="length"/> ints and every other item that same list again.</summary>
    private string Bomb(int length, int references)
    {
        int[] list = Enumerable.Range(0, length).ToArray();
        byte[] pickle = PickleBuilder.ObjectArray(Enumerable.Range(0, references).ToArray(), (p, i) =>
        {
            if (i == 0) PickleBuilder.IntList(p, list); // stored once, memo 100
            else p.Op((byte)'h').Raw(100); // BINGET 100: two bytes per reference
        });
        byte[] npy = [.. new NpyHeader("|O", false, [references]).ToBytes(), .. pickle];
        return NpzTests.WriteNpz(_temp.Path, "bomb.npz", ("x.npy", npy, true));
    }

    [Fact]
    public void ListsRepeatedByReference_AreRefusedBeyondOneIntPerPickleByte()
    {
        string path = Bomb(length: 1000, references: 2000); // ~6 KB of pickle, 2 million ints expanded
        NpzFile npz = Npz.Load(path);
        var ex = Assert.Throws<InvalidDataException>(() => npz.Sequences("x"));
        Assert.Contains($"'{path}' (array 'x')", ex.Message);
        Assert.Contains("2,000,000 ints", ex.Message);
        Assert.Contains("Sequences(\"x\", maxElements: 2000000)", ex.Message);
    }

    [Fact]
    public void ARaisedLimit_ExpandsTheSharedListForEveryReference()
    {
        NpzFile npz = Npz.Load(Bomb(length: 1000, references: 2000));
        int[][] sequences = npz.Sequences("x", maxElements: 2_000_000);
        Assert.Equal(2000, sequences.Length);
        Assert.All(sequences, s => Assert.Equal(Enumerable.Range(0, 1000), s));
        Assert.Throws<InvalidDataException>(() => npz.Sequences("x", maxElements: 1_999_999));
    }

    [Fact]
    public void HonestFiles_StayWithinTheDefaultLimit()
    {
        // Every list stored once, each int in its cheapest form (two bytes): half the default limit at most.
        int[][] lists = [.. Enumerable.Range(0, 300).Select(i => Enumerable.Range(i, 50).ToArray())];
        byte[] npy = [.. new NpyHeader("|O", false, [lists.Length]).ToBytes(), .. PickleBuilder.Sequences(lists)];
        NpzFile npz = Npz.Load(NpzTests.WriteNpz(_temp.Path, "honest.npz", ("x.npy", npy, true)));
        Assert.Equal(lists, npz.Sequences("x"));
    }
}
