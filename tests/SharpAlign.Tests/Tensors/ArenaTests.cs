using SharpAlign.Tensors;
using SharpAlign.Tensors.Kernels;

namespace SharpAlign.Tests.Tensors;

public class ArenaTests
{
    [Fact]
    public unsafe void Buffers_AreAlignedDistinctAndReusedAfterReset()
    {
        using var arena = new Arena(1024);
        float* a = arena.Pointer<float>(3);
        float* b = arena.Pointer<float>(100, clear: true);
        Assert.Equal(0, (long)a % Tensor.Alignment);
        Assert.Equal(0, (long)b % Tensor.Alignment);
        Assert.True(b >= a + 3);
        Assert.All(new Span<float>(b, 100).ToArray(), v => Assert.Equal(0f, v));
        float* big = arena.Pointer<float>(10_000); // overflows the first block
        Assert.Equal(0, (long)big % Tensor.Alignment);
        big[9_999] = 1;
        arena.Reset();
        Assert.True(arena.Capacity >= 10_000 * sizeof(float));
        Assert.Equal(0, arena.BytesInUse);
    }

    [Fact]
    public void SteadyStateStep_AllocatesNothingOnTheGcHeap()
    {
        using var arena = new Arena(1 << 16);
        using var gemm = new ManagedGemm(threads: 2);
        void Step()
        {
            int m = 64, n = 96, k = 80;
            var x = arena.Floats(m * k);
            var w = arena.Floats(n * k);
            var y = arena.Floats(m * n);
            var inv = arena.Floats(m);
            var big = arena.Floats(1 << 18); // bigger than the first block: forces growth on the first step only
            x.Fill(0.5f);
            w.Fill(0.25f);
            big.Fill(1f);
            gemm.XWt(x, w, y, m, n, k);
            gemm.DytX(y, x, w, m, n, k, accumulate: true);
            Softmax.Forward(y, y, m, n);
            RmsNorm.Forward(x, w[..k], x, inv, m, k, 1e-5f);
            Silu.Forward(big, big);
            AdamW.Step(big[..4096], x[..4096], big[4096..8192], big[8192..12288], new AdamW.Settings(1e-3f, 0.9f, 0.999f, 1e-8f, 0.01f, 1));
            arena.Reset();
        }
        Step();
        Step();
        long before = GC.GetAllocatedBytesForCurrentThread();
        for (int i = 0; i < 10; i++) Step();
        long allocated = GC.GetAllocatedBytesForCurrentThread() - before;
        Assert.Equal(0, allocated);
    }
}
