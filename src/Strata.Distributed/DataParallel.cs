namespace Strata.Distributed;

/// <summary>
/// Data parallelism, as Keras's <c>keras.distribution.DataParallel</c>: the model is replicated on every process of an
/// MPI job (<c>mpirun -np 4 dotnet MyTraining.dll</c>); each trains on its shard of every global batch, starting from
/// rank 0's weights, and the gradients are averaged over the processes inside each step, so all keep the same weights.
/// The loss and metrics are summed over them, so every process logs the same numbers; only rank 0 prints the progress
/// bar and runs the callbacks that write files. <c>Fit</c>, <c>Evaluate</c> and <c>Predict</c> are unchanged, with
/// <c>batchSize</c> the global batch.
/// <code>
/// Distribution.Set(new DataParallel());     // keras.distribution.set_distribution(DataParallel())
/// model.Fit(xTrain, yTrain, epochs: 5, batchSize: 128);
/// </code>
/// </summary>
public sealed class DataParallel
{
    /// <summary>Joins the MPI job this process was started in (MPI is initialized here, once per process).</summary>
    /// <exception cref="InvalidOperationException">Open MPI's library is not installed, or MPI fails to start.</exception>
    public DataParallel()
    {
        Group = MpiProcessGroup.World;
    }

    /// <summary>This process's rank in the job, 0 to <see cref="ProcessCount"/> − 1 (rank 0 prints and writes files).</summary>
    public int Rank => Group.Rank;

    /// <summary>How many processes train together (mpirun's -np).</summary>
    public int ProcessCount => Group.Size;

    /// <summary>Whether this is rank 0.</summary>
    public bool IsChief => Group.IsChief;

    /// <summary>
    /// The seconds this process has spent summing gradients over the ranks so far (on its MPI thread, overlapping the
    /// backward pass): what data parallelism costs in communication.
    /// </summary>
    public double GradientSeconds => Group.GradientSeconds;

    internal MpiProcessGroup Group { get; }

    /// <summary>"DataParallel(rank 1 of 4)".</summary>
    public override string ToString() => $"DataParallel(rank {Rank} of {ProcessCount})";
}
