namespace SharpAlign.Tensors.Kernels;

/// <summary>A piece of work over a range of items (rows, chunks) that can run on any thread.</summary>
internal interface IRangeJob
{
    /// <summary>Processes items [start, end).</summary>
    void Run(int start, int end);
}

/// <summary>
/// Static partitioning of <see cref="IRangeJob"/>s over <see cref="WorkerPool.Shared"/>: worker w
/// gets the w-th contiguous share, so the result does not depend on scheduling. Small jobs run inline.
/// </summary>
internal static unsafe class ParallelRanges
{
    /// <summary>Below this many element-operations a job runs on the calling thread.</summary>
    public const long MinParallelWork = 1 << 16;

    private struct Context<T> where T : unmanaged, IRangeJob
    {
        public T* Job;
        public int Count;
    }

    /// <summary>Runs <paramref name="job"/> over [0, count), split across workers when count × costPerItem is large enough.</summary>
    public static void For<T>(ref T job, int count, long costPerItem) where T : unmanaged, IRangeJob
    {
        var pool = WorkerPool.Shared;
        int workers = (long)count * costPerItem < MinParallelWork ? 1 : Math.Min(pool.Size, count);
        if (workers <= 1)
        {
            job.Run(0, count);
            return;
        }
        fixed (T* p = &job)
        {
            var ctx = new Context<T> { Job = p, Count = count };
            pool.Run(&Invoke<T>, &ctx, workers);
        }
    }

    private static void Invoke<T>(void* ctx, int worker, int workers) where T : unmanaged, IRangeJob
    {
        var c = (Context<T>*)ctx;
        var (s, e) = WorkerPool.Partition(c->Count, worker, workers);
        if (s < e) c->Job->Run(s, e);
    }
}
