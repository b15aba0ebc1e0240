using System.Runtime.InteropServices;

namespace SharpAlign.Tensors;

/// <summary>
/// An IEEE 754 binary16 value as stored (1 sign, 5 exponent, 10 mantissa bits). Widening to
/// float32 is exact; narrowing rounds to nearest, ties to even, with subnormals, overflow to
/// infinity, and NaN preserved (sign and top payload bits kept, quiet bit set).
/// Implemented on the bits here; <see cref="System.Half"/> serves as the independent test oracle.
/// </summary>
[StructLayout(LayoutKind.Sequential, Size = 2)]
public readonly struct F16 : IEquatable<F16>
{
    /// <summary>The raw bits.</summary>
    public readonly ushort Bits;

    /// <summary>Wraps raw bits.</summary>
    public F16(ushort bits) => Bits = bits;

    /// <summary>Exact widening to float32.</summary>
    public float ToSingle()
    {
        uint sign = (uint)(Bits & 0x8000) << 16;
        uint exp = (uint)(Bits >> 10) & 0x1F;
        uint man = (uint)Bits & 0x3FF;
        if (exp == 0x1F) return BitConverter.UInt32BitsToSingle(sign | 0x7F80_0000u | (man << 13));
        if (exp == 0)
        {
            // Subnormal (or zero): man · 2^-24, exact in float32.
            float v = man * (1.0f / 16777216.0f);
            return BitConverter.UInt32BitsToSingle(sign | BitConverter.SingleToUInt32Bits(v));
        }
        return BitConverter.UInt32BitsToSingle(sign | ((exp + 112) << 23) | (man << 13));
    }

    /// <summary>Nearest binary16 (ties to even); NaN preserved.</summary>
    public static F16 FromSingle(float value)
    {
        uint b = BitConverter.SingleToUInt32Bits(value);
        uint sign = (b >> 16) & 0x8000;
        uint a = b & 0x7FFF_FFFFu;
        if (a > 0x7F80_0000u) return new F16((ushort)(sign | 0x7E00 | ((a >> 13) & 0x3FF)));
        if (a >= 0x477F_F000u) return new F16((ushort)(sign | 0x7C00)); // ≥ 65520 rounds to infinity
        if (a >= 0x3880_0000u)
        {
            // Normal range: round the 13 dropped mantissa bits, then rebias 127 → 15.
            uint r = a + 0xFFFu + ((a >> 13) & 1);
            return new F16((ushort)(sign | ((r - (112u << 23)) >> 13)));
        }
        // Below 2^-14: the result is a subnormal count of 2^-24 units.
        int e = (int)(a >> 23);
        int shift = 126 - e;
        if (shift > 24) return new F16((ushort)sign);
        uint m = (a & 0x7F_FFFFu) | 0x80_0000u;
        uint q = m >> shift;
        uint rem = m & ((1u << shift) - 1);
        uint half = 1u << (shift - 1);
        if (rem > half || (rem == half && (q & 1) != 0)) q++;
        return new F16((ushort)(sign | q));
    }

    /// <summary>Widens every element.</summary>
    public static void ToSingle(ReadOnlySpan<F16> src, Span<float> dst)
    {
        if (dst.Length < src.Length) throw new ArgumentException($"destination has {dst.Length} elements, source {src.Length}");
        for (int i = 0; i < src.Length; i++) dst[i] = src[i].ToSingle();
    }

    /// <summary>Narrows every element with round-to-nearest-even.</summary>
    public static void FromSingle(ReadOnlySpan<float> src, Span<F16> dst)
    {
        if (dst.Length < src.Length) throw new ArgumentException($"destination has {dst.Length} elements, source {src.Length}");
        for (int i = 0; i < src.Length; i++) dst[i] = FromSingle(src[i]);
    }

    /// <inheritdoc />
    public bool Equals(F16 other) => Bits == other.Bits;

    /// <inheritdoc />
    public override bool Equals(object? obj) => obj is F16 o && Equals(o);

    /// <inheritdoc />
    public override int GetHashCode() => Bits;

    /// <inheritdoc />
    public override string ToString() => ToSingle().ToString("R", System.Globalization.CultureInfo.InvariantCulture);
}
