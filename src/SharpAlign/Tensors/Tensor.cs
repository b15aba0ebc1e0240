using System.Runtime.InteropServices;

namespace SharpAlign.Tensors;

/// <summary>
/// A dense float32 tensor on 64-byte-aligned native memory, row-major.
/// Owns its buffer unless created as a view; dispose to free it.
/// </summary>
public sealed unsafe class Tensor : IDisposable
{
    /// <summary>Alignment of every owned buffer, in bytes (one AVX-512 register / cache line).</summary>
    public const int Alignment = 64;

    private float* _data;
    private readonly bool _owns;

    /// <summary>Dimensions, outermost first.</summary>
    public int[] Shape { get; }

    /// <summary>Number of elements.</summary>
    public long Length { get; }

    /// <summary>Pointer to the first element.</summary>
    public float* Data => _data != null ? _data : throw new ObjectDisposedException(nameof(Tensor));

    /// <summary>All elements as a span (tensors used here stay below 2^31 elements).</summary>
    public Span<float> Span => new(Data, checked((int)Length));

    /// <summary>Allocates a zero-filled tensor of the given shape.</summary>
    public Tensor(params int[] shape)
    {
        Shape = (int[])shape.Clone();
        Length = ElementCount(shape);
        nuint bytes = (nuint)Math.Max(1, Length) * sizeof(float);
        _data = (float*)NativeMemory.AlignedAlloc(bytes, Alignment);
        NativeMemory.Clear(_data, bytes);
        _owns = true;
    }

    private Tensor(float* data, int[] shape)
    {
        _data = data;
        Shape = shape;
        Length = ElementCount(shape);
        _owns = false;
    }

    /// <summary>A non-owning view of existing memory (the caller keeps it alive).</summary>
    public static Tensor View(float* data, params int[] shape) => new(data, (int[])shape.Clone());

    /// <summary>Size of dimension <paramref name="d"/>; negative counts from the end.</summary>
    public int Dim(int d) => Shape[d < 0 ? Shape.Length + d : d];

    /// <summary>Row <paramref name="i"/> of a 2-D tensor.</summary>
    public Span<float> Row(int i)
    {
        int cols = Shape[^1];
        return new Span<float>(Data + (long)i * cols, cols);
    }

    /// <summary>Product of the dimensions, with overflow and sign checks.</summary>
    public static long ElementCount(ReadOnlySpan<int> shape)
    {
        long n = 1;
        foreach (int d in shape)
        {
            if (d < 0) throw new ArgumentException($"negative dimension {d} in shape");
            n = checked(n * d);
        }
        return n;
    }

    /// <inheritdoc />
    public void Dispose()
    {
        if (_owns && _data != null) NativeMemory.AlignedFree(_data);
        _data = null;
    }

    /// <inheritdoc />
    public override string ToString() => $"Tensor[{string.Join(", ", Shape)}]";
}
