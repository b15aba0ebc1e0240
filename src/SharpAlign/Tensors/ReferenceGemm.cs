namespace SharpAlign.Tensors;

/// <summary>
/// Plain triple-loop GEMM: slow, obviously correct, single-threaded. The oracle that the fast
/// back ends are tested against, and the fallback of last resort.
/// </summary>
public sealed class ReferenceGemm : IGemm
{
    /// <inheritdoc />
    public string Name => "reference";

    /// <inheritdoc />
    public void XWt(ReadOnlySpan<float> x, ReadOnlySpan<float> w, Span<float> y, int m, int n, int k, bool accumulate = false)
    {
        for (int i = 0; i < m; i++)
            for (int j = 0; j < n; j++)
            {
                float s = 0;
                for (int p = 0; p < k; p++) s += x[i * k + p] * w[j * k + p];
                y[i * n + j] = accumulate ? y[i * n + j] + s : s;
            }
    }

    /// <inheritdoc />
    public void DyW(ReadOnlySpan<float> dy, ReadOnlySpan<float> w, Span<float> dx, int m, int n, int k, bool accumulate = false)
    {
        for (int i = 0; i < m; i++)
            for (int p = 0; p < k; p++)
            {
                float s = 0;
                for (int j = 0; j < n; j++) s += dy[i * n + j] * w[j * k + p];
                dx[i * k + p] = accumulate ? dx[i * k + p] + s : s;
            }
    }

    /// <inheritdoc />
    public void DytX(ReadOnlySpan<float> dy, ReadOnlySpan<float> x, Span<float> dw, int m, int n, int k, bool accumulate = false)
    {
        for (int j = 0; j < n; j++)
            for (int p = 0; p < k; p++)
            {
                float s = 0;
                for (int i = 0; i < m; i++) s += dy[i * n + j] * x[i * k + p];
                dw[j * k + p] = accumulate ? dw[j * k + p] + s : s;
            }
    }
}
