using SharpAlign.Tensors;

namespace SharpAlign.Tests.Tensors;

public unsafe class WorkerPoolTests
{
    private struct Counts
    {
        public int* Hits;
        public int Items;
    }

    private static void MarkShare(void* ctx, int worker, int workers)
    {
        var c = (Counts*)ctx;
        var (s, e) = WorkerPool.Partition(c->Items, worker, workers);
        for (int i = s; i < e; i++) Interlocked.Increment(ref c->Hits[i]);
    }

    private static void Fail(void* ctx, int worker, int workers)
    {
        if (worker == workers - 1) throw new InvalidOperationException("worker failed on purpose");
    }

    [Theory]
    [InlineData(1, 1)] [InlineData(3, 10)] [InlineData(4, 3)] [InlineData(2, 1001)]
    public void Run_CoversEveryItemExactlyOnce(int poolSize, int items)
    {
        using var pool = new WorkerPool(poolSize);
        var hits = new int[items];
        fixed (int* h = hits)
        {
            var c = new Counts { Hits = h, Items = items };
            for (int round = 0; round < 20; round++) pool.Run(&MarkShare, &c, poolSize);
        }
        Assert.All(hits, v => Assert.Equal(20, v));
    }

    [Fact]
    public void Run_RethrowsAWorkersException_AndStaysUsable()
    {
        using var pool = new WorkerPool(3);
        var e = Assert.Throws<AggregateException>(() => pool.Run(&Fail, null, 3));
        Assert.IsType<InvalidOperationException>(e.InnerException);
        var hits = new int[5];
        fixed (int* h = hits)
        {
            var c = new Counts { Hits = h, Items = 5 };
            pool.Run(&MarkShare, &c, 3);
        }
        Assert.All(hits, v => Assert.Equal(1, v));
    }

    [Fact]
    public void Partition_IsContiguousAndBalanced()
    {
        for (int workers = 1; workers <= 5; workers++)
        {
            int next = 0;
            for (int w = 0; w < workers; w++)
            {
                var (s, e) = WorkerPool.Partition(17, w, workers);
                Assert.Equal(next, s);
                Assert.InRange(e - s, 17 / workers, 17 / workers + 1);
                next = e;
            }
            Assert.Equal(17, next);
        }
    }
}
