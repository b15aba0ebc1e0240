using System.Runtime.InteropServices;

namespace SharpAlign.Tensors;

/// <summary>
/// Native float32 memory that is handed back to the OS and taken again every step (a model's weight
/// gradients between optimizer steps): created zero and not resident, <see cref="Release"/> zeroes it
/// by giving its pages back, <see cref="Commit"/> takes a range back in one system call before it is
/// written (see <see cref="MemoryPages"/>). Not thread-safe.
/// </summary>
public sealed unsafe class ReleasableBuffer : IDisposable
{
    private float* _data;

    /// <summary>Number of floats.</summary>
    public long Length { get; }

    /// <summary>Reserves <paramref name="length"/> floats, all zero; pages become resident only when written or committed.</summary>
    public ReleasableBuffer(long length)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(length);
        Length = length;
        _data = (float*)NativeMemory.AlignedAlloc((nuint)(Math.Max(1, length) * sizeof(float)), (nuint)Environment.SystemPageSize);
        MemoryPages.Release(_data, length);
    }

    /// <summary>Pointer to the first float.</summary>
    public float* Data => _data != null ? _data : throw new ObjectDisposedException(nameof(ReleasableBuffer));

    /// <summary>True when <paramref name="p"/> points into this buffer.</summary>
    public bool Contains(float* p) => p >= Data && p < Data + Length;

    /// <summary>Zeroes the whole buffer and gives its pages back.</summary>
    public void Release() => MemoryPages.Release(Data, Length);

    /// <summary>Makes [start, start + count) resident now.</summary>
    public void Commit(long start, long count)
    {
        if (start < 0 || count < 0 || start + count > Length)
            throw new ArgumentOutOfRangeException(nameof(start), $"[{start}, {start + count}) is outside a buffer of {Length} floats");
        MemoryPages.Commit(Data + start, count);
    }

    /// <summary>Frees the memory.</summary>
    public void Dispose()
    {
        if (_data != null) NativeMemory.AlignedFree(_data);
        _data = null;
        GC.SuppressFinalize(this);
    }

    /// <summary>Frees the memory of a buffer nobody disposed.</summary>
    ~ReleasableBuffer()
    {
        if (_data != null) NativeMemory.AlignedFree(_data);
    }
}
