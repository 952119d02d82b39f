using System.Globalization;
using Strata.Layers;

namespace Strata.Distributed.Tests;

/// <summary>
/// Data-parallel training over MPI, 2 ranks on this machine against one process: the same weights after a step, the
/// same accuracy after Fit, only rank 0 writing, and a failing rank ending the job instead of hanging it.
/// </summary>
public class DataParallelTests
{
    [Fact]
    public void Two_ranks_with_a_global_batch_of_127_take_the_step_one_process_takes_on_the_127()
    {
        // 127 rows: shards of 64 and 63, each rank's gradients weighted by its share (an equal average would be off).
        MpiJob.Result job = MpiJob.Run("one-step", ranks: 2);
        Assert.True(job.ExitCode == 0, $"mpirun failed ({job.ExitCode}):\n{job.Output}\n{job.Errors}");
        // The ranks agreed on one seed (rank 0's), so they shuffle alike.
        Assert.Equal(File.ReadAllText(Path.Combine(job.Folder, "draws-rank0.txt")), File.ReadAllText(Path.Combine(job.Folder, "draws-rank1.txt")));
        float[][] rank0 = Read(Path.Combine(job.Folder, "weights-rank0.txt")), rank1 = Read(Path.Combine(job.Folder, "weights-rank1.txt"));

        // One process (no group: nothing of MPI), the scenario's seeded network and its 127 samples: the reference.
        (Tensor x, Tensor y) = Scenarios.SmallData(127);
        Sequential alone = Scenarios.SmallNetwork();
        float[][] start = [.. alone.Weights.Select(w => w.ToArray<float>())];
        alone.Fit(x, y, epochs: 1, batchSize: 127, shuffle: false, verbose: 0);

        // Predict, sharded over the ranks (64 and 63 samples, in batches of 16) and gathered: every rank has one process's predictions, in order.
        float[] expectedPredictions = alone.Predict(x, batchSize: 16, verbose: 0).ToArray<float>();
        foreach (int r in new[] { 0, 1 })
        {
            float[] predicted = Read(Path.Combine(job.Folder, $"predictions-rank{r}.txt"))[0];
            Assert.Equal(expectedPredictions.Length, predicted.Length);
            for (int i = 0; i < predicted.Length; i++) Assert.True(Math.Abs(expectedPredictions[i] - predicted[i]) <= 1e-5f, $"rank {r}, prediction {i}: {predicted[i]}, one process {expectedPredictions[i]}");
        }
        for (int w = 0; w < rank0.Length; w++)
        {
            Assert.Equal(rank0[w], rank1[w]); // the ranks hold the same weights, bit for bit
            float[] expected = alone.Weights[w].ToArray<float>();
            Assert.Equal(expected.Length, rank0[w].Length);
            // The updates agree to rounding (the two shards' gradients are summed in another order than one batch's),
            // measured against the update's own size: an equal average of the shards instead would be off by about 1e-3.
            double largest = expected.Select((v, i) => Math.Abs(v - start[w][i])).Max();
            Assert.True(largest > 0, "the step changed nothing");
            double worst = expected.Select((v, i) => Math.Abs((v - start[w][i]) - (rank0[w][i] - start[w][i]))).Max();
            Assert.True(worst <= 1e-4 * largest, $"weights {w}: the updates differ by {worst}, {worst / largest:E1} of the largest ({largest})");
        }
    }

    [Fact]
    public void A_two_rank_Fit_of_the_book_network_reaches_the_accuracy_of_one_process_and_only_rank_0_prints_and_writes()
    {
        MpiJob.Result job = MpiJob.Run("fit", ranks: 2);
        Assert.True(job.ExitCode == 0, $"mpirun failed ({job.ExitCode}):\n{job.Output}\n{job.Errors}");
        Dictionary<string, double> rank0 = Results(Path.Combine(job.Folder, "result-rank0.txt")), rank1 = Results(Path.Combine(job.Folder, "result-rank1.txt"));

        // Every rank logs the same numbers (the sums are summed over the ranks) and gets every prediction.
        Assert.Equal(rank0, rank1);
        Assert.Equal(10000, rank0["predictions"]);
        // Only rank 0 printed the epochs (verbose 2: a line each) and wrote the checkpoint and the CSV log.
        Assert.Equal(5, System.Text.RegularExpressions.Regex.Count(job.Output, @"Epoch \d/5"));
        Assert.True(File.Exists(Path.Combine(job.Folder, "rank0", "best.keras")) && File.Exists(Path.Combine(job.Folder, "rank0", "log.csv")), "rank 0 wrote no checkpoint or log");
        Assert.Empty(Directory.GetFiles(Path.Combine(job.Folder, "rank1"))); // its callbacks would have written there

        // One process on the whole batches, the same seed: the book's accuracy, which the two ranks reach too.
        var ((trainImages, trainLabels), (testImages, testLabels)) = Datasets.Mnist.LoadData();
        Tensor xTrain = trainImages.Reshape(60000, 784).AsType(DType.Float32) / 255f, xTest = testImages.Reshape(10000, 784).AsType(DType.Float32) / 255f;
        Strata.Random.SetSeed(42);
        var alone = new Sequential([new Dense(512, activation: "relu"), new Dense(10, activation: "softmax")]);
        alone.Compile(optimizer: "rmsprop", loss: "sparse_categorical_crossentropy", metrics: ["accuracy"]);
        alone.Fit(xTrain, trainLabels, epochs: 5, batchSize: 128, verbose: 0);
        double expected = alone.Evaluate(xTest, testLabels, batchSize: 1000, verbose: 0)["accuracy"];
        Assert.True(expected >= 0.97, $"one process: test accuracy {expected}");
        Assert.True(Math.Abs(rank0["test_acc"] - expected) <= 0.005, $"two ranks: test accuracy {rank0["test_acc"]}, one process {expected}");
    }

    [Fact]
    public void A_rank_that_fails_ends_the_job_with_its_reason_instead_of_leaving_the_others_waiting()
    {
        MpiJob.Result job = MpiJob.Run("die", ranks: 2, patience: TimeSpan.FromMinutes(2));
        Assert.NotEqual(0, job.ExitCode);
        Assert.Contains("rank 1 of 2 failed", job.Errors);
        Assert.Contains("rank 1 fails on purpose at step 3", job.Errors);
    }

    [Fact]
    public void A_rank_killed_without_a_word_ends_the_job_too()
    {
        MpiJob.Result job = MpiJob.Run("killed", ranks: 2, patience: TimeSpan.FromMinutes(2));
        Assert.NotEqual(0, job.ExitCode);
        Assert.Contains("rank 1", job.Errors);
        Assert.Contains("exited on signal 9", job.Errors); // mpirun's own report
    }

    [Fact]
    public void Without_Open_MPI_the_error_names_the_library_and_how_to_install_it()
    {
        var error = Assert.Throws<InvalidOperationException>(() => Native.Mpi.Load("libmpi-missing.so.40"));
        Assert.Contains("libmpi-missing.so.40 was not found", error.Message);
        Assert.Contains("apt-get install openmpi-bin libopenmpi-dev", error.Message);
        Assert.Contains("mpirun -np N", error.Message);
    }

    [Fact]
    public void A_process_started_without_mpirun_is_told_it_trains_alone()
    {
        MpiJob.Result alone = MpiJob.RunAlone("one-step");
        Assert.True(alone.ExitCode == 0, $"failed ({alone.ExitCode}):\n{alone.Output}\n{alone.Errors}");
        Assert.Contains("was not started by mpirun, so it trains alone (1 rank)", alone.Errors);
        Assert.True(File.Exists(Path.Combine(alone.Folder, "weights-rank0.txt")));
    }

    private static Dictionary<string, double> Results(string path) =>
        File.ReadAllText(path).Split(' ').Select(p => p.Split('=')).ToDictionary(p => p[0], p => double.Parse(p[1], CultureInfo.InvariantCulture));

    private static float[][] Read(string path) =>
        [.. File.ReadAllLines(path).Select(line => line.Split(' ').Select(v => float.Parse(v, CultureInfo.InvariantCulture)).ToArray())];
}
