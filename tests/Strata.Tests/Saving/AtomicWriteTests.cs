using System.Collections;
using Strata.Saving;

namespace Strata.Tests.Saving;

/// <summary>A failed write leaves the target exactly as it was and no temporary file behind.</summary>
public sealed class AtomicWriteTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("strata-atomic-").FullName;
    private readonly string _target;
    private readonly byte[] _original = [1, 2, 3, 4, 5];

    public AtomicWriteTests()
    {
        _target = Path.Combine(_dir, "model.strata");
        File.WriteAllBytes(_target, _original);
    }

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    private void AssertUntouched()
    {
        Assert.Equal(_original, File.ReadAllBytes(_target));
        Assert.Equal([_target], Directory.GetFileSystemEntries(_dir));
    }

    [Fact]
    public void ANullWeightMidway_LeavesTheTargetUntouched()
    {
        var weights = ModelArchiveTests.SampleWeights();
        weights.Insert(3, ("broken", null!));
        var ex = Assert.Throws<ArgumentException>(() => ModelArchive.Write(_target, "{}", weights));
        Assert.Contains("broken", ex.Message);
        AssertUntouched();
        Assert.Throws<ArgumentException>(() => ModelArchive.WriteWeights(_target, [("", Tensor.Ones(1))]));
        AssertUntouched();
    }

    [Fact]
    public void AnIOErrorWhileWriting_LeavesTheTargetUntouched()
    {
        // A weight list that fails part-way through, as a disk or a lazily computed weight might.
        var failing = new FailingList(ModelArchiveTests.SampleWeights(), failAt: 4);
        Assert.Throws<IOException>(() => ModelArchive.Write(_target, "{}", failing));
        AssertUntouched();
        Assert.Throws<IOException>(() => ModelArchive.WriteWeights(_target, failing));
        AssertUntouched();
    }

    [Fact]
    public void AMissingDirectory_IsNamed_AndNothingIsCreated()
    {
        string path = Path.Combine(_dir, "no-such-dir", "model.strata");
        var ex = Assert.Throws<DirectoryNotFoundException>(() => ModelArchive.Write(path, "{}", []));
        Assert.Contains("no-such-dir", ex.Message);
        AssertUntouched();
    }

    [Fact]
    public void ADirectoryAtTheTarget_IsAnError()
    {
        string sub = Path.Combine(_dir, "sub");
        Directory.CreateDirectory(sub);
        var ex = Assert.Throws<IOException>(() => ModelArchive.WriteWeights(sub, []));
        Assert.Contains(sub, ex.Message);
        Assert.Empty(Directory.GetFileSystemEntries(sub));
        Assert.Equal(2, Directory.GetFileSystemEntries(_dir).Length);
    }

    [Fact]
    public void AFailedSave_DoesNotBreakTheNextOne()
    {
        Assert.Throws<IOException>(() => ModelArchive.Write(_target, "{}", new FailingList(ModelArchiveTests.SampleWeights(), failAt: 0)));
        ModelArchive.Write(_target, "{}", ModelArchiveTests.SampleWeights());
        Assert.Equal(7, ModelArchive.Read(_target).Weights.Count);
        Assert.Single(Directory.GetFileSystemEntries(_dir));
    }

    private sealed class FailingList(List<(string, Tensor)> items, int failAt) : IReadOnlyList<(string Name, Tensor Value)>
    {
        public (string Name, Tensor Value) this[int index] => index >= failAt ? throw new IOException("disk full (simulated)") : items[index];

        public int Count => items.Count;

        public IEnumerator<(string Name, Tensor Value)> GetEnumerator()
        {
            for (int i = 0; i < Count; i++) yield return this[i];
        }

        IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();
    }
}
