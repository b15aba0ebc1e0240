namespace SharpAlign.Models.IO;

/// <summary>
/// The element types a safetensors header may name. SharpAlign converts <see cref="F32"/>,
/// <see cref="BF16"/> and <see cref="F16"/> to float32; the rest are recognised (so their byte
/// lengths can be validated) but not loadable.
/// </summary>
public enum SafetensorsDtype
{
    /// <summary>IEEE binary32.</summary>
    F32,
    /// <summary>bfloat16 (upper half of a binary32).</summary>
    BF16,
    /// <summary>IEEE binary16.</summary>
    F16,
    /// <summary>IEEE binary64.</summary>
    F64,
    /// <summary>Booleans, one byte each.</summary>
    BOOL,
    /// <summary>Unsigned 8-bit integers.</summary>
    U8,
    /// <summary>Signed 8-bit integers.</summary>
    I8,
    /// <summary>Signed 16-bit integers.</summary>
    I16,
    /// <summary>Unsigned 16-bit integers.</summary>
    U16,
    /// <summary>Signed 32-bit integers.</summary>
    I32,
    /// <summary>Unsigned 32-bit integers.</summary>
    U32,
    /// <summary>Signed 64-bit integers.</summary>
    I64,
    /// <summary>Unsigned 64-bit integers.</summary>
    U64,
    /// <summary>Complex of two binary32.</summary>
    C64,
    /// <summary>8-bit float, 4 exponent bits.</summary>
    F8_E4M3,
    /// <summary>8-bit float, 5 exponent bits.</summary>
    F8_E5M2,
    /// <summary>8-bit exponent-only scale.</summary>
    F8_E8M0,
    /// <summary>8-bit float, 4 exponent bits, no negative zero.</summary>
    F8_E4M3FNUZ,
    /// <summary>8-bit float, 5 exponent bits, no negative zero.</summary>
    F8_E5M2FNUZ,
    /// <summary>6-bit float, 2 exponent bits.</summary>
    F6_E2M3,
    /// <summary>6-bit float, 3 exponent bits.</summary>
    F6_E3M2,
    /// <summary>4-bit float (MXFP4).</summary>
    F4,
}

/// <summary>Sizes, names and parsing of <see cref="SafetensorsDtype"/>.</summary>
public static class SafetensorsDtypes
{
    /// <summary>Bits per element.</summary>
    public static int Bits(this SafetensorsDtype t) => t switch
    {
        SafetensorsDtype.F64 or SafetensorsDtype.I64 or SafetensorsDtype.U64 or SafetensorsDtype.C64 => 64,
        SafetensorsDtype.F32 or SafetensorsDtype.I32 or SafetensorsDtype.U32 => 32,
        SafetensorsDtype.BF16 or SafetensorsDtype.F16 or SafetensorsDtype.I16 or SafetensorsDtype.U16 => 16,
        SafetensorsDtype.F6_E2M3 or SafetensorsDtype.F6_E3M2 => 6,
        SafetensorsDtype.F4 => 4,
        _ => 8,
    };

    /// <summary>True for the types that load as float32 (F32, BF16, F16).</summary>
    public static bool IsLoadable(this SafetensorsDtype t) => t is SafetensorsDtype.F32 or SafetensorsDtype.BF16 or SafetensorsDtype.F16;

    /// <summary>Parses a header dtype string (exact, upper case as the format defines it).</summary>
    public static bool TryParse(string s, out SafetensorsDtype t) =>
        Enum.TryParse(s, ignoreCase: false, out t) && Enum.IsDefined(t) && !char.IsDigit(s[0]);

    /// <summary>
    /// Parses a user-facing storage dtype name: "f32"/"float32", "bf16"/"bfloat16", "f16"/"float16".
    /// </summary>
    public static SafetensorsDtype ParseStorage(string s) => s.ToLowerInvariant() switch
    {
        "f32" or "float32" => SafetensorsDtype.F32,
        "bf16" or "bfloat16" => SafetensorsDtype.BF16,
        "f16" or "float16" => SafetensorsDtype.F16,
        _ => throw new InputException($"unsupported dtype '{s}' (expected f32, bf16 or f16)"),
    };

    /// <summary>The config.json <c>torch_dtype</c> value for a storage type ("float32", "bfloat16", "float16").</summary>
    public static string TorchName(this SafetensorsDtype t) => t switch
    {
        SafetensorsDtype.F32 => "float32",
        SafetensorsDtype.BF16 => "bfloat16",
        SafetensorsDtype.F16 => "float16",
        _ => throw new ArgumentOutOfRangeException(nameof(t), t, "not a storage dtype"),
    };
}
