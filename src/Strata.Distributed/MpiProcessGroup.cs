using Strata.Distributed.Native;

namespace Strata.Distributed;

/// <summary>
/// The ranks of an MPI job (MPI_COMM_WORLD) as Strata's <see cref="ProcessGroup"/>: sums with MPI_Allreduce, rank 0's
/// weights with MPI_Bcast, every call made on one thread (<see cref="MpiThread"/>). Opened once per process, by the
/// first <see cref="DataParallel"/>, and finalized when the process exits.
/// </summary>
internal sealed class MpiProcessGroup : ProcessGroup
{
    private static readonly Lock Opening = new();
    private static MpiProcessGroup? _world;

    private readonly Mpi _mpi;
    private readonly MpiThread _thread;
    private readonly List<Task> _buckets = [];

    // A bucket packed, and its sum: the MPI thread sums one bucket at a time, so one pair (grown to the largest) serves
    // every bucket of every step, rather than two fresh arrays (the MLP's: 1.6 MB each) per bucket.
    private float[] _packed = [], _summed = [];
    private int _rank, _size;

    private MpiProcessGroup()
    {
        _mpi = Mpi.Load();
        // mpirun (Open MPI's launcher, or a PMIx one) tells its processes their place; without it MPI starts one alone.
        bool launched = Environment.GetEnvironmentVariable("OMPI_COMM_WORLD_SIZE") is not null || Environment.GetEnvironmentVariable("PMIX_RANK") is not null;
        if (!launched)
        {
            Engine.Warnings.WriteLine("Strata.Distributed: this process was not started by mpirun, so it trains alone (1 rank). " +
                "Start the ranks with mpirun -np N dotnet YourApp.dll (Open MPI: apt-get install openmpi-bin).");
        }
        _thread = new MpiThread(() =>
        {
            _mpi.Init(launched);
            _rank = _mpi.Rank();
            _size = _mpi.Size();
        });
        AppDomain.CurrentDomain.ProcessExit += (_, _) => _thread.Stop(_mpi.Close);
        // A rank that fails takes the job down at once, with the reason, rather than leaving the others waiting in a sum.
        AppDomain.CurrentDomain.UnhandledException += (_, e) =>
        {
            Console.Error.WriteLine($"Strata.Distributed: rank {_rank} of {_size} failed: {e.ExceptionObject}");
            Console.Error.WriteLine($"Strata.Distributed: aborting all {_size} ranks (MPI_Abort).");
            Console.Error.Flush();
            _mpi.Abort(1);
        };
    }

    /// <summary>The job's ranks (MPI is initialized on first use).</summary>
    public static MpiProcessGroup World
    {
        get
        {
            lock (Opening)
            {
                return _world ??= new MpiProcessGroup();
            }
        }
    }

    public override int Rank => _rank;

    public override int Size => _size;

    /// <summary>Seconds the MPI thread spent in gradient sums (for benchmarks: the communication a step costs).</summary>
    public double GradientSeconds { get; private set; }

    public override void Sum(double[] values) => _thread.Run(() => _mpi.SumDoubles(values.ToArray(), values));

    public override void Sum(float[] values) => _thread.Run(() => _mpi.SumFloats(values.ToArray(), values));

    public override void Broadcast(float[] values) => _thread.Run(() => _mpi.BroadcastFloats(values));

    public override void StartGradientSum(Tensor[] gradients)
    {
        float share = (float)(Share ?? 1.0 / Size);
        _buckets.Add(_thread.Post(() =>
        {
            long start = System.Diagnostics.Stopwatch.GetTimestamp();
            // Packed into one buffer, weighted by this rank's share, summed, and written back.
            int length = gradients.Sum(g => g.Size);
            if (_packed.Length < length) (_packed, _summed) = (new float[length], new float[length]);
            int at = 0;
            foreach (Tensor g in gradients)
            {
                System.Numerics.Tensors.TensorPrimitives.Multiply(g.Data<float>(), share, _packed.AsSpan(at, g.Size));
                at += g.Size;
            }
            _mpi.SumFloats(_packed.AsSpan(0, length), _summed.AsSpan(0, length));
            at = 0;
            foreach (Tensor g in gradients)
            {
                _summed.AsSpan(at, g.Size).CopyTo(g.Span<float>());
                at += g.Size;
            }
            GradientSeconds += System.Diagnostics.Stopwatch.GetElapsedTime(start).TotalSeconds;
        }));
    }

    public override void WaitForGradients()
    {
        try
        {
            foreach (Task bucket in _buckets) MpiThread.Wait(bucket);
        }
        finally
        {
            _buckets.Clear();
        }
    }
}
