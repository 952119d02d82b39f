using System.Runtime.InteropServices;
using Strata.SaveWorker;
using Xunit.Abstractions;

namespace Strata.Tests.Saving;

/// <summary>
/// A save killed at a random moment, in a real separate process: the target is always one complete
/// model, and the next save removes the temporary file the killed process left.
/// </summary>
public sealed class KilledSaveTests(ITestOutputHelper output) : IDisposable
{
    private const int Seed = 20;
    private readonly string _dir = Directory.CreateTempSubdirectory("strata-killed-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    [Fact]
    public void ASaveKilledAtRandomMoments_LeavesTheOldOrTheNewModel_AndTheNextSaveCleansUp()
    {
        string target = Path.Combine(_dir, "model.strata");
        Model[] versions = [WorkerModel.Build(Seed, 0), WorkerModel.Build(Seed, 1)];
        Tensor[][] expected = versions.Select(v => v.GetWeights()).ToArray();
        Assert.False(SameBits(expected[0], expected[1]));
        var random = new System.Random(Seed);
        int[] outcomes = new int[2];
        int killedMidWrite = 0;
        const int trials = 30;
        for (int trial = 0; trial < trials; trial++)
        {
            versions[0].Save(target);
            using (var worker = SaveWorkerProcess.Start("save", target, Seed.ToString(System.Globalization.CultureInfo.InvariantCulture)))
            {
                // The first save is slow (JIT): start from the second or third, which take a few
                // milliseconds each, so the delays put kills mid-write and between saves.
                int saves = random.Next(2, 4);
                for (int i = 0; i < saves; i++) worker.WaitForLine("saving");
                Thread.Sleep(random.Next(0, 8));
                worker.Kill();
            }
            if (TempFiles().Length > 0) killedMidWrite++;

            Tensor[] saved = Model.Load(target).GetWeights();
            int version = Array.FindIndex(expected, e => SameBits(e, saved));
            Assert.True(version >= 0, $"trial {trial}: the target is neither the old nor the new model.");
            outcomes[version]++;

            versions[0].Save(target);
            Assert.Equal([target], Directory.GetFileSystemEntries(_dir));
        }
        output.WriteLine($"{trials} kills: old model {outcomes[0]}, new model {outcomes[1]}; a temporary file left by {killedMidWrite} kills, none after the next save.");
        // Without kills mid-write the cleanup would not have been tested.
        Assert.True(killedMidWrite > 0, $"none of the {trials} kills landed while the worker was writing.");
    }

    private string[] TempFiles() => Directory.GetFiles(_dir, ".model.strata.*");

    private static bool SameBits(Tensor[] a, Tensor[] b) =>
        a.Length == b.Length && a.Zip(b).All(p => p.First.Shape == p.Second.Shape
            && MemoryMarshal.AsBytes(p.First.ToArray<float>().AsSpan()).SequenceEqual(MemoryMarshal.AsBytes(p.Second.ToArray<float>().AsSpan())));
}
