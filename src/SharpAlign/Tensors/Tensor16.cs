using System.Runtime.InteropServices;

namespace SharpAlign.Tensors;

/// <summary>
/// A dense 16-bit float tensor (<see cref="Bf16"/> or <see cref="F16"/>) on 64-byte-aligned
/// native memory, row-major: the storage form for frozen weights and checkpoints. Converts
/// exactly to float32 and back with round-to-nearest-even.
/// </summary>
public sealed unsafe class Tensor16<T> : IDisposable where T : unmanaged
{
    private T* _data;

    /// <summary>Dimensions, outermost first.</summary>
    public int[] Shape { get; }

    /// <summary>Number of elements.</summary>
    public long Length { get; }

    /// <summary>Pointer to the first element.</summary>
    public T* Data => _data != null ? _data : throw new ObjectDisposedException(nameof(Tensor16<T>));

    /// <summary>All elements as a span.</summary>
    public Span<T> Span => new(Data, checked((int)Length));

    /// <summary>Allocates a zero-filled tensor of the given shape.</summary>
    public Tensor16(params int[] shape)
    {
        if (typeof(T) != typeof(Bf16) && typeof(T) != typeof(F16))
            throw new NotSupportedException($"Tensor16 holds Bf16 or F16, not {typeof(T).Name}");
        Shape = (int[])shape.Clone();
        Length = Tensor.ElementCount(shape);
        nuint bytes = (nuint)Math.Max(1, Length) * 2;
        _data = (T*)NativeMemory.AlignedAlloc(bytes, Tensor.Alignment);
        NativeMemory.Clear(_data, bytes);
    }

    /// <summary>Rounds a float32 tensor to this format (same shape).</summary>
    public static Tensor16<T> FromTensor(Tensor source)
    {
        var t = new Tensor16<T>(source.Shape);
        t.CopyFrom(source.Span);
        return t;
    }

    /// <summary>Rounds <paramref name="values"/> (one per element) into this tensor.</summary>
    public void CopyFrom(ReadOnlySpan<float> values)
    {
        if (values.Length != Length) throw new ArgumentException($"expected {Length} values for {this}, got {values.Length}");
        if (typeof(T) == typeof(Bf16)) Bf16.FromSingle(values, MemoryMarshal.Cast<T, Bf16>(Span));
        else F16.FromSingle(values, MemoryMarshal.Cast<T, F16>(Span));
    }

    /// <summary>Widens every element into <paramref name="destination"/> (exact).</summary>
    public void CopyTo(Span<float> destination)
    {
        if (destination.Length != Length) throw new ArgumentException($"expected room for {Length} values from {this}, got {destination.Length}");
        if (typeof(T) == typeof(Bf16)) Bf16.ToSingle(MemoryMarshal.Cast<T, Bf16>(Span), destination);
        else F16.ToSingle(MemoryMarshal.Cast<T, F16>(Span), destination);
    }

    /// <summary>A new float32 tensor with the widened values.</summary>
    public Tensor ToTensor()
    {
        var t = new Tensor(Shape);
        CopyTo(t.Span);
        return t;
    }

    /// <inheritdoc />
    public void Dispose()
    {
        if (_data != null) NativeMemory.AlignedFree(_data);
        _data = null;
    }

    /// <inheritdoc />
    public override string ToString() => $"Tensor16<{typeof(T).Name}>[{string.Join(", ", Shape)}]";
}
