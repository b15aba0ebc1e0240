using System.Runtime.InteropServices;

namespace SharpAlign.Tensors;

/// <summary>
/// Zeroing that gives memory back: the whole pages inside a buffer are handed to the operating
/// system (Linux <c>madvise(MADV_DONTNEED)</c>: they read as zeros afterwards and take physical memory
/// again only when next written), the partial pages at its ends are cleared in place. The buffer
/// stays valid. This is how activations leave the resident set as soon as the backward has used
/// them, and gradients between optimizer steps, so the two never peak together.
/// <see cref="Commit(Span{float})"/> takes the pages back in one system call just before a buffer is
/// written again: faulting them in one at a time from inside a GEMM cost up to 15 µs a page on the
/// 2-core development VM (the other thread waits at the join), against about 1 µs this way.
/// Transparent huge pages were tried and left out: with memory fragmented by a training step, the
/// kernel's compaction made committing 1 GB take 1.3–2.5 s instead of 0.6–1.5 s.
/// </summary>
public static unsafe partial class MemoryPages
{
    /// <summary>Below this many bytes a buffer is simply cleared (a system call and later page faults cost more).</summary>
    public const int MinReleaseBytes = 256 * 1024;

    private const int MadviseDontNeed = 4, MadvisePopulateWrite = 23;
    private static readonly bool Supported = OperatingSystem.IsLinux();
    private static bool _populateFailed;

    [LibraryImport("libc", EntryPoint = "madvise", SetLastError = true)]
    private static partial int Madvise(void* address, nuint length, int advice);

    /// <summary>Sets every element of <paramref name="span"/> to zero, returning its whole pages to the OS where possible.</summary>
    public static void Release(Span<float> span)
    {
        fixed (float* p = span) Release(p, span.Length);
    }

    /// <summary><see cref="Release(Span{float})"/> on a whole array (nothing for an empty one).</summary>
    public static void Release(float[] buffer) => Release(buffer.AsSpan());

    /// <summary>Sets <paramref name="count"/> floats at <paramref name="data"/> to zero, returning their whole pages to the OS where possible.</summary>
    public static void Release(float* data, long count)
    {
        long bytes = count * sizeof(float);
        if (!Supported || bytes < MinReleaseBytes)
        {
            NativeMemory.Clear(data, (nuint)bytes);
            return;
        }
        var (first, last) = WholePages((long)data, bytes);
        if (Madvise((void*)first, (nuint)(last - first), MadviseDontNeed) != 0)
        {
            NativeMemory.Clear(data, (nuint)bytes);
            return;
        }
        NativeMemory.Clear(data, (nuint)(first - (long)data));
        NativeMemory.Clear((void*)last, (nuint)((long)data + bytes - last));
    }

    /// <summary>
    /// Makes the whole pages of <paramref name="span"/> resident now (Linux <c>MADV_POPULATE_WRITE</c>),
    /// leaving the contents as they are. Only a speed hint: where the call is unsupported, pages fault
    /// in when written, as they would anyway.
    /// </summary>
    public static void Commit(Span<float> span)
    {
        fixed (float* p = span) Commit(p, span.Length);
    }

    /// <summary><see cref="Commit(Span{float})"/> on a whole array.</summary>
    public static void Commit(float[] buffer) => Commit(buffer.AsSpan());

    /// <summary><see cref="Commit(Span{float})"/> on <paramref name="count"/> floats at <paramref name="data"/>.</summary>
    public static void Commit(float* data, long count)
    {
        long bytes = count * sizeof(float);
        if (!Supported || _populateFailed || bytes < MinReleaseBytes) return;
        var (first, last) = WholePages((long)data, bytes);
        if (Madvise((void*)first, (nuint)(last - first), MadvisePopulateWrite) != 0) _populateFailed = true;
    }

    /// <summary><see cref="Commit(float[])"/> when <paramref name="resident"/>, else <see cref="Release(float[])"/>.</summary>
    public static void SetResident(float[] buffer, bool resident)
    {
        if (resident) Commit(buffer);
        else Release(buffer);
    }

    private static (long First, long Last) WholePages(long start, long bytes)
    {
        long page = Environment.SystemPageSize;
        return ((start + page - 1) / page * page, (start + bytes) / page * page);
    }
}
