using SharpAlign.Tensors;

namespace SharpAlign.Models.Layers;

/// <summary>
/// Token embedding, optionally multiplied by sqrt(hidden) (Gemma-2).
/// Forward:  ids [T] → y [T, H],  y[t] = E[ids[t]] · scale.
/// Backward: dE[ids[t]] += dy[t] · scale (only when E is trainable), except for the padding id,
///           whose row never receives gradient (torch.nn.Embedding's padding_idx = config pad_token_id).
/// </summary>
public sealed class Embedding
{
    /// <summary>The embedding matrix [V, H] (Hugging Face <c>model.embed_tokens.weight</c>).</summary>
    public Parameter Weight { get; internal set; }

    /// <summary>Multiplier applied to every looked-up row (1, or sqrt(H) for Gemma-2).</summary>
    public float Scale { get; }

    /// <summary>Row that never receives gradient from the lookup, or -1.</summary>
    public int PaddingIdx { get; }

    /// <summary>Wraps an embedding matrix.</summary>
    public Embedding(Parameter weight, float scale, int paddingIdx = -1)
    {
        Weight = weight;
        Scale = scale;
        PaddingIdx = paddingIdx;
    }

    private int Hidden => Weight.Value.Dim(1);

    /// <summary>y[t] = E[ids[t]] · scale. Ids must already be range-checked.</summary>
    public void Forward(ReadOnlySpan<int> ids, Span<float> y)
    {
        int h = Hidden;
        for (int t = 0; t < ids.Length; t++)
        {
            var row = Weight.Value.Row(ids[t]);
            var dst = y.Slice(t * h, h);
            if (Scale == 1f) row.CopyTo(dst);
            else System.Numerics.Tensors.TensorPrimitives.Multiply(row, Scale, dst);
        }
    }

    /// <summary>Scatter-adds dy into the rows of the embedding gradient; a no-op when frozen.</summary>
    public void Backward(ReadOnlySpan<int> ids, ReadOnlySpan<float> dy)
    {
        if (Weight.Grad is not { } grad) return;
        int h = Hidden;
        for (int t = 0; t < ids.Length; t++)
        {
            if (ids[t] == PaddingIdx) continue;
            var g = grad.Row(ids[t]);
            var d = dy.Slice(t * h, h);
            if (Scale == 1f) System.Numerics.Tensors.TensorPrimitives.Add(g, d, g);
            else System.Numerics.Tensors.TensorPrimitives.MultiplyAdd(d, Scale, g, g);
        }
    }
}
