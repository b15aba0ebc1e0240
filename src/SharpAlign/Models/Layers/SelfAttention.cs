using SharpAlign.Tensors;

namespace SharpAlign.Models.Layers;

/// <summary>What a <see cref="SelfAttention"/> forward keeps for its backward.</summary>
public sealed class SelfAttentionState
{
    internal float[] Q = [], K = [], V = [], Attn = [], Lse = [];
    internal readonly LinearState Lq = new(), Lk = new(), Lv = new(), Lo = new();

    /// <summary>
    /// false: hands the saved activations back to the OS once the backward has used them (they read
    /// as zeros); true: takes them back before the next forward writes them (see <see cref="MemoryPages"/>).
    /// </summary>
    internal void SetResident(bool resident)
    {
        MemoryPages.SetResident(Q, resident);
        MemoryPages.SetResident(K, resident);
        MemoryPages.SetResident(V, resident);
        MemoryPages.SetResident(Attn, resident);
        Lq.SetResident(resident); Lk.SetResident(resident); Lv.SetResident(resident); Lo.SetResident(resident);
    }
}

/// <summary>
/// Multi-head self-attention with grouped kv heads and rotary positions.
/// Forward:  x [R, H] → q = rope(x·Wqᵀ+bq) [R, nH·d], k = rope(x·Wkᵀ+bk), v = x·Wvᵀ+bv [R, nKV·d],
///           a = context(q, k, v) [R, nH·d], y = a·Woᵀ+bo [R, H].
/// Backward: da = dy·Wo; (dq, dk, dv) = context⁻¹(da); unrotate dq, dk; dx = dq·Wq + dk·Wk + dv·Wv.
/// </summary>
public sealed class SelfAttention
{
    /// <summary>q_proj, k_proj, v_proj, o_proj.</summary>
    public Linear Q { get; }
    /// <inheritdoc cref="Q"/>
    public Linear K { get; }
    /// <inheritdoc cref="Q"/>
    public Linear V { get; }
    /// <inheritdoc cref="Q"/>
    public Linear O { get; }

    /// <summary>Heads, scale, soft-cap and window of this layer.</summary>
    public AttentionSpec Spec { get; }

    private readonly Rotary _rope;
    private readonly int _layer;

    /// <summary>Assembles the layer.</summary>
    public SelfAttention(int layer, Linear q, Linear k, Linear v, Linear o, AttentionSpec spec, Rotary rope)
    {
        _layer = layer;
        Q = q; K = k; V = v; O = o;
        Spec = spec;
        _rope = rope;
    }

    /// <summary>The four projections, in Hugging Face order.</summary>
    public IEnumerable<(string Name, Linear Layer)> Projections => [("q_proj", Q), ("k_proj", K), ("v_proj", V), ("o_proj", O)];

    /// <summary>y = attention(x) for <paramref name="rows"/> rows; fills <paramref name="st"/> for the backward.</summary>
    public void Forward(ReadOnlySpan<float> x, Span<float> y, int rows, SelfAttentionState st, AttentionContext ctx, bool adapters, bool training, ulong key)
    {
        int qw = Spec.QWidth, kw = Spec.KvWidth;
        var q = Buffers.Ensure(ref st.Q, rows * qw).AsSpan(0, rows * qw);
        var k = Buffers.Ensure(ref st.K, rows * kw).AsSpan(0, rows * kw);
        var v = Buffers.Ensure(ref st.V, rows * kw).AsSpan(0, rows * kw);
        var a = Buffers.Ensure(ref st.Attn, rows * qw).AsSpan(0, rows * qw);
        var lse = Buffers.Ensure(ref st.Lse, Spec.Heads * rows).AsSpan(0, Spec.Heads * rows);
        Q.Forward(x, q, rows, st.Lq, adapters, training, key + 1);
        K.Forward(x, k, rows, st.Lk, adapters, training, key + 2);
        V.Forward(x, v, rows, st.Lv, adapters, training, key + 3);
        var pos = ctx.Positions[..rows];
        _rope.Apply(q, pos, Spec.Heads, inverse: false);
        _rope.Apply(k, pos, Spec.KvHeads, inverse: false);
        ctx.Forward(_layer, Spec, q, k, v, a, lse);
        O.Forward(a, y, rows, st.Lo, adapters, training, key + 4);
    }

    /// <summary>dx (+)= ∂y/∂x · dy, and parameter gradients, for the forward saved in <paramref name="st"/>.</summary>
    public void Backward(ReadOnlySpan<float> x, ReadOnlySpan<float> dy, Span<float> dx, int rows, SelfAttentionState st, AttentionContext ctx, Workspace ws, bool accumulate)
    {
        int qw = Spec.QWidth, kw = Spec.KvWidth;
        var da = Buffers.Ensure(ref ws.DAttn, rows * qw).AsSpan(0, rows * qw);
        var dq = Buffers.Ensure(ref ws.DQ, rows * qw).AsSpan(0, rows * qw);
        var dk = Buffers.Ensure(ref ws.DK, rows * kw).AsSpan(0, rows * kw);
        var dv = Buffers.Ensure(ref ws.DV, rows * kw).AsSpan(0, rows * kw);
        O.Backward(st.Attn.AsSpan(0, rows * qw), dy, da, rows, st.Lo, accumulate: false);
        ctx.Backward(Spec, st.Q.AsSpan(0, rows * qw), st.K.AsSpan(0, rows * kw), st.V.AsSpan(0, rows * kw), st.Attn.AsSpan(0, rows * qw),
            st.Lse.AsSpan(0, Spec.Heads * rows), da, dq, dk, dv);
        var pos = ctx.Positions[..rows];
        _rope.Apply(dq, pos, Spec.Heads, inverse: true);
        _rope.Apply(dk, pos, Spec.KvHeads, inverse: true);
        Q.Backward(x, dq, dx, rows, st.Lq, accumulate);
        K.Backward(x, dk, dx, rows, st.Lk, accumulate: true);
        V.Backward(x, dv, dx, rows, st.Lv, accumulate: true);
    }
}
