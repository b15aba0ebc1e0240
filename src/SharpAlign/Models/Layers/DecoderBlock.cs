using System.Numerics.Tensors;
using SharpAlign.Tensors;

namespace SharpAlign.Models.Layers;

/// <summary>
/// What a <see cref="DecoderBlock"/> forward keeps for its backward (the block input is kept by the
/// model). The normalized inputs of attention and MLP are not kept: the backward recomputes them
/// from x and h with the same code, bit for bit, at the cost of two row normalizations.
/// </summary>
public sealed class DecoderBlockState
{
    internal float[] A = [], H = [], M = [];   // A and M only with sandwich norms
    internal readonly RmsNormState N1 = new(), N2 = new(), N3 = new(), N4 = new();
    internal readonly SelfAttentionState Attn = new();
    internal readonly GatedMlpState Mlp = new();

    /// <summary>
    /// false: hands the saved activations back to the OS once the backward has used them (they read
    /// as zeros until the next forward overwrites them), so they and the gradients never peak together;
    /// true: takes them back in a few system calls before a forward writes them (see <see cref="MemoryPages"/>).
    /// </summary>
    internal void SetResident(bool resident)
    {
        MemoryPages.SetResident(A, resident);
        MemoryPages.SetResident(H, resident);
        MemoryPages.SetResident(M, resident);
        Attn.SetResident(resident);
        Mlp.SetResident(resident);
    }
}

/// <summary>
/// One pre-norm transformer layer, x [R, H] → out [R, H].
/// Llama/Qwen2/Mistral:  h = x + attn(norm_in(x));               out = h + mlp(norm_post_attn(h)).
/// Gemma-2 (sandwich):   h = x + norm_post_attn(attn(norm_in(x))); out = h + norm_post_ff(mlp(norm_pre_ff(h))).
/// Backward walks the same graph in reverse; the residual adds pass gradients through unchanged.
/// </summary>
public sealed class DecoderBlock
{
    /// <summary>input_layernorm.</summary>
    public RmsNorm InputNorm { get; }
    /// <summary>post_attention_layernorm: the pre-MLP norm (Llama) or the norm of the attention output (Gemma-2).</summary>
    public RmsNorm PostAttentionNorm { get; }
    /// <summary>Gemma-2 pre_feedforward_layernorm, else null.</summary>
    public RmsNorm? PreFeedForwardNorm { get; }
    /// <summary>Gemma-2 post_feedforward_layernorm, else null.</summary>
    public RmsNorm? PostFeedForwardNorm { get; }
    /// <summary>self_attn.</summary>
    public SelfAttention Attention { get; }
    /// <summary>mlp.</summary>
    public GatedMlp Mlp { get; }

    private bool Sandwich => PreFeedForwardNorm is not null;

    [ThreadStatic] private static float[]? t_x1, t_x2, t_a, t_m;

    /// <summary>Assembles a layer; pass both extra norms for Gemma-2 or neither.</summary>
    public DecoderBlock(RmsNorm inputNorm, RmsNorm postAttentionNorm, RmsNorm? preFeedForwardNorm, RmsNorm? postFeedForwardNorm, SelfAttention attention, GatedMlp mlp)
    {
        if ((preFeedForwardNorm is null) != (postFeedForwardNorm is null)) throw new ArgumentException("sandwich norms come in pairs");
        InputNorm = inputNorm;
        PostAttentionNorm = postAttentionNorm;
        PreFeedForwardNorm = preFeedForwardNorm;
        PostFeedForwardNorm = postFeedForwardNorm;
        Attention = attention;
        Mlp = mlp;
    }

    /// <summary>out = layer(x); x and out must not overlap.</summary>
    public void Forward(ReadOnlySpan<float> x, Span<float> output, int rows, DecoderBlockState st, AttentionContext ctx, bool adapters, bool training, ulong key)
    {
        int n = rows * InputNorm.Weight.Value.Dim(0);
        // the backward recomputes x1 and x2, and without sandwich norms never reads a or m:
        // they live in per-thread scratch, not in the state
        t_x1 ??= [];
        t_x2 ??= [];
        t_a ??= [];
        t_m ??= [];
        var x1 = Buffers.Ensure(ref t_x1, n).AsSpan(0, n);
        var a = (Sandwich ? Buffers.Ensure(ref st.A, n) : Buffers.Ensure(ref t_a, n)).AsSpan(0, n);
        var h = Buffers.Ensure(ref st.H, n).AsSpan(0, n);
        var x2 = Buffers.Ensure(ref t_x2, n).AsSpan(0, n);
        var m = (Sandwich ? Buffers.Ensure(ref st.M, n) : Buffers.Ensure(ref t_m, n)).AsSpan(0, n);
        x = x[..n];
        output = output[..n];
        InputNorm.Forward(x, x1, rows, st.N1);
        Attention.Forward(x1, a, rows, st.Attn, ctx, adapters, training, key);
        if (Sandwich)
        {
            PostAttentionNorm.Forward(a, h, rows, st.N2);      // h temporarily holds norm(a)
            TensorPrimitives.Add(x, h, h);
            PreFeedForwardNorm!.Forward(h, x2, rows, st.N3);
            Mlp.Forward(x2, m, rows, st.Mlp, adapters, training, key);
            PostFeedForwardNorm!.Forward(m, output, rows, st.N4);
            TensorPrimitives.Add(h, output, output);
        }
        else
        {
            TensorPrimitives.Add(x, a, h);
            PostAttentionNorm.Forward(h, x2, rows, st.N2);
            Mlp.Forward(x2, m, rows, st.Mlp, adapters, training, key);
            TensorPrimitives.Add(h, m, output);
        }
    }

    /// <summary>
    /// In place on <paramref name="d"/> [R, H]: on entry ∂L/∂out, on exit ∂L/∂x. Needs the block input
    /// <paramref name="x"/> and the state of the matching forward.
    /// </summary>
    public void Backward(ReadOnlySpan<float> x, Span<float> d, int rows, DecoderBlockState st, AttentionContext ctx, Workspace ws)
    {
        int n = rows * InputNorm.Weight.Value.Dim(0);
        x = x[..n];
        d = d[..n];
        var dx2 = Buffers.Ensure(ref ws.DX2, n).AsSpan(0, n);
        var dx1 = Buffers.Ensure(ref ws.DX1, n).AsSpan(0, n);
        var tmp = Buffers.Ensure(ref ws.Tmp, n).AsSpan(0, n);
        var x1 = Buffers.Ensure(ref ws.X1, n).AsSpan(0, n);
        var x2 = Buffers.Ensure(ref ws.X2, n).AsSpan(0, n);
        var h = st.H.AsSpan(0, n);
        InputNorm.Forward(x, x1, rows, st.N1);
        (Sandwich ? PreFeedForwardNorm! : PostAttentionNorm).Forward(h, x2, rows, Sandwich ? st.N3 : st.N2);
        // d = ∂L/∂out = ∂L/∂h (residual) + the MLP branch.
        if (Sandwich)
        {
            var a = st.A.AsSpan(0, n);
            var m = st.M.AsSpan(0, n);
            PostFeedForwardNorm!.Backward(m, d, tmp, rows, st.N4, accumulate: false);   // tmp = ∂L/∂m
            Mlp.Backward(x2, tmp, dx2, rows, st.Mlp, ws, accumulate: false);
            PreFeedForwardNorm!.Backward(h, dx2, d, rows, st.N3, accumulate: true);    // d = ∂L/∂h
            PostAttentionNorm.Backward(a, d, tmp, rows, st.N2, accumulate: false);     // tmp = ∂L/∂a
            Attention.Backward(x1, tmp, dx1, rows, st.Attn, ctx, ws, accumulate: false);
        }
        else
        {
            Mlp.Backward(x2, d, dx2, rows, st.Mlp, ws, accumulate: false);
            PostAttentionNorm.Backward(h, dx2, d, rows, st.N2, accumulate: true);      // d = ∂L/∂h = ∂L/∂a
            Attention.Backward(x1, d, dx1, rows, st.Attn, ctx, ws, accumulate: false);
        }
        InputNorm.Backward(x, dx1, d, rows, st.N1, accumulate: true);                  // d = ∂L/∂x
    }

    /// <summary>
    /// Makes the gradients this layer's backward is about to write resident in a few system calls
    /// (they were released at the last zeroing; see <see cref="MemoryPages.Commit(Span{float})"/>).
    /// </summary>
    public void CommitGradients()
    {
        Attention.Q.Weight.CommitGradient();
        Attention.K.Weight.CommitGradient();
        Attention.V.Weight.CommitGradient();
        Attention.O.Weight.CommitGradient();
        Mlp.Gate.Weight.CommitGradient();
        Mlp.Up.Weight.CommitGradient();
        Mlp.Down.Weight.CommitGradient();
    }

    /// <summary>Every linear of the layer with its module path below the layer ("self_attn.q_proj", "mlp.up_proj", …).</summary>
    public IEnumerable<(string Path, Linear Layer)> Linears =>
        Attention.Projections.Select(p => ("self_attn." + p.Name, p.Layer))
            .Concat(Mlp.Projections.Select(p => ("mlp." + p.Name, p.Layer)));
}
