using System.Globalization;
using Strata.Saving;

namespace Strata.Tests.Saving;

/// <summary>
/// Which temporary files a save removes beside its target: those of dead writers, never those of
/// live saves (this process, another live process, a writer holding its file open), nor other targets'.
/// </summary>
public sealed class LeftoverTempFilesTests : IDisposable
{
    // Never a process id: above Linux's pid_max, and odd where Windows's ids are multiples of 4.
    private const int DeadPid = int.MaxValue;
    private readonly string _dir = Directory.CreateTempSubdirectory("strata-leftover-").FullName;
    private readonly string _target;

    public LeftoverTempFilesTests() => _target = Path.Combine(_dir, "model.strata");

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    private string Create(string name)
    {
        string path = Path.Combine(_dir, name);
        File.WriteAllBytes(path, [9, 9, 9]);
        return path;
    }

    private static string Guid32() => Guid.NewGuid().ToString("N");

    private static string Pid(int pid) => pid.ToString(CultureInfo.InvariantCulture);

    private void Save() => ModelArchive.WriteWeights(_target, ModelArchiveTests.SampleWeights());

    [Fact]
    public void TheTemporaryFileIsHidden_AndNamesItsProcess()
    {
        string name = LeftoverTempFiles.NameFor("model.strata");
        Assert.Matches($@"^\.model\.strata\.{Environment.ProcessId}\.[0-9a-f]{{32}}\.strata-tmp$", name);
        Assert.NotEqual(name, LeftoverTempFiles.NameFor("model.strata"));
    }

    [Fact]
    public void LeftoversOfDeadProcesses_AreRemovedByTheNextSave()
    {
        Create($".model.strata.{Pid(DeadPid)}.{Guid32()}.strata-tmp");
        string oldShape = Create($".model.strata.{Guid32()}.tmp");
        File.SetLastWriteTimeUtc(oldShape, DateTime.UtcNow.AddMinutes(-2));

        Save();

        Assert.Equal([_target], Directory.GetFileSystemEntries(_dir));
        Assert.Equal(7, ModelArchive.ReadWeights(_target).Count);
    }

    [Fact]
    public void FilesOfLiveSaves_OfOtherTargets_AndOfOtherShapes_AreKept()
    {
        using var live = SaveWorkerProcess.Start("wait");
        live.WaitForLine("ready");
        string[] kept =
        [
            Create($".model.strata.{Pid(Environment.ProcessId)}.{Guid32()}.strata-tmp"), // another thread's save
            Create($".model.strata.{Pid(live.Id)}.{Guid32()}.strata-tmp"),              // another live process's
            Create($".model.strata.{Guid32()}.tmp"),                                    // old shape, just written
            Create($".other.strata.{Pid(DeadPid)}.{Guid32()}.strata-tmp"),              // another target's
            Create($".model.strata.5.{Pid(DeadPid)}.{Guid32()}.strata-tmp"),            // target 'model.strata.5'
            Create($".model.strata.x.{Guid32()}.strata-tmp"),
            Create($".model.strata.{Pid(DeadPid)}.{Guid32().ToUpperInvariant()}.strata-tmp"),
            Create($".model.strata.{Pid(DeadPid)}.{Guid32()}.strata-tmp.bak"),
            Create("model.strata.bak"),
        ];

        Save();

        Assert.Equal(kept.Append(_target).Order(), Directory.GetFileSystemEntries(_dir).Order());
    }

    [Fact]
    public void ALeftoverHeldOpenByAWriter_IsKept_AndDoesNotFailTheSave()
    {
        // A writer whose pid means nothing here (another container or host) still holds its file.
        string held = Create($".model.strata.{Pid(DeadPid)}.{Guid32()}.strata-tmp");
        using (new FileStream(held, FileMode.Open, FileAccess.ReadWrite, FileShare.None))
        {
            Save();
            Assert.True(File.Exists(held));
        }
        Save();
        Assert.Equal([_target], Directory.GetFileSystemEntries(_dir));
    }
}
