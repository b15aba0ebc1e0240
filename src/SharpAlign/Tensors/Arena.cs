using System.Runtime.InteropServices;

namespace SharpAlign.Tensors;

/// <summary>
/// Per-step scratch memory: a bump allocator over 64-byte-aligned native blocks. Take buffers
/// during a step, call <see cref="Reset"/> at the end; nothing goes through the GC heap.
/// When a step needs more than the current block, an extra block is taken for that step and at
/// the next <see cref="Reset"/> everything is merged into one block big enough for the largest
/// step seen, so from the second step of a steady loop on there are no allocations at all.
/// Not thread-safe: one arena per thread or per step owner.
/// </summary>
public sealed unsafe class Arena : IDisposable
{
    private byte* _block;
    private nuint _capacity;
    private nuint _used;
    private nuint _stepBytes;
    private nuint _peakBytes;
    private readonly List<nint> _extra = new();
    private byte* _extraBlock;
    private nuint _extraCapacity;
    private nuint _extraUsed;

    /// <summary>Creates an arena with an initial block of <paramref name="initialBytes"/> bytes.</summary>
    public Arena(long initialBytes = 1 << 20)
    {
        _capacity = (nuint)Math.Max(Tensor.Alignment, initialBytes);
        _block = (byte*)NativeMemory.AlignedAlloc(_capacity, Tensor.Alignment);
    }

    /// <summary>Bytes handed out since the last reset (rounded to the alignment).</summary>
    public long BytesInUse => (long)_stepBytes;

    /// <summary>Size of the main block in bytes.</summary>
    public long Capacity => (long)_capacity;

    /// <summary>An aligned buffer of <paramref name="count"/> elements, valid until <see cref="Reset"/>; zeroed when <paramref name="clear"/>.</summary>
    public T* Pointer<T>(long count, bool clear = false) where T : unmanaged
    {
        if (count < 0) throw new ArgumentOutOfRangeException(nameof(count), $"cannot allocate {count} elements");
        nuint bytes = ((nuint)count * (nuint)sizeof(T) + Tensor.Alignment - 1) & ~(nuint)(Tensor.Alignment - 1);
        if (bytes == 0) bytes = Tensor.Alignment;
        byte* p;
        if (_used + bytes <= _capacity)
        {
            p = _block + _used;
            _used += bytes;
        }
        else
        {
            if (_extraBlock == null || _extraUsed + bytes > _extraCapacity)
            {
                _extraCapacity = Math.Max(bytes, _capacity);
                _extraBlock = (byte*)NativeMemory.AlignedAlloc(_extraCapacity, Tensor.Alignment);
                _extra.Add((nint)_extraBlock);
                _extraUsed = 0;
            }
            p = _extraBlock + _extraUsed;
            _extraUsed += bytes;
        }
        _stepBytes += bytes;
        if (clear) NativeMemory.Clear(p, bytes);
        return (T*)p;
    }

    /// <summary>A span form of <see cref="Pointer{T}"/>.</summary>
    public Span<T> Span<T>(int count, bool clear = false) where T : unmanaged => new(Pointer<T>(count, clear), count);

    /// <summary>A float32 scratch buffer.</summary>
    public Span<float> Floats(int count, bool clear = false) => Span<float>(count, clear);

    /// <summary>Releases everything handed out since the last reset; grows the main block if the step overflowed it.</summary>
    public void Reset()
    {
        _peakBytes = Math.Max(_peakBytes, _stepBytes);
        if (_extra.Count > 0)
        {
            foreach (nint b in _extra) NativeMemory.AlignedFree((void*)b);
            _extra.Clear();
            _extraBlock = null;
            _extraCapacity = _extraUsed = 0;
            NativeMemory.AlignedFree(_block);
            _capacity = _peakBytes;
            _block = (byte*)NativeMemory.AlignedAlloc(_capacity, Tensor.Alignment);
        }
        _used = 0;
        _stepBytes = 0;
    }

    /// <inheritdoc />
    public void Dispose()
    {
        foreach (nint b in _extra) NativeMemory.AlignedFree((void*)b);
        _extra.Clear();
        if (_block != null) NativeMemory.AlignedFree(_block);
        _block = null;
    }
}
