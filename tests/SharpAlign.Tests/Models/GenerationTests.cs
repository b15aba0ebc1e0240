using SharpAlign.Data;
using SharpAlign.Models;
using SharpAlign.Models.Generation;

namespace SharpAlign.Tests.Models;

/// <summary>KV-cache generation against step-by-step recomputation, batching, seeding, EOS and the sampler.</summary>
public class GenerationTests
{
    private static readonly int[][] Prompts = [[5, 9, 13, 2], [7], [3, 3, 8, 21, 40, 11, 6]];

    private static float[] RecomputedLastLogits(CausalLM model, IReadOnlyList<int> tokens)
    {
        var b = new PackedBatchBuilder();
        b.AddCompletion([], tokens.ToArray());
        var batch = b.Build();
        return model.Logits(batch, [tokens.Count - 1]);
    }

    [Theory]
    [InlineData("llama_f32")]
    [InlineData("qwen2_bf16")]
    [InlineData("mistral_f32")]   // sliding window 5: generation runs past it
    [InlineData("gemma2_f32")]    // window on even layers, soft-caps
    public void KvCacheEqualsRecomputation(string name)
    {
        using var c = new GoldenCase(name);
        using var model = c.LoadModel();
        int v = model.VocabSize, steps = 10;
        var session = new DecodingSession(model, Prompts.Length, 32);
        var seqs = Prompts.Select(p => p.ToList()).ToArray();
        var logits = session.Append([0, 1, 2], Prompts);
        for (int step = 0; step < steps; step++)
        {
            var next = new int[Prompts.Length][];
            for (int i = 0; i < Prompts.Length; i++)
            {
                var cached = logits.AsSpan(i * v, v);
                var full = RecomputedLastLogits(model, seqs[i]);
                double err = GoldenCase.RelMaxError(cached, full);
                Assert.True(err <= 1e-5, $"{name} seq {i} step {step}: cached vs recomputed logits relative error {err:E2}");
                int tok = Sampler.ArgMax(cached);
                Assert.Equal(Sampler.ArgMax(full), tok);
                seqs[i].Add(tok);
                next[i] = [tok];
            }
            logits = session.Append([0, 1, 2], next);
        }
        for (int i = 0; i < Prompts.Length; i++) Assert.Equal(Prompts[i].Length + steps, session.Length(i));
    }

    [Fact]
    public void BatchedGreedyEqualsOneAtATime()
    {
        using var c = new GoldenCase("gemma2_f32");
        using var model = c.LoadModel();
        var opts = new SamplingOptions { MaxNewTokens = 8 };
        var batched = Generator.Generate(model, Prompts, opts);
        for (int i = 0; i < Prompts.Length; i++)
            Assert.Equal(Generator.Generate(model, [Prompts[i]], opts)[0], batched[i]);
        Assert.All(batched, o => Assert.Equal(8, o.Length));
    }

    [Fact]
    public void SamplingIsSeededAndTopK1IsGreedy()
    {
        using var c = new GoldenCase("llama_f32");
        using var model = c.LoadModel();
        var s1 = Generator.Generate(model, Prompts, new SamplingOptions { MaxNewTokens = 12, Temperature = 1.5f, Seed = 1 });
        var s1b = Generator.Generate(model, Prompts, new SamplingOptions { MaxNewTokens = 12, Temperature = 1.5f, Seed = 1 });
        var s2 = Generator.Generate(model, Prompts, new SamplingOptions { MaxNewTokens = 12, Temperature = 1.5f, Seed = 2 });
        Assert.Equal(s1, s1b);
        Assert.NotEqual(s1, s2);
        var greedy = Generator.Generate(model, Prompts, new SamplingOptions { MaxNewTokens = 12 });
        var topk1 = Generator.Generate(model, Prompts, new SamplingOptions { MaxNewTokens = 12, Temperature = 2f, TopK = 1, Seed = 5 });
        var topp = Generator.Generate(model, Prompts, new SamplingOptions { MaxNewTokens = 12, Temperature = 1f, TopP = 1e-6f, Seed = 6 });
        Assert.Equal(greedy, topk1);
        Assert.Equal(greedy, topp);
    }

    [Fact]
    public void StopsAtEos()
    {
        using var c = new GoldenCase("mistral_f32");
        using var model = c.LoadModel();
        var greedy = Generator.Generate(model, Prompts, new SamplingOptions { MaxNewTokens = 6 });
        int eos = greedy[0][2];
        var stopped = Generator.Generate(model, Prompts, new SamplingOptions { MaxNewTokens = 6, EosTokenIds = [eos] });
        for (int i = 0; i < Prompts.Length; i++)
        {
            int at = Array.IndexOf(greedy[i], eos);
            Assert.Equal(at < 0 ? greedy[i] : greedy[i][..(at + 1)], stopped[i]);
        }
        Assert.Equal(3, stopped[0].Length);
    }

    [Fact]
    public void SamplerFrequenciesFollowTopKTopPDistribution()
    {
        float[] logits = [2f, 1f, 0.5f, 0f, -1f];
        var rng = new Random(3);
        var o = new SamplingOptions { Temperature = 1f, TopK = 3, TopP = 0.9f };
        // top-3 probabilities of softmax(logits): e^2, e^1, e^0.5 normalised = 0.629, 0.231, 0.140; top-p 0.9 keeps all three.
        var counts = new int[5];
        for (int i = 0; i < 20000; i++) counts[Sampler.Pick(logits, o, rng)]++;
        double z = Math.Exp(2) + Math.Exp(1) + Math.Exp(0.5);
        Assert.InRange(counts[0] / 20000.0, Math.Exp(2) / z - 0.015, Math.Exp(2) / z + 0.015);
        Assert.InRange(counts[2] / 20000.0, Math.Exp(0.5) / z - 0.015, Math.Exp(0.5) / z + 0.015);
        Assert.Equal(0, counts[3] + counts[4]);
        var o2 = o with { TopP = 0.7f };   // 0.629 < 0.7 ≤ 0.629 + 0.231: keeps two
        var c2 = new int[5];
        for (int i = 0; i < 5000; i++) c2[Sampler.Pick(logits, o2, rng)]++;
        Assert.Equal(0, c2[2] + c2[3] + c2[4]);
        Assert.True(c2[1] > 0);
    }
}
