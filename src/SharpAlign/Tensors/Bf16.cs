using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;

namespace SharpAlign.Tensors;

/// <summary>
/// A bfloat16 value as stored (the top 16 bits of a float32: sign, 8 exponent bits, 7 mantissa
/// bits). Widening to float32 is exact; narrowing rounds to nearest, ties to even; a NaN stays a
/// NaN with its sign and top payload bits (the quiet bit is set so truncation cannot turn it into
/// infinity). Two bytes, so spans of raw <c>ushort</c> storage can be reinterpreted as spans of this.
/// </summary>
[StructLayout(LayoutKind.Sequential, Size = 2)]
public readonly struct Bf16 : IEquatable<Bf16>
{
    /// <summary>The raw bits.</summary>
    public readonly ushort Bits;

    /// <summary>Wraps raw bits.</summary>
    public Bf16(ushort bits) => Bits = bits;

    /// <summary>Exact widening to float32.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public float ToSingle() => BitConverter.UInt32BitsToSingle((uint)Bits << 16);

    /// <summary>Nearest bfloat16 (ties to even); NaN preserved.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Bf16 FromSingle(float value)
    {
        uint b = BitConverter.SingleToUInt32Bits(value);
        if ((b & 0x7FFF_FFFFu) > 0x7F80_0000u) return new Bf16((ushort)((b >> 16) | 0x0040));
        b += 0x7FFFu + ((b >> 16) & 1);
        return new Bf16((ushort)(b >> 16));
    }

    /// <summary>Widens every element: <paramref name="dst"/>[i] = <paramref name="src"/>[i] as float32.</summary>
    public static unsafe void ToSingle(ReadOnlySpan<Bf16> src, Span<float> dst)
    {
        if (dst.Length < src.Length) throw new ArgumentException($"destination has {dst.Length} elements, source {src.Length}");
        fixed (Bf16* s = src)
        fixed (float* d = dst)
            ToSingle((ushort*)s, d, src.Length);
    }

    /// <summary>Narrows every element with round-to-nearest-even.</summary>
    public static unsafe void FromSingle(ReadOnlySpan<float> src, Span<Bf16> dst)
    {
        if (dst.Length < src.Length) throw new ArgumentException($"destination has {dst.Length} elements, source {src.Length}");
        fixed (float* s = src)
        fixed (Bf16* d = dst)
            FromSingle(s, (ushort*)d, src.Length);
    }

    /// <summary>Pointer form of <see cref="ToSingle(ReadOnlySpan{Bf16}, Span{float})"/>, used while packing GEMM panels.</summary>
    internal static unsafe void ToSingle(ushort* s, float* d, int n)
    {
        int i = 0;
        if (Avx512F.IsSupported)
            for (; i <= n - 16; i += 16)
            {
                var w = Avx512F.ConvertToVector512UInt32(Avx.LoadVector256(s + i));
                Avx512F.Store(d + i, Avx512F.ShiftLeftLogical(w, 16).AsSingle());
            }
        else if (Avx2.IsSupported)
            for (; i <= n - 8; i += 8)
            {
                var w = Avx2.ConvertToVector256Int32(Sse2.LoadVector128(s + i)).AsUInt32();
                Avx.Store(d + i, Avx2.ShiftLeftLogical(w, 16).AsSingle());
            }
        for (; i < n; i++) d[i] = BitConverter.UInt32BitsToSingle((uint)s[i] << 16);
    }

    internal static unsafe void FromSingle(float* s, ushort* d, int n)
    {
        int i = 0;
        if (Avx512F.IsSupported && Avx512BW.IsSupported)
        {
            var absMask = Vector512.Create(0x7FFF_FFFFu);
            var inf = Vector512.Create(0x7F80_0000u);
            var bias = Vector512.Create(0x7FFFu);
            var one = Vector512.Create(1u);
            var quiet = Vector512.Create(0x0040u);
            for (; i <= n - 16; i += 16)
            {
                var b = Avx512F.LoadVector512((uint*)(s + i));
                var rounded = (b + bias + ((b >> 16) & one)) >> 16;
                var nan = Vector512.GreaterThan(b & absMask, inf);
                var r = Vector512.ConditionalSelect(nan, (b >> 16) | quiet, rounded);
                Avx.Store(d + i, Avx512F.ConvertToVector256UInt16(r));
            }
        }
        for (; i < n; i++) d[i] = FromSingle(s[i]).Bits;
    }

    /// <inheritdoc />
    public bool Equals(Bf16 other) => Bits == other.Bits;

    /// <inheritdoc />
    public override bool Equals(object? obj) => obj is Bf16 o && Equals(o);

    /// <inheritdoc />
    public override int GetHashCode() => Bits;

    /// <inheritdoc />
    public override string ToString() => ToSingle().ToString("R", System.Globalization.CultureInfo.InvariantCulture);
}
