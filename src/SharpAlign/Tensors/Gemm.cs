namespace SharpAlign.Tensors;

/// <summary>
/// The process-wide GEMM entry point that layers call. The back end is chosen once from the
/// environment (<see cref="CreateFromEnvironment"/>: <c>SHARPALIGN_GEMM=managed|openblas|reference</c>
/// forces one, else <see cref="AutoGemm"/> picks the faster per shape) and can be replaced for tests.
/// </summary>
public static class Gemm
{
    /// <summary>Name of the environment variable that forces a back end.</summary>
    public const string EnvironmentVariable = "SHARPALIGN_GEMM";

    private static IGemm? _backend;

    /// <summary>The back end in use.</summary>
    public static IGemm Backend
    {
        get => _backend ??= CreateFromEnvironment();
        set => _backend = value;
    }

    /// <summary>
    /// The back end <c>SHARPALIGN_GEMM</c> asks for (managed, openblas, reference, or auto/unset),
    /// using <see cref="ComputeThreads.Count"/> threads.
    /// </summary>
    /// <exception cref="InputException">Unknown value, or openblas forced but libopenblas.so.0 is missing.</exception>
    public static IGemm CreateFromEnvironment() => Create(Environment.GetEnvironmentVariable(EnvironmentVariable));

    /// <summary>The back end for a <c>SHARPALIGN_GEMM</c> value (null or empty means auto).</summary>
    public static IGemm Create(string? choice) => (choice?.Trim().ToLowerInvariant() ?? "") switch
    {
        "" or "auto" => new AutoGemm(new ManagedGemm(), OpenBlasGemm.TryCreate()),
        "managed" => new ManagedGemm(),
        "openblas" => OpenBlasGemm.TryCreate() ?? throw new InputException(
            $"{EnvironmentVariable}=openblas but {OpenBlasGemm.LibraryName} could not be loaded (install libopenblas0-pthread)"),
        "reference" => new ReferenceGemm(),
        _ => throw new InputException($"{EnvironmentVariable}='{choice}': expected managed, openblas, reference or auto"),
    };

    /// <inheritdoc cref="IGemm.XWt(ReadOnlySpan{float}, ReadOnlySpan{float}, Span{float}, int, int, int, bool)"/>
    public static void XWt(ReadOnlySpan<float> x, ReadOnlySpan<float> w, Span<float> y, int m, int n, int k, bool accumulate = false)
        => Backend.XWt(x, w, y, m, n, k, accumulate);

    /// <inheritdoc cref="IGemm.DyW(ReadOnlySpan{float}, ReadOnlySpan{float}, Span{float}, int, int, int, bool)"/>
    public static void DyW(ReadOnlySpan<float> dy, ReadOnlySpan<float> w, Span<float> dx, int m, int n, int k, bool accumulate = false)
        => Backend.DyW(dy, w, dx, m, n, k, accumulate);

    /// <inheritdoc cref="IGemm.DytX"/>
    public static void DytX(ReadOnlySpan<float> dy, ReadOnlySpan<float> x, Span<float> dw, int m, int n, int k, bool accumulate = false)
        => Backend.DytX(dy, x, dw, m, n, k, accumulate);

    /// <inheritdoc cref="IGemm.XWt(ReadOnlySpan{float}, ReadOnlySpan{Bf16}, Span{float}, int, int, int, bool)"/>
    public static void XWt(ReadOnlySpan<float> x, ReadOnlySpan<Bf16> w, Span<float> y, int m, int n, int k, bool accumulate = false)
        => Backend.XWt(x, w, y, m, n, k, accumulate);

    /// <inheritdoc cref="IGemm.DyW(ReadOnlySpan{float}, ReadOnlySpan{Bf16}, Span{float}, int, int, int, bool)"/>
    public static void DyW(ReadOnlySpan<float> dy, ReadOnlySpan<Bf16> w, Span<float> dx, int m, int n, int k, bool accumulate = false)
        => Backend.DyW(dy, w, dx, m, n, k, accumulate);
}
