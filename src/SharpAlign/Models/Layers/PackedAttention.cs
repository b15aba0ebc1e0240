using System.Numerics.Tensors;
using SharpAlign.Data;

namespace SharpAlign.Models.Layers;

/// <summary>
/// Attention over a <see cref="PackedBatch"/>: a token sees every token of its ancestor segments and
/// the tokens of its own segment up to itself (DESIGN.md idea 3); a sliding window is measured in
/// rotary positions along that chain. No padding, no mask matrix: each query walks its key ranges.
/// Forward per (head h, query i): s_j = c·tanh(scale·q_i·k_j / c) (or scale·q_i·k_j), p = softmax(s),
/// o_i = Σ p_j v_j, lse_i = log Σ exp s_j.
/// Backward recomputes p from lse: dp_j = dO_i·v_j, ds_j = p_j (dp_j − dO_i·o_i) · (1 − (s_j/c)²),
/// dq_i += scale·Σ ds_j k_j, dk_j += scale·ds_j q_i, dv_j += p_j dO_i.
/// </summary>
public sealed class PackedAttention : AttentionContext
{
    private const int QueryBlock = 16;
    private readonly int[] _positions;
    private readonly int[] _segmentOf;
    private readonly int[] _segStart;
    private readonly (int Start, int End)[][] _ancestors;  // per segment, root first, [start, end)

    [ThreadStatic] private static float[]? t_scores;

    /// <summary>Precomputes each segment's ancestor key ranges.</summary>
    public PackedAttention(PackedBatch batch)
    {
        _positions = batch.Positions;
        _segmentOf = batch.SegmentOf;
        var segs = batch.Segments;
        _segStart = new int[segs.Length];
        _ancestors = new (int, int)[segs.Length][];
        for (int s = 0; s < segs.Length; s++)
        {
            _segStart[s] = segs[s].Start;
            var chain = new List<(int, int)>();
            for (int a = segs[s].Parent; a >= 0; a = segs[a].Parent)
            {
                if (a >= s) throw new ArgumentException($"segment {s} has parent {a}: parents must come before children");
                chain.Add((segs[a].Start, segs[a].Start + segs[a].Length));
            }
            chain.Reverse();
            _ancestors[s] = chain.ToArray();
        }
    }

    /// <inheritdoc />
    public override ReadOnlySpan<int> Positions => _positions;

    private int ContextLength(int i)
    {
        int s = _segmentOf[i];
        int n = i - _segStart[s] + 1;
        foreach (var (a, b) in _ancestors[s]) n += b - a;
        return n;
    }

    /// <summary>Scores of query row i against its keys, in key-range order, masked ones as −∞. Returns the count.</summary>
    private int Scores(in AttentionSpec spec, ReadOnlySpan<float> qi, ReadOnlySpan<float> k, int g, int i, Span<float> scores)
    {
        int d = spec.HeadDim, kw = spec.KvWidth;
        int s = _segmentOf[i];
        int minPos = spec.Window > 0 ? _positions[i] - spec.Window : int.MinValue;
        int n = 0;
        var ranges = _ancestors[s];
        for (int r = 0; r <= ranges.Length; r++)
        {
            var (a, b) = r < ranges.Length ? ranges[r] : (_segStart[s], i + 1);
            for (int j = a; j < b; j++, n++)
            {
                if (_positions[j] <= minPos) { scores[n] = float.NegativeInfinity; continue; }
                float x = TensorPrimitives.Dot(qi, k.Slice(j * kw + g * d, d)) * spec.Scale;
                if (spec.Softcap > 0) x = spec.Softcap * MathF.Tanh(x / spec.Softcap);
                scores[n] = x;
            }
        }
        return n;
    }

    /// <inheritdoc />
    public override void Forward(int layer, in AttentionSpec spec, ReadOnlySpan<float> q, ReadOnlySpan<float> k, ReadOnlySpan<float> v, Span<float> o, Span<float> lse)
    {
        int rows = _positions.Length;
        int blocks = (rows + QueryBlock - 1) / QueryBlock;
        var sp = spec;
        unsafe
        {
            fixed (float* pq = q, pk = k, pv = v, po = o, pl = lse)
            {
                nint aq = (nint)pq, ak = (nint)pk, av = (nint)pv, ao = (nint)po, al = (nint)pl;
                int qLen = q.Length, kLen = k.Length, oLen = o.Length, lLen = lse.Length;
                Parallel.For(0, sp.Heads * blocks, item =>
                {
                    int h = item / blocks, blk = item % blocks;
                    var qs = new ReadOnlySpan<float>((float*)aq, qLen);
                    var ks = new ReadOnlySpan<float>((float*)ak, kLen);
                    var vs = new ReadOnlySpan<float>((float*)av, kLen);
                    var os = new Span<float>((float*)ao, oLen);
                    var ls = new Span<float>((float*)al, lLen);
                    ForwardBlock(sp, h, blk * QueryBlock, Math.Min(rows, (blk + 1) * QueryBlock), qs, ks, vs, os, ls);
                });
            }
        }
    }

    private void ForwardBlock(in AttentionSpec spec, int h, int i0, int i1, ReadOnlySpan<float> q, ReadOnlySpan<float> k, ReadOnlySpan<float> v, Span<float> o, Span<float> lse)
    {
        int d = spec.HeadDim, qw = spec.QWidth, kw = spec.KvWidth, g = h / spec.Group;
        int rows = _positions.Length;
        for (int i = i0; i < i1; i++)
        {
            var scores = Scratch(ContextLength(i));
            var qi = q.Slice(i * qw + h * d, d);
            int n = Scores(spec, qi, k, g, i, scores);
            var sc = scores[..n];
            float max = TensorPrimitives.Max(sc);
            float sum = 0;
            for (int j = 0; j < n; j++) { float e = MathF.Exp(sc[j] - max); sc[j] = e; sum += e; }
            float inv = 1f / sum;
            var oi = o.Slice(i * qw + h * d, d);
            oi.Clear();
            int s = _segmentOf[i], idx = 0;
            var ranges = _ancestors[s];
            for (int r = 0; r <= ranges.Length; r++)
            {
                var (a, b) = r < ranges.Length ? ranges[r] : (_segStart[s], i + 1);
                for (int j = a; j < b; j++, idx++)
                    if (sc[idx] != 0) TensorPrimitives.MultiplyAdd(v.Slice(j * kw + g * d, d), sc[idx] * inv, oi, oi);
            }
            lse[h * rows + i] = max + MathF.Log(sum);
        }
    }

    /// <inheritdoc />
    public override void Backward(in AttentionSpec spec, ReadOnlySpan<float> q, ReadOnlySpan<float> k, ReadOnlySpan<float> v, ReadOnlySpan<float> o,
        ReadOnlySpan<float> lse, ReadOnlySpan<float> dO, Span<float> dq, Span<float> dk, Span<float> dv)
    {
        dq.Clear(); dk.Clear(); dv.Clear();
        var sp = spec;
        unsafe
        {
            fixed (float* pq = q, pk = k, pv = v, po = o, pl = lse, pdo = dO, pdq = dq, pdk = dk, pdv = dv)
            {
                nint aq = (nint)pq, ak = (nint)pk, av = (nint)pv, ao = (nint)po, al = (nint)pl, ado = (nint)pdo, adq = (nint)pdq, adk = (nint)pdk, adv = (nint)pdv;
                int qLen = q.Length, kLen = k.Length, lLen = lse.Length;
                // One worker per kv head: dk/dv of a kv head are written by that worker only.
                Parallel.For(0, sp.KvHeads, g =>
                {
                    BackwardKvHead(sp, g,
                        new ReadOnlySpan<float>((float*)aq, qLen), new ReadOnlySpan<float>((float*)ak, kLen), new ReadOnlySpan<float>((float*)av, kLen),
                        new ReadOnlySpan<float>((float*)ao, qLen), new ReadOnlySpan<float>((float*)al, lLen), new ReadOnlySpan<float>((float*)ado, qLen),
                        new Span<float>((float*)adq, qLen), new Span<float>((float*)adk, kLen), new Span<float>((float*)adv, kLen));
                });
            }
        }
    }

    private void BackwardKvHead(in AttentionSpec spec, int g, ReadOnlySpan<float> q, ReadOnlySpan<float> k, ReadOnlySpan<float> v, ReadOnlySpan<float> o,
        ReadOnlySpan<float> lse, ReadOnlySpan<float> dO, Span<float> dq, Span<float> dk, Span<float> dv)
    {
        int d = spec.HeadDim, qw = spec.QWidth, kw = spec.KvWidth;
        int rows = _positions.Length;
        for (int h = g * spec.Group; h < (g + 1) * spec.Group; h++)
            for (int i = 0; i < rows; i++)
            {
                var scores = Scratch(ContextLength(i));
                var qi = q.Slice(i * qw + h * d, d);
                var doi = dO.Slice(i * qw + h * d, d);
                var dqi = dq.Slice(i * qw + h * d, d);
                Scores(spec, qi, k, g, i, scores);
                float l = lse[h * rows + i];
                float di = TensorPrimitives.Dot(doi, o.Slice(i * qw + h * d, d));
                int s = _segmentOf[i], idx = 0;
                var ranges = _ancestors[s];
                for (int r = 0; r <= ranges.Length; r++)
                {
                    var (a, b) = r < ranges.Length ? ranges[r] : (_segStart[s], i + 1);
                    for (int j = a; j < b; j++, idx++)
                    {
                        float sj = scores[idx];
                        if (float.IsNegativeInfinity(sj)) continue;
                        float p = MathF.Exp(sj - l);
                        var vj = v.Slice(j * kw + g * d, d);
                        var kj = k.Slice(j * kw + g * d, d);
                        float ds = p * (TensorPrimitives.Dot(doi, vj) - di);
                        if (spec.Softcap > 0) { float t = sj / spec.Softcap; ds *= 1 - t * t; }
                        ds *= spec.Scale;
                        TensorPrimitives.MultiplyAdd(kj, ds, dqi, dqi);
                        var dkj = dk.Slice(j * kw + g * d, d);
                        TensorPrimitives.MultiplyAdd(qi, ds, dkj, dkj);
                        var dvj = dv.Slice(j * kw + g * d, d);
                        TensorPrimitives.MultiplyAdd(doi, p, dvj, dvj);
                    }
                }
            }
    }

    private static Span<float> Scratch(int n)
    {
        var s = t_scores;
        if (s is null || s.Length < n) t_scores = s = new float[Math.Max(n, 256)];
        return s.AsSpan(0, n);
    }
}
