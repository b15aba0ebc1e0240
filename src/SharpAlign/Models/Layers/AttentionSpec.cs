namespace SharpAlign.Models.Layers;

/// <summary>The shape and score rules of one attention layer, as plain data.</summary>
/// <param name="Heads">Query heads nH.</param>
/// <param name="KvHeads">Key/value heads nKV (query head h uses kv head h / (nH/nKV)).</param>
/// <param name="HeadDim">Head size d.</param>
/// <param name="Scale">Score multiplier (1/√d, or 1/√query_pre_attn_scalar for Gemma-2).</param>
/// <param name="Softcap">Gemma-2 score soft-capping c (s → c·tanh(s/c)), or 0 for none.</param>
/// <param name="Window">Sliding window W in positions (key allowed iff pos_q − pos_k &lt; W), or 0 for none.</param>
public readonly record struct AttentionSpec(int Heads, int KvHeads, int HeadDim, float Scale, float Softcap, int Window)
{
    /// <summary>Width of a query row, nH·d.</summary>
    public int QWidth => Heads * HeadDim;

    /// <summary>Width of a key or value row, nKV·d.</summary>
    public int KvWidth => KvHeads * HeadDim;

    /// <summary>Query heads per kv head.</summary>
    public int Group => Heads / KvHeads;
}

/// <summary>
/// Where the keys of each query come from: the packed batch (training, scoring) or a KV cache
/// (generation). The layer does the projections; the context does softmax(q·kᵀ)·v.
/// </summary>
public abstract class AttentionContext
{
    /// <summary>Rotary position of every row passed to the layer. [R]</summary>
    public abstract ReadOnlySpan<int> Positions { get; }

    /// <summary>
    /// o = softmax(scores)·v for every query row (rotary already applied to q and k); saves the
    /// per-(head, row) log-sum-exp in <paramref name="lse"/> [nH, R] for the backward.
    /// q, o [R, nH·d]; k, v [R, nKV·d].
    /// </summary>
    public abstract void Forward(int layer, in AttentionSpec spec, ReadOnlySpan<float> q, ReadOnlySpan<float> k, ReadOnlySpan<float> v, Span<float> o, Span<float> lse);

    /// <summary>
    /// Gradients of q, k, v (overwritten) from dO, given the forward's q, k, v, o and lse.
    /// Contexts that only serve inference throw.
    /// </summary>
    public abstract void Backward(in AttentionSpec spec, ReadOnlySpan<float> q, ReadOnlySpan<float> k, ReadOnlySpan<float> v, ReadOnlySpan<float> o,
        ReadOnlySpan<float> lse, ReadOnlySpan<float> dO, Span<float> dq, Span<float> dk, Span<float> dv);
}
