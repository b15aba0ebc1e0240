using SharpAlign.Data;
using SharpAlign.Models;
using SharpAlign.Models.Layers;
using static SharpAlign.Tests.Models.FiniteDifference;

namespace SharpAlign.Tests.Models;

/// <summary>Finite-difference checks of every layer's backward (float32 layers, central differences, loss L = Σ c ⊙ y).</summary>
public class LayerGradientTests
{
    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void RmsNorm(bool addOne)
    {
        var rng = new Random(1);
        int rows = 3, h = 8;
        using var wp = new Parameter("w", RandomTensor(rng, 1, h), trainable: true);
        var norm = new RmsNorm(wp, 1e-5f, addOne);
        var x = Random(rows * h, rng, 2);
        var c = Random(rows * h, rng);
        var y = new float[rows * h];
        var st = new RmsNormState();
        double Loss() { norm.Forward(x, y, rows, st); return Dot(c, y); }
        Loss();
        var dx = new float[rows * h];
        norm.Backward(x, c, dx, rows, st, accumulate: false);
        Check("rmsnorm dx", Loss, () => x, dx);
        Check("rmsnorm dw", Loss, () => wp.Value.Span, wp.Grad!.Span);
    }

    [Theory]
    [InlineData(0f)]
    [InlineData(0.3f)]
    public void LinearWithBiasAndLora(float dropout)
    {
        var rng = new Random(2);
        int rows = 5, inF = 6, outF = 7, r = 3;
        using var w = new Parameter("m.weight", RandomTensor(rng, 0.5, outF, inF), trainable: true);
        using var b = new Parameter("m.bias", RandomTensor(rng, 0.5, outF), trainable: true);
        var lin = new Linear(w, b);
        var lora = LoraAdapter.CreateFresh("m.weight", inF, outF, r, 1.7f, dropout, rng);
        Random(outF * r, rng).CopyTo(lora.B.Value.Span);   // non-zero B so A receives gradient
        lin.Lora = lora;
        var x = Random(rows * inF, rng);
        var c = Random(rows * outF, rng);
        var y = new float[rows * outF];
        var st = new LinearState();
        double Loss() { lin.Forward(x, y, rows, st, adapters: true, training: true, dropoutKey: 42); return Dot(c, y); }
        Loss();
        var dx = new float[rows * inF];
        lin.Backward(x, c, dx, rows, st, accumulate: false);
        Check("linear dx", Loss, () => x, dx);
        Check("linear dW", Loss, () => w.Value.Span, w.Grad!.Span);
        Check("linear db", Loss, () => b.Value.Span, b.Grad!.Span);
        Check("lora dA", Loss, () => lora.A.Value.Span, lora.A.Grad!.Span);
        Check("lora dB", Loss, () => lora.B.Value.Span, lora.B.Grad!.Span);
        lora.A.Dispose(); lora.B.Dispose();
    }

    [Fact]
    public void LinearSkipsFrozenWeightGradient()
    {
        var rng = new Random(3);
        using var w = new Parameter("m.weight", RandomTensor(rng, 0.5, 4, 3), trainable: false);
        var lin = new Linear(w, null);
        var x = Random(6, rng);
        var y = new float[8];
        var st = new LinearState();
        lin.Forward(x, y, 2, st, true, true, 0);
        var dx = new float[6];
        lin.Backward(x, Random(8, rng), dx, 2, st, accumulate: false);
        Assert.Null(w.Grad);
        Assert.Contains(dx, v => v != 0);
    }

    [Fact]
    public void RotaryBackwardIsTheTranspose()
    {
        var rng = new Random(4);
        var rope = new Rotary(8, 10000, new RopeScaling("llama3", 4, 1, 4, 16));
        int[] pos = [0, 3, 17, 40];
        rope.EnsurePositions(40);
        int heads = 2, w = heads * 8;
        var x = Random(pos.Length * w, rng);
        var c = Random(pos.Length * w, rng);
        double Loss() { var y = (float[])x.Clone(); rope.Apply(y, pos, heads, inverse: false); return Dot(c, y); }
        var dx = (float[])c.Clone();
        rope.Apply(dx, pos, heads, inverse: true);
        Check("rotary dx", Loss, () => x, dx);
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void GatedActivation(bool gelu)
    {
        var rng = new Random(5);
        int n = 40;
        var g = Random(n, rng, 3);
        var u = Random(n, rng, 2);
        var c = Random(n, rng);
        var a = new float[n];
        double Loss() { SharpAlign.Models.Layers.GatedActivation.Forward(g, u, a, gelu); return Dot(c, a); }
        var dg = new float[n];
        var du = new float[n];
        SharpAlign.Models.Layers.GatedActivation.Backward(g, u, c, dg, du, gelu);
        Check("gate dg", Loss, () => g, dg, samples: n);
        Check("gate du", Loss, () => u, du, samples: n);
    }

    [Fact]
    public void EmbeddingWithScale()
    {
        var rng = new Random(6);
        using var e = new Parameter("e", RandomTensor(rng, 1, 10, 4), trainable: true);
        var emb = new Embedding(e, 2.5f);
        int[] ids = [3, 7, 3, 0];
        var c = Random(ids.Length * 4, rng);
        var y = new float[ids.Length * 4];
        double Loss() { emb.Forward(ids, y); return Dot(c, y); }
        emb.Backward(ids, c);
        Check("embedding dE", Loss, () => e.Value.Span, e.Grad!.Span, samples: 40);
    }

    [Theory]
    [InlineData(0f)]
    [InlineData(2.5f)]
    public void LogProbHeadWithEntropy(float softcap)
    {
        var rng = new Random(7);
        int v = 11, h = 5, s = 6;
        using var w = new Parameter("lm_head.weight", RandomTensor(rng, 1, v, h), trainable: true);
        var head = new LogProbHead(w, softcap) { ChunkRows = 4 };   // several chunks, the last one partial
        var x = Random(s * h, rng);
        int[] targets = [0, 3, 10, 3, 7, 1];
        var a = Random(s, rng);
        var b = Random(s, rng);
        var logp = new float[s];
        var ent = new float[s];
        var st = new LogProbHeadState();
        double Loss() { head.Forward(x, targets, logp, ent, st); return Dot(a, logp) + Dot(b, ent); }
        Loss();
        var dx = new float[s * h];
        head.Backward(x, targets, a, b, dx, st);
        Check("head dh", Loss, () => x, dx);
        Check("head dW", Loss, () => w.Value.Span, w.Grad!.Span);
    }

    /// <summary>A pair with prefix sharing plus a plain row: segment chains, GQA, soft-cap and a window that bites.</summary>
    private static PackedBatch AttentionBatch()
    {
        var b = new PackedBatchBuilder();
        b.AddPair([1, 2, 3, 4], [5, 6, 7], [8, 9]);
        b.AddCompletion([1, 2], [3, 4, 5]);
        return b.Build();
    }

    [Theory]
    [InlineData(0f, 0)]
    [InlineData(1.5f, 3)]
    public void PackedAttention(float softcap, int window)
    {
        var rng = new Random(8);
        var batch = AttentionBatch();
        var spec = new AttentionSpec(4, 2, 4, 0.6f, softcap, window);
        int t = batch.TokenCount;
        var ctx = new PackedAttention(batch);
        var q = Random(t * spec.QWidth, rng, 1.5);
        var k = Random(t * spec.KvWidth, rng, 1.5);
        var v = Random(t * spec.KvWidth, rng);
        var c = Random(t * spec.QWidth, rng);
        var o = new float[t * spec.QWidth];
        var lse = new float[spec.Heads * t];
        double Loss() { ctx.Forward(0, spec, q, k, v, o, lse); return Dot(c, o); }
        Loss();
        var dq = new float[q.Length];
        var dk = new float[k.Length];
        var dv = new float[v.Length];
        ctx.Backward(spec, q, k, v, o, lse, c, dq, dk, dv);
        Check("attention dq", Loss, () => q, dq, samples: 40);
        Check("attention dk", Loss, () => k, dk, samples: 40);
        Check("attention dv", Loss, () => v, dv, samples: 40);
    }

    [Fact]
    public void PackedAttentionMatchesDenseMaskedReference()
    {
        var rng = new Random(9);
        var batch = AttentionBatch();
        var spec = new AttentionSpec(4, 2, 4, 0.6f, 1.5f, 3);
        int t = batch.TokenCount, d = spec.HeadDim;
        var q = Random(t * spec.QWidth, rng, 1.5);
        var k = Random(t * spec.KvWidth, rng, 1.5);
        var v = Random(t * spec.KvWidth, rng);
        var o = new float[t * spec.QWidth];
        new PackedAttention(batch).Forward(0, spec, q, k, v, o, new float[spec.Heads * t]);
        // float64 reference: dense scores over all tokens, masked by PackedBatch.CanAttend and the window.
        for (int h = 0; h < spec.Heads; h++)
            for (int i = 0; i < t; i++)
            {
                var s = new double[t];
                double max = double.NegativeInfinity;
                for (int j = 0; j < t; j++)
                {
                    bool ok = batch.CanAttend(i, j) && batch.Positions[i] - batch.Positions[j] < spec.Window;
                    if (!ok) { s[j] = double.NegativeInfinity; continue; }
                    double dot = 0;
                    for (int e = 0; e < d; e++) dot += (double)q[i * spec.QWidth + h * d + e] * k[j * spec.KvWidth + h / 2 * d + e];
                    s[j] = spec.Softcap * Math.Tanh(dot * spec.Scale / spec.Softcap);
                    max = Math.Max(max, s[j]);
                }
                double sum = s.Sum(x => Math.Exp(x - max));
                for (int e = 0; e < d; e++)
                {
                    double acc = 0;
                    for (int j = 0; j < t; j++) acc += Math.Exp(s[j] - max) / sum * v[j * spec.KvWidth + h / 2 * d + e];
                    Assert.True(Math.Abs(acc - o[i * spec.QWidth + h * d + e]) < 1e-5, $"head {h} row {i} dim {e}: {o[i * spec.QWidth + h * d + e]} vs {acc}");
                }
            }
    }
}

/// <summary>Finite differences through the whole model (decoder blocks, sandwich norms, final norm, tied head) in full training.</summary>
public class ModelGradientTests
{
    [Theory]
    [InlineData("llama_f32", "model.layers.0.input_layernorm.weight")]
    [InlineData("llama_f32", "model.layers.1.self_attn.k_proj.weight")]
    [InlineData("qwen2_f32", "model.layers.0.self_attn.q_proj.bias")]
    [InlineData("gemma2_f32", "model.layers.0.pre_feedforward_layernorm.weight")]
    [InlineData("gemma2_f32", "model.layers.1.post_feedforward_layernorm.weight")]
    [InlineData("gemma2_f32", "model.layers.0.post_attention_layernorm.weight")]
    [InlineData("gemma2_f32", "model.embed_tokens.weight")]
    [InlineData("mistral_f32", "model.layers.0.mlp.down_proj.weight")]
    public void BlockGradientsMatchFiniteDifferences(string name, string parameter)
    {
        using var c = new GoldenCase(name);
        using var model = c.LoadModel();
        model.SetFullTraining(true);
        var batch = c.Batch(prefixSharing: true);
        var rng = new Random(3);
        var coef = Random(batch.ScoredCount, rng);
        model.Forward(batch, training: true);
        model.Backward(coef);
        var p = model.Parameters.Single(x => x.Name == parameter);
        double Loss() => Dot(coef, model.Forward(batch, training: false).LogProbs);
        Check(parameter, Loss, () => p.Value.Span, p.Grad!.Span, samples: 16, h: 2e-2f, tol: 1e-2);
    }
}

public class EmbeddingPaddingTests
{
    [Fact]
    public void PaddingRowGetsNoGradient()
    {
        var rng = new Random(1);
        using var e = new SharpAlign.Models.Parameter("e", FiniteDifference.RandomTensor(rng, 1, 6, 3), trainable: true);
        var emb = new SharpAlign.Models.Layers.Embedding(e, 1f, paddingIdx: 2);
        emb.Backward([2, 4, 2], FiniteDifference.Random(9, rng));
        Assert.All(e.Grad!.Row(2).ToArray(), g => Assert.Equal(0f, g));
        Assert.Contains(e.Grad!.Row(4).ToArray(), g => g != 0f);
    }
}
