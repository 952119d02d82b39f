using System.Runtime.InteropServices;

namespace Strata.Kernels;

/// <summary>
/// Copies chosen rows (slices along the first axis) of a tensor into another, row after row. A large gather
/// (IMDB's batches: 512 rows of 10,000 floats, 20 MB) is split over the kernel workers; it only moves memory,
/// so the split changes no value, and it takes no allocation, so a training step can call it every batch.
/// </summary>
internal static unsafe class RowGather
{
    /// <summary>destination[i] = source[rows[i]] for each i; the destination must hold rows.Length rows of the same width.</summary>
    public static void Copy(Tensor source, ReadOnlySpan<int> rows, Tensor destination)
    {
        int width = source.Rank == 0 ? 1 : source.Size / Math.Max(source.Shape[0], 1);
        if (destination.DType != source.DType || destination.Size != rows.Length * width)
        {
            throw new ArgumentException($"RowGather: {rows.Length} rows of {width} values from {source.Shape} do not fit {destination.Shape}.");
        }
        foreach (int row in rows)
        {
            if ((uint)row >= (uint)source.Shape[0]) throw new ArgumentException($"RowGather: row {row} is outside 0..{source.Shape[0] - 1}.");
        }
        if (rows.Length == 0 || width == 0) return;
        if (source.Buffer is string[] texts)
        {
            // References are copied by the runtime, never as raw bytes (the collector must see them).
            for (int i = 0; i < rows.Length; i++) Array.Copy(texts, source.Offset + (rows[i] * width), destination.Buffer, destination.Offset + (i * width), width);
            return;
        }

        int elementSize = source.Buffer switch
        {
            long[] => 8,
            float[] or int[] => 4,
            _ => 1, // byte[], bool[]
        };
        long rowBytes = (long)width * elementSize;
        // Split as a large elementwise output is: it is the same kind of work, moving memory.
        int parts = GemmWorkers.PartsFor(rows.Length * rowBytes, ParallelElementwise.MinBytesPerThread, Engine.Threads);
        fixed (byte* s = &MemoryMarshal.GetArrayDataReference(source.Buffer), d = &MemoryMarshal.GetArrayDataReference(destination.Buffer))
        fixed (int* r = rows)
        {
            var job = new Job
            {
                Source = s + ((long)source.Offset * elementSize),
                Destination = d + ((long)destination.Offset * elementSize),
                Rows = r,
                Count = rows.Length,
                RowBytes = rowBytes,
                Parts = parts,
            };
            if (parts == 1) CopyRows(&job, 0, rows.Length);
            else GemmWorkers.Run(parts, &Part, &job);
        }
    }

    private static void Part(int index, void* state)
    {
        var job = (Job*)state;
        CopyRows(job, (int)((long)job->Count * index / job->Parts), (int)((long)job->Count * (index + 1) / job->Parts));
    }

    private static void CopyRows(Job* job, int begin, int end)
    {
        for (int i = begin; i < end; i++)
        {
            Buffer.MemoryCopy(job->Source + (job->Rows[i] * job->RowBytes), job->Destination + (i * job->RowBytes), job->RowBytes, job->RowBytes);
        }
    }

    private struct Job
    {
        public byte* Source, Destination;
        public int* Rows;
        public int Count, Parts;
        public long RowBytes;
    }
}
