using System.Text.Json;
using SharpAlign.Demo;
using SharpAlign.Tokenization.Training;

namespace SharpAlign.Tests.Demo;

public sealed class BpeTrainerTests : IDisposable
{
    private readonly string _dir = Path.Combine(Path.GetTempPath(), "sa-bpe-" + Guid.NewGuid().ToString("N"));

    public void Dispose() { if (Directory.Exists(_dir)) Directory.Delete(_dir, true); }

    private static List<string> Corpus(int n)
    {
        var g = new ReviewGenerator(3);
        return Enumerable.Range(0, n).Select(_ => g.Next().Text).ToList();
    }

    [Fact]
    public void LearnsWholeWordsOfAFrequentVocabulary()
    {
        var r = BpeTrainer.Train(Corpus(2000), new BpeTrainerOptions(VocabSize: 400));
        Assert.Equal(400, r.Vocabulary.Count);
        Assert.Equal(r.Vocabulary.Count, r.Vocabulary.Distinct().Count());
        // 'Ġ' is GPT-2's stand-in for the space byte: frequent words become single tokens.
        Assert.Contains("Ġmovie", r.Vocabulary);
        Assert.Contains("Ġwas", r.Vocabulary);
        Assert.Equal(["<pad>", "<s>", "</s>", "Ā"], r.Vocabulary.Take(4));   // byte 0 is U+0100
        Assert.Equal("!", r.Vocabulary[3 + (int)'!']);
    }

    [Fact]
    public void TrainingIsDeterministic()
    {
        var a = BpeTrainer.Train(Corpus(300), new BpeTrainerOptions(VocabSize: 320));
        var b = BpeTrainer.Train(Corpus(300), new BpeTrainerOptions(VocabSize: 320));
        Assert.Equal(a.Merges, b.Merges);
    }

    [Fact]
    public void WritesAHuggingFaceTokenizerJson()
    {
        var r = BpeTrainer.Train(Corpus(300), new BpeTrainerOptions(VocabSize: 300));
        BpeTrainer.Save(r, _dir);
        using var doc = JsonDocument.Parse(File.ReadAllText(Path.Combine(_dir, "tokenizer.json")));
        var root = doc.RootElement;
        Assert.Equal("BPE", root.GetProperty("model").GetProperty("type").GetString());
        Assert.Equal("ByteLevel", root.GetProperty("pre_tokenizer").GetProperty("type").GetString());
        Assert.Equal(300, root.GetProperty("model").GetProperty("vocab").EnumerateObject().Count());
        Assert.Equal(r.Merges.Count, root.GetProperty("model").GetProperty("merges").GetArrayLength());
        Assert.Equal(3, root.GetProperty("added_tokens").GetArrayLength());
        using var cfg = JsonDocument.Parse(File.ReadAllText(Path.Combine(_dir, "tokenizer_config.json")));
        Assert.Equal("</s>", cfg.RootElement.GetProperty("eos_token").GetString());
    }

    [Fact]
    public void ByteSymbolsFollowGpt2Table()
    {
        var t = BpeTrainer.ByteSymbols();
        Assert.Equal("Ġ", t[' ']);   // U+0120
        Assert.Equal("Ċ", t['\n']);  // U+010A
        Assert.Equal("A", t['A']);
        Assert.Equal(256, t.Distinct().Count());
    }

    [Fact]
    public void TooSmallVocabularyIsAnInputError() =>
        Assert.Throws<InputException>(() => BpeTrainer.Train(["a"], new BpeTrainerOptions(VocabSize: 100)));
}
