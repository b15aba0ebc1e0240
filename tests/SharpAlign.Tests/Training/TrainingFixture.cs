using SharpAlign.Demo;
using SharpAlign.Models.IO;
using SharpAlign.Tokenization.Training;
using SharpAlign.Training;
using SharpAlign.Training.Config;

namespace SharpAlign.Tests.Training;

/// <summary>
/// A tiny random Llama model folder (with a BPE tokenizer trained on the demo's review language)
/// and small datasets — pre-tokenized pairs, text pairs, unpaired rows — written to a temp folder.
/// </summary>
public sealed class TrainingFixture : IDisposable
{
    public string Root { get; } = Path.Combine(Path.GetTempPath(), "sa-train-" + Guid.NewGuid().ToString("N"));
    public string ModelDir => Path.Combine(Root, "model");
    public string TokenizedPairs => Path.Combine(Root, "pairs_ids.jsonl");
    public string TextPairs => Path.Combine(Root, "pairs.jsonl");
    public string Unpaired => Path.Combine(Root, "unpaired.jsonl");

    public TrainingFixture()
    {
        Directory.CreateDirectory(Root);
        var gen = new ReviewGenerator(11);
        var texts = Enumerable.Range(0, 400).Select(_ => gen.Next()).ToList();
        var bpe = BpeTrainer.Train(texts.Select(r => r.Text), new BpeTrainerOptions(VocabSize: 300));
        var config = RandomCheckpoint.CreateConfig("llama", "tiny", new RandomModelSizes(HiddenSize: 32, NumLayers: 2, NumHeads: 4, NumKvHeads: 2, IntermediateSize: 64, VocabSize: 300));
        RandomCheckpoint.Write(ModelDir, config, seed: 5, SafetensorsDtype.F32);
        BpeTrainer.Save(bpe, ModelDir);

        var rng = new Random(3);
        int[] Ids(int n) => Enumerable.Range(0, n).Select(_ => 3 + rng.Next(290)).ToArray();
        File.WriteAllLines(TokenizedPairs, Enumerable.Range(0, 16).Select(_ =>
            $"{{\"prompt_input_ids\":[{string.Join(",", Ids(3 + rng.Next(4)))}],\"chosen_input_ids\":[{string.Join(",", Ids(2 + rng.Next(5)))}],\"rejected_input_ids\":[{string.Join(",", Ids(2 + rng.Next(5)))}]}}"));
        string Q(string s) => System.Text.Json.JsonSerializer.Serialize(s);
        File.WriteAllLines(TextPairs, texts.Take(24).Select((r, i) =>
            $"{{\"prompt\":{Q(r.Prompt)},\"chosen\":{Q(" " + r.Completion)},\"rejected\":{Q(" " + texts[100 + i].Completion)}}}"));
        File.WriteAllLines(Unpaired, texts.Take(24).Select((r, i) =>
            $"{{\"prompt\":{Q(r.Prompt)},\"completion\":{Q(" " + r.Completion)},\"label\":{(i % 3 == 0 ? "false" : "true")}}}"));
    }

    /// <summary>A config for this fixture; <paramref name="yaml"/> adds or overrides keys.</summary>
    public TrainingConfig Config(string outputName, string yaml, params string[] overrides)
    {
        string text = $"model_name_or_path: {ModelDir}\noutput_dir: {Path.Combine(Root, outputName)}\nseed: 1\n" + yaml;
        foreach (var (key, value) in new[] { ("logging_steps", "1"), ("save_steps", "1000") })
            if (!yaml.Contains(key + ":")) text += $"{key}: {value}\n";
        return ConfigReader.ReadText(text, "test.yaml", overrides).Config;
    }

    public TrainingResult Train(TrainingConfig c, CancellationToken cancel = default, IProgress<TrainingProgress>? progress = null)
    {
        using var t = TrainerBuilder.Build(c);
        return t.Train(cancel, progress);
    }

    public void Dispose()
    {
        if (Directory.Exists(Root)) Directory.Delete(Root, true);
    }
}
