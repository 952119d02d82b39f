using Strata;
using Strata.SaveWorker;

// A separate process for the kill-mid-save test (tests/Strata.Tests/Saving/KilledSaveTests.cs):
//   save <path> <seed>   saves version 1, 0, 1, ... of WorkerModel to <path> until killed,
//                        printing "saving" before each save;
//   wait                 prints "ready" and waits until its input closes (a live process the
//                        test can point at).
if (args is ["save", string path, string seedText])
{
    int seed = int.Parse(seedText, System.Globalization.CultureInfo.InvariantCulture);
    Model[] versions = [WorkerModel.Build(seed, 0), WorkerModel.Build(seed, 1)];
    for (long i = 1; ; i++)
    {
        Console.WriteLine("saving");
        versions[i % 2].Save(path);
    }
}
if (args is ["wait"])
{
    Console.WriteLine("ready");
    Console.In.ReadToEnd();
    return 0;
}
Console.Error.WriteLine("usage: Strata.SaveWorker save <path> <seed> | wait");
return 2;
