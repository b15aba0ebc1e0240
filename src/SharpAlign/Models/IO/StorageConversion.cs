using System.Numerics.Tensors;
using System.Runtime.InteropServices;
using SharpAlign.Tensors;

namespace SharpAlign.Models.IO;

/// <summary>
/// Conversions between float32 and the storage types of checkpoints (little-endian bytes).
/// BF16 uses the compute core's <see cref="Bf16"/>: widening is exact, narrowing rounds to nearest,
/// ties to even — bit-identical to PyTorch for every non-NaN value (overflow to ±Inf, subnormals
/// kept); a NaN stays a quiet NaN with its sign, where PyTorch writes the canonical 0x7FC0.
/// F16 uses IEEE round-to-nearest-even (<see cref="TensorPrimitives"/>, as <see cref="Half"/>).
/// </summary>
public static class StorageConversion
{
    /// <summary>bfloat16 bits → float32 (exact).</summary>
    public static float Bf16ToFloat(ushort bits) => new Bf16(bits).ToSingle();

    /// <summary>float32 → bfloat16 bits, round to nearest even.</summary>
    public static ushort FloatToBf16(float value) => Bf16.FromSingle(value).Bits;

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
                Bf16.ToSingle(MemoryMarshal.Cast<byte, Bf16>(source), destination);
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
                Bf16.FromSingle(source, MemoryMarshal.Cast<byte, Bf16>(destination));
                break;
            default:
                throw new ArgumentOutOfRangeException(nameof(dtype), dtype, "only F32, BF16 and F16 are written");
        }
    }
}
