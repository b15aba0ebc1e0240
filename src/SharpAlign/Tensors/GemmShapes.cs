namespace SharpAlign.Tensors;

/// <summary>Argument checks shared by the GEMM back ends: every span must hold its operand.</summary>
internal static class GemmShapes
{
    /// <summary>Throws <see cref="ArgumentException"/> naming the product and operand when a dimension is negative or a span is too short.</summary>
    public static void Check(string op, int len1, int len2, int len3, int m, int n, int k, long need1, long need2, long need3)
    {
        if (m < 0 || n < 0 || k < 0) throw new ArgumentException($"{op}: negative dimension (m={m}, n={n}, k={k})");
        if (len1 < need1) throw new ArgumentException($"{op} (m={m}, n={n}, k={k}): first operand has {len1} elements, needs {need1}");
        if (len2 < need2) throw new ArgumentException($"{op} (m={m}, n={n}, k={k}): second operand has {len2} elements, needs {need2}");
        if (len3 < need3) throw new ArgumentException($"{op} (m={m}, n={n}, k={k}): destination has {len3} elements, needs {need3}");
    }
}
