using System.Numerics.Tensors;
using SharpAlign.Models.Layers;

namespace SharpAlign.Models.Generation;

/// <summary>Keys and values of one sequence for every layer, by position. [layers][capacity, nKV·d]</summary>
public sealed class KvCache
{
    internal readonly float[][] K, V;

    /// <summary>Tokens stored so far (the next token's position).</summary>
    public int Length { get; internal set; }

    /// <summary>Positions the cache can hold.</summary>
    public int Capacity { get; }

    /// <summary>Allocates room for <paramref name="capacity"/> positions in each of <paramref name="layers"/> layers.</summary>
    public KvCache(int layers, int capacity, int kvWidth)
    {
        Capacity = capacity;
        K = Enumerable.Range(0, layers).Select(_ => new float[capacity * kvWidth]).ToArray();
        V = Enumerable.Range(0, layers).Select(_ => new float[capacity * kvWidth]).ToArray();
    }
}

/// <summary>
/// Attention for incremental decoding: each new row (a token of sequence b at position p) first
/// stores its key and value in b's cache, then attends to positions 0 … p of that cache (within the
/// sliding window, if any). Same scores and softmax as <see cref="PackedAttention"/>; forward only.
/// </summary>
internal sealed class CachedAttention : AttentionContext
{
    private readonly KvCache[] _caches;
    private readonly int[] _seqOf, _positions;

    [ThreadStatic] private static float[]? t_scores;

    public CachedAttention(KvCache[] caches, int[] seqOfRow, int[] positions)
    {
        _caches = caches;
        _seqOf = seqOfRow;
        _positions = positions;
    }

    public override ReadOnlySpan<int> Positions => _positions;

    public override void Forward(int layer, in AttentionSpec spec, ReadOnlySpan<float> q, ReadOnlySpan<float> k, ReadOnlySpan<float> v, Span<float> o, Span<float> lse)
    {
        int kw = spec.KvWidth, rows = _positions.Length;
        for (int r = 0; r < rows; r++)
        {
            var c = _caches[_seqOf[r]];
            k.Slice(r * kw, kw).CopyTo(c.K[layer].AsSpan(_positions[r] * kw, kw));
            v.Slice(r * kw, kw).CopyTo(c.V[layer].AsSpan(_positions[r] * kw, kw));
        }
        var sp = spec;
        unsafe
        {
            fixed (float* pq = q, po = o)
            {
                nint aq = (nint)pq, ao = (nint)po;
                int qLen = q.Length, oLen = o.Length;
                Parallel.For(0, rows * sp.Heads, item =>
                    Row(layer, sp, item / sp.Heads, item % sp.Heads, new ReadOnlySpan<float>((float*)aq, qLen), new Span<float>((float*)ao, oLen)));
            }
        }
    }

    private void Row(int layer, in AttentionSpec spec, int r, int h, ReadOnlySpan<float> q, Span<float> o)
    {
        int d = spec.HeadDim, qw = spec.QWidth, kw = spec.KvWidth, g = h / spec.Group;
        var cache = _caches[_seqOf[r]];
        int p = _positions[r];
        int first = spec.Window > 0 ? Math.Max(0, p - spec.Window + 1) : 0;
        int n = p - first + 1;
        var s = t_scores is { } buf && buf.Length >= n ? buf : (t_scores = new float[Math.Max(n, 256)]);
        var qi = q.Slice(r * qw + h * d, d);
        var keys = cache.K[layer];
        var vals = cache.V[layer];
        float max = float.NegativeInfinity;
        for (int j = 0; j < n; j++)
        {
            float x = TensorPrimitives.Dot(qi, keys.AsSpan((first + j) * kw + g * d, d)) * spec.Scale;
            if (spec.Softcap > 0) x = spec.Softcap * MathF.Tanh(x / spec.Softcap);
            s[j] = x;
            if (x > max) max = x;
        }
        float sum = 0;
        for (int j = 0; j < n; j++) { float e = MathF.Exp(s[j] - max); s[j] = e; sum += e; }
        var oi = o.Slice(r * qw + h * d, d);
        oi.Clear();
        float inv = 1f / sum;
        for (int j = 0; j < n; j++)
            TensorPrimitives.MultiplyAdd(vals.AsSpan((first + j) * kw + g * d, d), s[j] * inv, oi, oi);
    }

    public override void Backward(in AttentionSpec spec, ReadOnlySpan<float> q, ReadOnlySpan<float> k, ReadOnlySpan<float> v, ReadOnlySpan<float> o,
        ReadOnlySpan<float> lse, ReadOnlySpan<float> dO, Span<float> dq, Span<float> dk, Span<float> dv)
        => throw new NotSupportedException("cached attention serves generation only; it has no backward");
}
