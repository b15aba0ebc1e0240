using SharpAlign.Tensors;

namespace SharpAlign.Tests.Tensors;

/// <summary>
/// <see cref="MemoryPages"/> and <see cref="ReleasableBuffer"/>: releasing zeroes exactly the span
/// (never a neighbour sharing its first or last page), the memory stays usable, committing keeps
/// contents, and released pages really leave the resident set.
/// </summary>
public class MemoryPagesTests
{
    [Theory]
    [InlineData(0, 10)]                       // small: cleared in place
    [InlineData(3, 70_000)]                   // just over the release threshold, unaligned start
    [InlineData(1021, 1_000_003)]             // many whole pages, partial pages at both ends
    public void ReleaseZeroesTheSpanAndNothingElse(int start, int length)
    {
        var rng = new Random(length);
        var buffer = new float[start + length + 2048];
        for (int i = 0; i < buffer.Length; i++) buffer[i] = (float)rng.NextDouble() + 1f;
        var before = (float[])buffer.Clone();
        MemoryPages.Release(buffer.AsSpan(start, length));
        for (int i = 0; i < buffer.Length; i++)
        {
            bool inside = i >= start && i < start + length;
            Assert.True(inside ? buffer[i] == 0f : buffer[i] == before[i], $"element {i} ({(inside ? "inside" : "outside")} the span) is {buffer[i]}");
        }
        buffer.AsSpan(start, length).Fill(7f);
        MemoryPages.Commit(buffer.AsSpan(start, length));
        Assert.All(buffer.AsSpan(start, length).ToArray(), v => Assert.Equal(7f, v));
    }

    [Fact]
    public unsafe void ReleasableBufferStartsZeroAndReleasesItsPages()
    {
        if (!OperatingSystem.IsLinux()) return;   // page release is a Linux madvise; elsewhere Release only clears
        const long floats = 48L << 20;            // 192 MiB
        using var b = new ReleasableBuffer(floats);
        Assert.True(b.Contains(b.Data) && b.Contains(b.Data + floats - 1) && !b.Contains(b.Data + floats));
        var all = new Span<float>(b.Data, (int)floats);
        Assert.Equal(-1, all.IndexOfAnyExcept(0f));
        double start = ResidentMb();
        b.Commit(0, floats);
        all.Fill(1.5f);
        double filled = ResidentMb();
        b.Release();
        double released = ResidentMb();
        Assert.True(filled - start > 150, $"resident set grew by {filled - start:F0} MB while filling 192 MiB");
        Assert.True(filled - released > 150, $"resident set shrank by only {filled - released:F0} MB after release");
        Assert.Equal(-1, all.IndexOfAnyExcept(0f));
        Assert.Throws<ArgumentOutOfRangeException>(() => b.Commit(floats - 1, 2));
    }

    private static double ResidentMb()
    {
        foreach (var line in File.ReadLines("/proc/self/status"))
            if (line.StartsWith("VmRSS:", StringComparison.Ordinal))
                return long.Parse(line.Split(' ', StringSplitOptions.RemoveEmptyEntries)[1]) / 1024.0;
        throw new InvalidOperationException("no VmRSS line in /proc/self/status");
    }
}
