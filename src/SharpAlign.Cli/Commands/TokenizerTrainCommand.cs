using System.CommandLine;
using SharpAlign.Tokenization.Training;

namespace SharpAlign.Cli.Commands;

/// <summary><c>sharpalign tokenizer train</c>: trains a byte-level BPE on a text corpus and writes a Hugging Face tokenizer folder.</summary>
public sealed class TokenizerTrainCommand : ICliCommand
{
    /// <inheritdoc />
    public string? Group => "tokenizer";

    /// <inheritdoc />
    public Command Create()
    {
        var corpus = new Option<string>("--corpus") { Description = "Training text, one document per line (UTF-8).", Required = true };
        var vocab = new Option<int>("--vocab-size") { Description = "Vocabulary size, the 3 special and 256 byte tokens included.", DefaultValueFactory = _ => 512 };
        var minFreq = new Option<int>("--min-frequency") { Description = "Never merge a pair seen fewer times.", DefaultValueFactory = _ => 2 };
        var output = new Option<string>("--out") { Description = "Output folder (tokenizer.json + tokenizer_config.json).", Required = true };
        var cmd = new Command("train", "Train a byte-level BPE tokenizer on a corpus and write tokenizer.json + tokenizer_config.json.");
        foreach (var o in new Option[] { corpus, vocab, minFreq, output }) cmd.Options.Add(o);
        cmd.SetAction(pr =>
        {
            try
            {
                string path = pr.GetValue(corpus)!;
                if (!File.Exists(path)) throw new InputException($"--corpus: {path} does not exist");
                if (pr.GetValue(minFreq) < 1) throw new InputException($"--min-frequency must be at least 1, got {pr.GetValue(minFreq)}");
                var result = BpeTrainer.Train(File.ReadLines(path), new BpeTrainerOptions(VocabSize: pr.GetValue(vocab), MinFrequency: pr.GetValue(minFreq)));
                BpeTrainer.Save(result, pr.GetValue(output)!);
                pr.InvocationConfiguration.Output.WriteLine($"{result.Vocabulary.Count} tokens ({result.Merges.Count} merges) → {Path.Combine(pr.GetValue(output)!, "tokenizer.json")}");
                return 0;
            }
            catch (InputException e)
            {
                pr.InvocationConfiguration.Error.WriteLine($"error: {e.Message}");
                return 2;
            }
        });
        return cmd;
    }
}
