using System.Numerics.Tensors;
using System.Runtime.InteropServices;

namespace SharpAlign.Models.IO;

/// <summary>
/// Conversions between float32 and the storage types of checkpoints (little-endian bytes).
/// BF16 → F32 is exact (the 16 bits become the high half). F32 → BF16 rounds to nearest, ties to
/// even, exactly as PyTorch's <c>c10::detail::round_to_nearest_even</c>: NaN becomes 0x7FC0,
/// overflow rounds to ±Inf, subnormals are kept. F16 uses IEEE round-to-nearest-even via
/// <see cref="Half"/>. (A local copy: the compute core's bf16 helpers had not landed when this was written.)
/// </summary>
public static class StorageConversion
{
    /// <summary>bfloat16 bits → float32 (exact).</summary>
    public static float Bf16ToFloat(ushort bits) => BitConverter.Int32BitsToSingle(bits << 16);

    /// <summary>float32 → bfloat16 bits, round to nearest even; NaN → 0x7FC0.</summary>
    public static ushort FloatToBf16(float value)
    {
        if (float.IsNaN(value)) return 0x7FC0;
        uint u = BitConverter.SingleToUInt32Bits(value);
        uint bias = 0x7FFFu + ((u >> 16) & 1u);
        return (ushort)((u + bias) >> 16);
    }

    /// <summary>Decodes <paramref name="source"/> (elements of <paramref name="dtype"/>) into float32.</summary>
    public static void ToFloat32(SafetensorsDtype dtype, ReadOnlySpan<byte> source, Span<float> destination)
    {
        switch (dtype)
        {
            case SafetensorsDtype.F32:
                MemoryMarshal.Cast<byte, float>(source).CopyTo(destination);
                break;
            case SafetensorsDtype.F16:
                TensorPrimitives.ConvertToSingle(MemoryMarshal.Cast<byte, Half>(source), destination);
                break;
            case SafetensorsDtype.BF16:
                var bits = MemoryMarshal.Cast<byte, ushort>(source);
                var outBits = MemoryMarshal.Cast<float, uint>(destination);
                for (int i = 0; i < bits.Length; i++) outBits[i] = (uint)bits[i] << 16;
                break;
            default:
                throw new ArgumentOutOfRangeException(nameof(dtype), dtype, "only F32, BF16 and F16 convert to float32");
        }
    }

    /// <summary>Encodes float32 values as <paramref name="dtype"/> into <paramref name="destination"/>.</summary>
    public static void FromFloat32(SafetensorsDtype dtype, ReadOnlySpan<float> source, Span<byte> destination)
    {
        switch (dtype)
        {
            case SafetensorsDtype.F32:
                MemoryMarshal.AsBytes(source).CopyTo(destination);
                break;
            case SafetensorsDtype.F16:
                TensorPrimitives.ConvertToHalf(source, MemoryMarshal.Cast<byte, Half>(destination));
                break;
            case SafetensorsDtype.BF16:
                var bits = MemoryMarshal.Cast<byte, ushort>(destination);
                for (int i = 0; i < source.Length; i++) bits[i] = FloatToBf16(source[i]);
                break;
            default:
                throw new ArgumentOutOfRangeException(nameof(dtype), dtype, "only F32, BF16 and F16 are written");
        }
    }
}
