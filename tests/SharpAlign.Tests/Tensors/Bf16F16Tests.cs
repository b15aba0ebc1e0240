using SharpAlign.Tensors;

namespace SharpAlign.Tests.Tensors;

public class Bf16F16Tests
{
    /// <summary>
    /// Independent bf16 rounding oracle, from values rather than bits: the two bf16 neighbours of
    /// x are found by truncation, and the nearer one (in float64) wins, ties to the even mantissa.
    /// </summary>
    private static ushort ReferenceBf16(float x)
    {
        uint b = BitConverter.SingleToUInt32Bits(x);
        if (float.IsNaN(x)) return (ushort)((b >> 16) | 0x40);
        ushort lo = (ushort)(b >> 16);
        if ((b & 0xFFFF) == 0) return lo;
        ushort hi = (ushort)(lo + 1); // next magnitude away from zero (may be infinity)
        double dl = Math.Abs((double)x - BitConverter.UInt32BitsToSingle((uint)lo << 16));
        // Past the largest finite bf16 the next "value" is ±2^128, which rounds to infinity.
        double hv = (hi & 0x7FFF) == 0x7F80 ? Math.CopySign(Math.Pow(2, 128), x) : BitConverter.UInt32BitsToSingle((uint)hi << 16);
        double dh = Math.Abs((double)x - hv);
        if (dl < dh) return lo;
        if (dh < dl) return hi;
        return (lo & 1) == 0 ? lo : hi;
    }

    [Fact]
    public void Bf16_WideningIsExactForAll65536Patterns()
    {
        var bits = new Bf16[65536];
        for (int i = 0; i < 65536; i++) bits[i] = new Bf16((ushort)i);
        var wide = new float[65536];
        Bf16.ToSingle(bits, wide);
        for (int i = 0; i < 65536; i++)
        {
            // Reference by value: sign · 2^(e−127) · (1 + m/128), subnormals 2^-126 · m/128.
            int sign = i >> 15, e = (i >> 7) & 0xFF, m = i & 0x7F;
            double expected = e == 0xFF ? (m == 0 ? double.PositiveInfinity : double.NaN)
                : e == 0 ? m / 128.0 * Math.Pow(2, -126) : (1 + m / 128.0) * Math.Pow(2, e - 127);
            if (sign == 1) expected = -expected;
            if (double.IsNaN(expected))
            {
                Assert.True(float.IsNaN(wide[i]), $"pattern {i:X4} should widen to NaN");
                Assert.Equal((uint)i << 16, BitConverter.SingleToUInt32Bits(wide[i]));
            }
            else Assert.True(expected == wide[i], $"pattern {i:X4}: {wide[i]} != {expected}");
            Assert.Equal(wide[i], bits[i].ToSingle());
        }
    }

    [Fact]
    public void Bf16_NarrowingMatchesValueOracleAroundAll65536Patterns()
    {
        // For every bf16 pattern: the value itself, its midpoints to the next pattern, one ulp either side of them, and random low bits.
        var rng = new Random(7);
        var inputs = new List<float>();
        for (int i = 0; i < 65536; i++)
        {
            uint hiBits = (uint)i << 16;
            foreach (uint low in new uint[] { 0, 1, 0x7FFF, 0x8000, 0x8001, 0xFFFF, (uint)rng.Next(0x10000) })
                inputs.Add(BitConverter.UInt32BitsToSingle(hiBits | low));
        }
        var src = inputs.ToArray();
        var dst = new Bf16[src.Length];
        Bf16.FromSingle(src, dst);
        for (int i = 0; i < src.Length; i++)
        {
            ushort expected = ReferenceBf16(src[i]);
            Assert.True(expected == dst[i].Bits, $"{BitConverter.SingleToUInt32Bits(src[i]):X8}: got {dst[i].Bits:X4}, expected {expected:X4}");
            Assert.Equal(dst[i].Bits, Bf16.FromSingle(src[i]).Bits);
        }
    }

    [Fact]
    public void Bf16_NaNStaysNaNWithSign()
    {
        foreach (uint nan in new uint[] { 0x7F800001, 0xFF800001, 0x7FC00000, 0x7F80FFFF, 0xFFFFFFFF })
        {
            var h = Bf16.FromSingle(BitConverter.UInt32BitsToSingle(nan));
            Assert.True(float.IsNaN(h.ToSingle()), $"{nan:X8} lost its NaN");
            Assert.Equal(nan >> 31, (uint)h.Bits >> 15);
        }
        Assert.Equal(0x7F80, Bf16.FromSingle(float.MaxValue).Bits); // rounds up to +inf
    }

    [Fact]
    public void F16_WideningMatchesSystemHalfForAll65536Patterns()
    {
        for (int i = 0; i < 65536; i++)
        {
            float mine = new F16((ushort)i).ToSingle();
            float oracle = (float)BitConverter.UInt16BitsToHalf((ushort)i);
            if (float.IsNaN(oracle))
            {
                Assert.True(float.IsNaN(mine), $"pattern {i:X4} should widen to NaN");
                Assert.Equal((uint)(i & 0x8000) << 16, BitConverter.SingleToUInt32Bits(mine) & 0x8000_0000u);
            }
            else Assert.True(BitConverter.SingleToUInt32Bits(oracle) == BitConverter.SingleToUInt32Bits(mine), $"pattern {i:X4}: {mine} != {oracle}");
        }
    }

    [Fact]
    public void F16_NarrowingMatchesSystemHalfAroundAll65536Patterns()
    {
        var rng = new Random(11);
        for (int i = 0; i < 65536; i++)
        {
            var h = BitConverter.UInt16BitsToHalf((ushort)i);
            if (Half.IsNaN(h))
            {
                var back = F16.FromSingle((float)h);
                Assert.True(Half.IsNaN(BitConverter.UInt16BitsToHalf(back.Bits)), $"NaN pattern {i:X4} lost");
                Assert.Equal(i & 0x8000, back.Bits & 0x8000);
                continue;
            }
            float x = (float)h;
            Check(x);
            if (Half.IsInfinity(h)) continue;
            // Midpoint to the next larger magnitude, exact in float32, and one float32 ulp either side.
            double next = (double)BitConverter.UInt16BitsToHalf((ushort)(i + 1));
            if (double.IsInfinity(next)) next = Math.CopySign(65536.0, x);
            float mid = (float)((x + next) / 2);
            Check(mid);
            Check(MathF.BitIncrement(mid));
            Check(MathF.BitDecrement(mid));
            Check((float)(x + (next - x) * rng.NextDouble()));
        }
        foreach (float x in new[] { 65519.996f, 65520f, 1e-8f, 2.9802322e-8f, 5.9604645e-8f, -1e30f, float.Epsilon })
            Check(x);
    }

    private static void Check(float x)
    {
        ushort oracle = BitConverter.HalfToUInt16Bits((Half)x);
        ushort mine = F16.FromSingle(x).Bits;
        Assert.True(oracle == mine, $"{x:R} ({BitConverter.SingleToUInt32Bits(x):X8}): got {mine:X4}, System.Half gives {oracle:X4}");
    }

    [Fact]
    public void Tensor16_RoundTripsThroughFloat32()
    {
        using var t = new Tensor(3, 5);
        var rng = new Random(3);
        for (int i = 0; i < 15; i++) t.Span[i] = (float)rng.NextDouble() * 100 - 50;
        using var b = Tensor16<Bf16>.FromTensor(t);
        using var h = Tensor16<F16>.FromTensor(t);
        using var bw = b.ToTensor();
        using var hw = h.ToTensor();
        Assert.Equal(new[] { 3, 5 }, bw.Shape);
        for (int i = 0; i < 15; i++)
        {
            Assert.Equal(Bf16.FromSingle(t.Span[i]).ToSingle(), bw.Span[i]);
            Assert.Equal((float)(Half)t.Span[i], hw.Span[i]);
        }
        Assert.Throws<NotSupportedException>(() => new Tensor16<float>(2));
    }
}
