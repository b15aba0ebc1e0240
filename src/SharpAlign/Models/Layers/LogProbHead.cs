using System.Numerics.Tensors;
using SharpAlign.Tensors;

namespace SharpAlign.Models.Layers;

/// <summary>What a <see cref="LogProbHead"/> forward keeps for its backward: two floats per scored entry.</summary>
public sealed class LogProbHeadState
{
    internal float[] Lse = [], Entropy = [];
}

/// <summary>
/// The output head, restricted to what a loss needs (DESIGN.md idea 4). For each scored entry s
/// with hidden row h_s [H] and target y_s: z = h_s·Wᵀ [V] (then c·tanh(z/c) with Gemma-2's final
/// soft-cap), logp_s = z_y − logsumexp(z), and optionally the entropy
/// ent_s = −Σ p log p = lse − Σ p z. Logits are computed <see cref="ChunkRows"/> rows at a time
/// and discarded; the [entries × vocab] matrix never exists.
/// Backward recomputes each chunk: dz_j = dlogp·(1[j=y] − p_j) − dent·p_j·(log p_j + ent),
/// through the cap dz_raw = dz·(1 − (z/c)²), then dh = dz·W and dW += dzᵀ·h (if trainable).
/// </summary>
public sealed class LogProbHead
{
    /// <summary>
    /// Rows of logits computed at once (a chunk holds ChunkRows × V floats). Default: as many rows as fit
    /// in 16 Mi floats (64 MB), between 16 and 256 — big enough for efficient GEMMs, far below [entries × V].
    /// </summary>
    public int ChunkRows
    {
        get => _chunkRows > 0 ? _chunkRows : Math.Clamp((16 << 20) / Vocab, 16, 256);
        init => _chunkRows = value > 0 ? value : throw new ArgumentOutOfRangeException(nameof(ChunkRows));
    }

    private readonly int _chunkRows;

    /// <summary>lm_head weight [V, H] (the embedding matrix when tied).</summary>
    public Parameter Weight { get; internal set; }

    /// <summary>Final-logit soft-cap c, or 0 for none.</summary>
    public float Softcap { get; }

    private float[] _logits = [], _exp = [], _p = [];

    /// <summary>Wraps the output weight.</summary>
    public LogProbHead(Parameter weight, float softcap)
    {
        Weight = weight;
        Softcap = softcap;
    }

    private int Vocab => Weight.Value.Dim(0);
    private int Hidden => Weight.Value.Dim(1);

    /// <summary>Full logits (after soft-capping) for a few rows: h [R, H] → logits [R, V]. For generation and tests.</summary>
    public void Logits(ReadOnlySpan<float> h, Span<float> logits, int rows)
    {
        int v = Vocab;
        Gemm.XWt(h[..(rows * Hidden)], Weight.Value.Span, logits[..(rows * v)], rows, v, Hidden);
        if (Softcap > 0) Cap(logits[..(rows * v)]);
    }

    /// <summary>logp[s] = log p(targets[s] | h[s]); entropy[s] too when <paramref name="entropy"/> is non-empty.</summary>
    public void Forward(ReadOnlySpan<float> h, ReadOnlySpan<int> targets, Span<float> logp, Span<float> entropy, LogProbHeadState st)
    {
        int rows = targets.Length, v = Vocab;
        var lseAll = Buffers.Ensure(ref st.Lse, rows);
        var entAll = Buffers.Ensure(ref st.Entropy, rows);
        for (int c0 = 0; c0 < rows; c0 += ChunkRows)
        {
            int n = Math.Min(ChunkRows, rows - c0);
            var z = Buffers.Ensure(ref _logits, (long)ChunkRows * v).AsSpan(0, n * v);
            Logits(h.Slice(c0 * Hidden, n * Hidden), z, n);
            var e = Buffers.Ensure(ref _exp, v).AsSpan(0, v);
            for (int r = 0; r < n; r++)
            {
                var zr = z.Slice(r * v, v);
                float max = TensorPrimitives.Max(zr);
                TensorPrimitives.Subtract(zr, max, e);
                TensorPrimitives.Exp(e, e);
                float sum = TensorPrimitives.Sum(e);
                float sz = TensorPrimitives.Dot(e, zr);
                float lse = max + MathF.Log(sum);
                lseAll[c0 + r] = lse;
                logp[c0 + r] = zr[targets[c0 + r]] - lse;
                float ent = lse - sz / sum;
                entAll[c0 + r] = ent;
                if (!entropy.IsEmpty) entropy[c0 + r] = ent;
            }
        }
    }

    /// <summary>
    /// Backward of the last <see cref="Forward"/> on the same h and targets: dh = ∂L/∂h (overwritten) from
    /// dlogp and (optionally, may be empty) dentropy; adds the weight gradient when trainable.
    /// </summary>
    public void Backward(ReadOnlySpan<float> h, ReadOnlySpan<int> targets, ReadOnlySpan<float> dlogp, ReadOnlySpan<float> dentropy, Span<float> dh, LogProbHeadState st)
    {
        int rows = targets.Length, v = Vocab, hid = Hidden;
        for (int c0 = 0; c0 < rows; c0 += ChunkRows)
        {
            int n = Math.Min(ChunkRows, rows - c0);
            var z = Buffers.Ensure(ref _logits, (long)ChunkRows * v).AsSpan(0, n * v);
            var hc = h.Slice(c0 * hid, n * hid);
            Logits(hc, z, n);
            for (int r = 0; r < n; r++)
            {
                var zr = z.Slice(r * v, v);
                int s = c0 + r;
                float lse = st.Lse[s], ent = st.Entropy[s];
                float gl = dlogp[s];
                float ge = dentropy.IsEmpty ? 0f : dentropy[s];
                int y = targets[s];
                float zy = zr[y];
                var cap = Softcap > 0 ? Buffers.Ensure(ref _exp, v).AsSpan(0, v) : default;
                if (Softcap > 0)
                {
                    // 1 − (z/c)², the derivative of c·tanh(x/c) expressed through its output z
                    TensorPrimitives.Divide(zr, Softcap, cap);
                    TensorPrimitives.Multiply(cap, cap, cap);
                    TensorPrimitives.Subtract(1f, cap, cap);
                }
                // logp_j = z_j − lse;  p_j = exp(logp_j);  g_j = −p_j·(dlogp + dent·(logp_j + ent))
                TensorPrimitives.Subtract(zr, lse, zr);
                if (ge != 0)
                {
                    var p = Buffers.Ensure(ref _p, v).AsSpan(0, v);
                    TensorPrimitives.Exp(zr, p);
                    TensorPrimitives.Add(zr, ent, zr);
                    TensorPrimitives.Multiply(zr, ge, zr);
                    TensorPrimitives.Add(zr, gl, zr);
                    TensorPrimitives.Multiply(zr, p, zr);
                    TensorPrimitives.Negate(zr, zr);
                }
                else
                {
                    TensorPrimitives.Exp(zr, zr);
                    TensorPrimitives.Multiply(zr, -gl, zr);
                }
                if (Softcap > 0) TensorPrimitives.Multiply(zr, cap, zr);
                float capY = Softcap > 0 ? 1 - (zy / Softcap) * (zy / Softcap) : 1f;
                zr[y] += gl * capY;
            }
            Gemm.DyW(z, Weight.Value.Span, dh.Slice(c0 * hid, n * hid), n, v, hid);
            if (Weight.Grad is { } gw) Gemm.DytX(z, hc, gw.Span, n, v, hid, accumulate: true);
        }
    }

    private void Cap(Span<float> z)
    {
        float c = Softcap;
        TensorPrimitives.Divide(z, c, z);
        TensorPrimitives.Tanh(z, z);
        TensorPrimitives.Multiply(z, c, z);
    }
}
