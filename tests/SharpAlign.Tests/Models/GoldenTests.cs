using SharpAlign.Models;

namespace SharpAlign.Tests.Models;

/// <summary>
/// Logits, per-sequence log-probs and parameter gradients against an independent PyTorch
/// implementation of the Hugging Face modeling code (tests/generators/models_golden.py, float64),
/// for every family from float32 and bfloat16 checkpoints. Tolerance: 1e-4 relative (max error
/// over max magnitude per tensor); both the prefix-shared and the plain packed layout.
/// </summary>
public class GoldenTests
{
    public const double Tolerance = 1e-4;

    public static TheoryData<string> Cases => new()
    {
        "llama_f32", "llama_bf16", "qwen2_f32", "qwen2_bf16", "mistral_f32", "mistral_bf16", "gemma2_f32", "gemma2_bf16", "llama_lora",
    };

    [Theory]
    [MemberData(nameof(Cases))]
    public void LogitsMatchPyTorch(string name)
    {
        using var c = new GoldenCase(name);
        using var model = c.LoadModel();
        var batch = c.Batch(prefixSharing: false);
        int row = 0;
        foreach (var seg in batch.Segments)
        {
            var rows = Enumerable.Range(seg.Start, seg.Length).ToArray();
            var logits = model.Logits(batch, rows);
            var expected = c.Read($"logits.{row}");
            double err = GoldenCase.RelMaxError(logits, expected);
            Assert.True(err <= Tolerance, $"{name} row {row}: logits relative error {err:E2}");
            row++;
        }
        Assert.Equal(2 * c.Pairs.Length, row);
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public void LogpsAndGradientsMatchPyTorch(string name)
    {
        foreach (bool prefix in new[] { true, false })
        {
            using var c = new GoldenCase(name);
            using var model = c.LoadModel();
            if (model.Lora is null) model.SetFullTraining(true);
            var batch = c.Batch(prefix);
            var result = model.Forward(batch, training: true, entropy: true);
            var logps = CausalLM.SequenceSums(batch, result.LogProbs);
            var ents = CausalLM.SequenceSums(batch, result.Entropy!);
            var expLogps = c.Read("logps");
            var expEnts = c.Read("entropy_sums");
            for (int i = 0; i < expLogps.Length; i++)
            {
                Assert.True(Math.Abs(logps[i] - expLogps[i]) <= Tolerance * Math.Abs(expLogps[i]), $"{name} prefix={prefix} seq {i}: logp {logps[i]} vs {expLogps[i]}");
                Assert.True(Math.Abs(ents[i] - expEnts[i]) <= Tolerance * Math.Abs(expEnts[i]), $"{name} prefix={prefix} seq {i}: entropy {ents[i]} vs {expEnts[i]}");
            }
            model.Backward(CausalLM.SequenceGradToEntries(batch, c.Read("coef.logp")), CausalLM.SequenceGradToEntries(batch, c.Read("coef.entropy")));
            var gradNames = c.Golden.Names.Where(n => n.StartsWith("grad.", StringComparison.Ordinal)).ToHashSet();
            var trainable = model.TrainableParameters;
            Assert.Equal(gradNames.Count, trainable.Count);
            foreach (var p in trainable)
            {
                Assert.Contains("grad." + p.Name, gradNames);
                double err = GoldenCase.RelMaxError(p.Grad!.Span, c.Read("grad." + p.Name));
                Assert.True(err <= Tolerance, $"{name} prefix={prefix}: gradient of {p.Name} relative error {err:E2}");
            }
        }
    }
}
