using System.Diagnostics;

namespace SharpAlign.Tensors;

/// <summary>
/// A fixed set of worker threads for static partitioning: <see cref="Run"/> calls one function
/// once per worker index 0..workers-1 (index 0 on the caller's thread) and returns when all are
/// done. Nothing is allocated per call: the work is an unmanaged function pointer and a context
/// pointer (usually to a struct on the caller's stack). If the pool is already busy (a nested or
/// concurrent call) the shares run one after another on the caller, so the results stay the same.
/// After a share a worker spins for <see cref="SpinMicroseconds"/> before it blocks: the next
/// call of a training step usually comes within that time, and waking a blocked thread cost up
/// to ~2 ms on the 2-vCPU development VM (the idle virtual CPU is halted), which a 1.6 ms
/// product paid in full.
/// </summary>
public sealed unsafe class WorkerPool : IDisposable
{
    private static WorkerPool? _shared;
    private static readonly object SharedLock = new();

    /// <summary>How long an idle worker polls for the next call before it blocks.</summary>
    public const int SpinMicroseconds = 2000;

    private readonly Thread[] _threads;
    private readonly SemaphoreSlim[] _start;
    private readonly int[] _pending, _blocked;   // per worker: a share was handed out; the worker is (about to be) blocked
    private delegate*<void*, int, int, void> _fn;
    private void* _ctx;
    private int _workers;
    private int _remaining;
    private int _busy;
    private volatile bool _disposed;
    private Exception? _error;

    /// <summary>The process-wide pool with <see cref="ComputeThreads.Count"/> threads.</summary>
    public static WorkerPool Shared
    {
        get
        {
            if (_shared is null)
                lock (SharedLock) _shared ??= new WorkerPool(ComputeThreads.Count);
            return _shared;
        }
    }

    /// <summary>Number of workers including the calling thread.</summary>
    public int Size { get; }

    /// <summary>Starts <paramref name="size"/> − 1 background threads.</summary>
    public WorkerPool(int size)
    {
        if (size < 1) throw new ArgumentOutOfRangeException(nameof(size), "a pool needs at least one worker");
        Size = size;
        _threads = new Thread[size - 1];
        _start = new SemaphoreSlim[size - 1];
        _pending = new int[size - 1];
        _blocked = new int[size - 1];
        for (int i = 0; i < _threads.Length; i++)
        {
            _start[i] = new SemaphoreSlim(0);
            int index = i + 1;
            _threads[i] = new Thread(() => WorkerLoop(index)) { IsBackground = true, Name = $"sharpalign-worker-{index}" };
            _threads[i].Start();
        }
    }

    /// <summary>
    /// Runs <paramref name="fn"/>(ctx, worker, workers) for worker = 0..workers-1 in parallel,
    /// with workers = min(<paramref name="workers"/>, <see cref="Size"/>). Blocks until all finish;
    /// rethrows the first exception a worker raised.
    /// </summary>
    public void Run(delegate*<void*, int, int, void> fn, void* ctx, int workers)
    {
        workers = Math.Clamp(workers, 1, Size);
        if (workers == 1 || Interlocked.CompareExchange(ref _busy, 1, 0) != 0)
        {
            for (int w = 0; w < workers; w++) fn(ctx, w, workers);
            return;
        }
        try
        {
            _fn = fn;
            _ctx = ctx;
            _workers = workers;
            _error = null;
            Volatile.Write(ref _remaining, workers - 1);
            for (int i = 0; i < workers - 1; i++) Wake(i);
            try { fn(ctx, 0, workers); }
            catch (Exception e) { _error ??= e; }
            var spin = new SpinWait();
            while (Volatile.Read(ref _remaining) != 0) spin.SpinOnce(sleep1Threshold: -1);
            if (_error is not null) throw new AggregateException("a compute worker failed", _error);
        }
        finally
        {
            Volatile.Write(ref _busy, 0);
        }
    }

    /// <summary>Hands worker slot <paramref name="i"/> a share: a spinning worker sees the flag, a blocked one is released.</summary>
    private void Wake(int i)
    {
        Interlocked.Exchange(ref _pending[i], 1);
        if (Interlocked.CompareExchange(ref _blocked[i], 0, 1) == 1) _start[i].Release();
    }

    /// <summary>Returns when slot <paramref name="i"/> has a share (or the pool is disposed): polls for a while, then blocks.</summary>
    private void AwaitShare(int i)
    {
        long deadline = Stopwatch.GetTimestamp() + SpinMicroseconds * Stopwatch.Frequency / 1_000_000;
        while (Volatile.Read(ref _pending[i]) == 0 && !_disposed && Stopwatch.GetTimestamp() < deadline) Thread.SpinWait(20);
        if (Volatile.Read(ref _pending[i]) == 0 && !_disposed)
        {
            // Dekker-style handshake with Wake: both sides write with a full fence, then read the other's flag.
            Interlocked.Exchange(ref _blocked[i], 1);
            if (Volatile.Read(ref _pending[i]) == 0 || Interlocked.CompareExchange(ref _blocked[i], 0, 1) != 1)
                _start[i].Wait();
        }
        Interlocked.Exchange(ref _pending[i], 0);
    }

    private void WorkerLoop(int index)
    {
        while (true)
        {
            AwaitShare(index - 1);
            if (_disposed) return;
            try { _fn(_ctx, index, _workers); }
            catch (Exception e) { Interlocked.CompareExchange(ref _error, e, null); }
            Interlocked.Decrement(ref _remaining);
        }
    }

    /// <summary>The half-open range [start, end) of <paramref name="count"/> items that worker <paramref name="worker"/> of <paramref name="workers"/> owns (contiguous, sizes differ by at most one).</summary>
    public static (int Start, int End) Partition(int count, int worker, int workers)
    {
        int q = count / workers, r = count % workers;
        int start = worker * q + Math.Min(worker, r);
        return (start, start + q + (worker < r ? 1 : 0));
    }

    /// <summary>Stops the background threads.</summary>
    public void Dispose()
    {
        _disposed = true;
        for (int i = 0; i < _start.Length; i++)
        {
            Interlocked.Exchange(ref _blocked[i], 0);
            _start[i].Release();
        }
    }
}
