using System.Numerics.Tensors;
using SharpAlign.Data;
using SharpAlign.Tensors;

namespace SharpAlign.Models.Layers;

/// <summary>
/// Attention over a <see cref="PackedBatch"/>: a token sees every token of its ancestor segments and
/// the tokens of its own segment up to itself (DESIGN.md idea 3); a sliding window is measured in
/// rotary positions along that chain. No padding and no [T × T] mask: work is split into blocks of
/// up to <see cref="QueryBlock"/> queries of one segment and one kv head (with all query heads of its
/// group stacked as rows), whose keys are the segment's chain — gathered once and used by big GEMMs.
/// Forward per block:  S = c·tanh(scale·Q·Kᵀ / c) (or scale·Q·Kᵀ) masked, P = softmax(S), O = P·V,
///                     lse = log Σ exp S per row.
/// Backward recomputes P from lse:  dP = dO·Vᵀ,  dS = P ⊙ (dP − rowsum(dO ⊙ O)) ⊙ (1 − (S/c)²)·scale,
///                     dQ = dS·K,  dK += dSᵀ·Q,  dV += Pᵀ·dO.
/// </summary>
public sealed class PackedAttention : AttentionContext
{
    /// <summary>Queries per block (per query head).</summary>
    public const int QueryBlock = 64;

    private readonly int[] _positions;
    private readonly (int Start, int End)[][] _chains;   // per segment: ancestor ranges root first, then the segment itself
    private readonly (int Segment, int Q0, int Q1)[] _blocks;

    [ThreadStatic] private static Scratch? t_scratch;

    private sealed class Scratch
    {
        public float[] Q = [], K = [], V = [], S = [], O = [], DO = [], DP = [], DQ = [], DK = [], DV = [];
        public int[] KeyRow = [];
    }

    /// <summary>Precomputes each segment's key chain and the query blocks.</summary>
    public PackedAttention(PackedBatch batch)
    {
        _positions = batch.Positions;
        var segs = batch.Segments;
        _chains = new (int, int)[segs.Length][];
        var blocks = new List<(int, int, int)>();
        for (int s = 0; s < segs.Length; s++)
        {
            var chain = new List<(int, int)> { (segs[s].Start, segs[s].Start + segs[s].Length) };
            for (int a = segs[s].Parent; a >= 0; a = segs[a].Parent)
            {
                if (a >= s) throw new ArgumentException($"segment {s} has parent {a}: parents must come before children");
                chain.Add((segs[a].Start, segs[a].Start + segs[a].Length));
            }
            chain.Reverse();
            _chains[s] = chain.ToArray();
            for (int q0 = segs[s].Start; q0 < segs[s].Start + segs[s].Length; q0 += QueryBlock)
                blocks.Add((s, q0, Math.Min(q0 + QueryBlock, segs[s].Start + segs[s].Length)));
        }
        _blocks = blocks.ToArray();
    }

    /// <inheritdoc />
    public override ReadOnlySpan<int> Positions => _positions;

    /// <summary>Rows of the stream that block keys come from, in chain order, up to the block's last query. Returns the count.</summary>
    private int GatherKeyRows((int Segment, int Q0, int Q1) blk, Scratch sc)
    {
        var chain = _chains[blk.Segment];
        int n = 0;
        foreach (var (a, b) in chain) n += Math.Min(b, blk.Q1) - a;
        var rows = sc.KeyRow.Length >= n ? sc.KeyRow : sc.KeyRow = new int[Math.Max(n, 256)];
        int c = 0;
        foreach (var (a, b) in chain)
            for (int j = a; j < Math.Min(b, blk.Q1); j++) rows[c++] = j;
        return n;
    }

    /// <summary>Copies head g's slice of rows into a contiguous [n, d] matrix.</summary>
    private static void GatherHead(ReadOnlySpan<float> src, int width, int offset, int d, ReadOnlySpan<int> rows, Span<float> dst)
    {
        for (int c = 0; c < rows.Length; c++) src.Slice(rows[c] * width + offset, d).CopyTo(dst.Slice(c * d, d));
    }

    /// <summary>Q rows of a block: for each query head of kv group g, the block's queries. [group·nq, d]</summary>
    private static void GatherQueries(in AttentionSpec spec, ReadOnlySpan<float> q, int g, int q0, int nq, Span<float> dst)
    {
        int d = spec.HeadDim, qw = spec.QWidth;
        for (int r = 0; r < spec.Group; r++)
        {
            int h = g * spec.Group + r;
            for (int i = 0; i < nq; i++) q.Slice((q0 + i) * qw + h * d, d).CopyTo(dst.Slice((r * nq + i) * d, d));
        }
    }

    /// <summary>S = scale·Q·Kᵀ, soft-capped, with disallowed keys set to −∞. [m, nk]</summary>
    private void Scores(in AttentionSpec spec, (int Segment, int Q0, int Q1) blk, ReadOnlySpan<float> qb, ReadOnlySpan<float> kb, ReadOnlySpan<int> keyRows, Span<float> s)
    {
        int d = spec.HeadDim, nq = blk.Q1 - blk.Q0, nk = keyRows.Length, m = spec.Group * nq;
        Gemm.XWt(qb[..(m * d)], kb[..(nk * d)], s[..(m * nk)], m, nk, d);
        TensorPrimitives.Multiply(s[..(m * nk)], spec.Scale, s[..(m * nk)]);
        if (spec.Softcap > 0)
        {
            var all = s[..(m * nk)];
            TensorPrimitives.Divide(all, spec.Softcap, all);
            TensorPrimitives.Tanh(all, all);
            TensorPrimitives.Multiply(all, spec.Softcap, all);
        }
        for (int r = 0; r < m; r++)
        {
            int i = blk.Q0 + r % nq;
            var row = s.Slice(r * nk, nk);
            int minPos = spec.Window > 0 ? _positions[i] - spec.Window : int.MinValue;
            for (int c = 0; c < nk; c++)
            {
                int j = keyRows[c];
                if (j > i || _positions[j] <= minPos) row[c] = float.NegativeInfinity;
            }
        }
    }

    /// <inheritdoc />
    public override void Forward(int layer, in AttentionSpec spec, ReadOnlySpan<float> q, ReadOnlySpan<float> k, ReadOnlySpan<float> v, Span<float> o, Span<float> lse)
    {
        var sc = t_scratch ??= new Scratch();
        int d = spec.HeadDim, kw = spec.KvWidth, qw = spec.QWidth, rows = _positions.Length;
        foreach (var blk in _blocks)
        {
            int nq = blk.Q1 - blk.Q0, m = spec.Group * nq;
            int nk = GatherKeyRows(blk, sc);
            var keyRows = sc.KeyRow.AsSpan(0, nk);
            for (int g = 0; g < spec.KvHeads; g++)
            {
                var qb = Buffers.Ensure(ref sc.Q, m * d).AsSpan(0, m * d);
                var kb = Buffers.Ensure(ref sc.K, nk * d).AsSpan(0, nk * d);
                var vb = Buffers.Ensure(ref sc.V, nk * d).AsSpan(0, nk * d);
                var s = Buffers.Ensure(ref sc.S, m * nk).AsSpan(0, m * nk);
                var ob = Buffers.Ensure(ref sc.O, m * d).AsSpan(0, m * d);
                GatherQueries(spec, q, g, blk.Q0, nq, qb);
                GatherHead(k, kw, g * d, d, keyRows, kb);
                GatherHead(v, kw, g * d, d, keyRows, vb);
                Scores(spec, blk, qb, kb, keyRows, s);
                for (int r = 0; r < m; r++)
                {
                    var row = s.Slice(r * nk, nk);
                    float max = TensorPrimitives.Max(row);
                    TensorPrimitives.Subtract(row, max, row);
                    TensorPrimitives.Exp(row, row);
                    float sum = TensorPrimitives.Sum(row);
                    TensorPrimitives.Multiply(row, 1f / sum, row);
                    int h = g * spec.Group + r / nq, i = blk.Q0 + r % nq;
                    lse[h * rows + i] = max + MathF.Log(sum);
                }
                Gemm.DyW(s, vb, ob, m, nk, d);
                for (int r = 0; r < m; r++)
                {
                    int h = g * spec.Group + r / nq, i = blk.Q0 + r % nq;
                    ob.Slice(r * d, d).CopyTo(o.Slice(i * qw + h * d, d));
                }
            }
        }
    }

    /// <inheritdoc />
    public override void Backward(in AttentionSpec spec, ReadOnlySpan<float> q, ReadOnlySpan<float> k, ReadOnlySpan<float> v, ReadOnlySpan<float> o,
        ReadOnlySpan<float> lse, ReadOnlySpan<float> dO, Span<float> dq, Span<float> dk, Span<float> dv)
    {
        dk.Clear();
        dv.Clear();
        var sc = t_scratch ??= new Scratch();
        int d = spec.HeadDim, kw = spec.KvWidth, qw = spec.QWidth, rows = _positions.Length;
        foreach (var blk in _blocks)
        {
            int nq = blk.Q1 - blk.Q0, m = spec.Group * nq;
            int nk = GatherKeyRows(blk, sc);
            var keyRows = sc.KeyRow.AsSpan(0, nk);
            for (int g = 0; g < spec.KvHeads; g++)
            {
                var qb = Buffers.Ensure(ref sc.Q, m * d).AsSpan(0, m * d);
                var kb = Buffers.Ensure(ref sc.K, nk * d).AsSpan(0, nk * d);
                var vb = Buffers.Ensure(ref sc.V, nk * d).AsSpan(0, nk * d);
                var s = Buffers.Ensure(ref sc.S, m * nk).AsSpan(0, m * nk);
                var dp = Buffers.Ensure(ref sc.DP, m * nk).AsSpan(0, m * nk);
                var dob = Buffers.Ensure(ref sc.DO, m * d).AsSpan(0, m * d);
                var ob = Buffers.Ensure(ref sc.O, m * d).AsSpan(0, m * d);
                var dqb = Buffers.Ensure(ref sc.DQ, m * d).AsSpan(0, m * d);
                var dkb = Buffers.Ensure(ref sc.DK, nk * d).AsSpan(0, nk * d);
                var dvb = Buffers.Ensure(ref sc.DV, nk * d).AsSpan(0, nk * d);
                GatherQueries(spec, q, g, blk.Q0, nq, qb);
                GatherQueries(spec, dO, g, blk.Q0, nq, dob);
                GatherQueries(spec, o, g, blk.Q0, nq, ob);
                GatherHead(k, kw, g * d, d, keyRows, kb);
                GatherHead(v, kw, g * d, d, keyRows, vb);
                Scores(spec, blk, qb, kb, keyRows, s);
                Gemm.XWt(dob, vb, dp, m, nk, d);                       // dP = dO·Vᵀ
                for (int r = 0; r < m; r++)
                {
                    int h = g * spec.Group + r / nq, i = blk.Q0 + r % nq;
                    var srow = s.Slice(r * nk, nk);
                    var dprow = dp.Slice(r * nk, nk);
                    float di = TensorPrimitives.Dot(dob.Slice(r * d, d), ob.Slice(r * d, d));
                    if (spec.Softcap > 0)
                    {
                        // cap' = 1 − (S/c)², computed before S is turned into P
                        for (int c = 0; c < nk; c++)
                        {
                            float t = srow[c] / spec.Softcap;
                            dprow[c] = float.IsNegativeInfinity(t) ? 0f : (dprow[c] - di) * (1 - t * t);
                        }
                    }
                    else TensorPrimitives.Subtract(dprow, di, dprow);
                    TensorPrimitives.Subtract(srow, lse[h * rows + i], srow);
                    TensorPrimitives.Exp(srow, srow);                   // P (−∞ → 0)
                    TensorPrimitives.Multiply(dprow, srow, dprow);
                    TensorPrimitives.Multiply(dprow, spec.Scale, dprow); // dS (w.r.t. the unscaled q·k)
                }
                Gemm.DyW(dp, kb, dqb, m, nk, d);                       // dQ = dS·K
                Gemm.DytX(dp, qb, dkb, m, nk, d);                      // dK = dSᵀ·Q
                Gemm.DytX(s, dob, dvb, m, nk, d);                      // dV = Pᵀ·dO
                for (int r = 0; r < m; r++)
                {
                    int h = g * spec.Group + r / nq, i = blk.Q0 + r % nq;
                    dqb.Slice(r * d, d).CopyTo(dq.Slice(i * qw + h * d, d));
                }
                for (int c = 0; c < nk; c++)
                {
                    var dkr = dk.Slice(keyRows[c] * kw + g * d, d);
                    TensorPrimitives.Add(dkr, dkb.Slice(c * d, d), dkr);
                    var dvr = dv.Slice(keyRows[c] * kw + g * d, d);
                    TensorPrimitives.Add(dvr, dvb.Slice(c * d, d), dvr);
                }
            }
        }
    }
}
