using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;

namespace SharpAlign.Tokenization.Training;

/// <summary>What to train.</summary>
/// <param name="VocabSize">Target vocabulary size, special tokens and the 256 byte symbols included.</param>
/// <param name="BosToken">Beginning-of-sequence token, prepended by the post-processor.</param>
/// <param name="EosToken">End-of-sequence token.</param>
/// <param name="PadToken">Padding token.</param>
/// <param name="MinFrequency">A pair seen fewer times than this is never merged.</param>
public sealed record BpeTrainerOptions(int VocabSize = 512, string BosToken = "<s>", string EosToken = "</s>", string PadToken = "<pad>", int MinFrequency = 2);

/// <summary>
/// Trains a byte-level BPE vocabulary (GPT-2 style: GPT-2's pre-tokenization pattern, bytes mapped
/// to printable characters, merges learnt by pair frequency) and writes it as a Hugging Face
/// <c>tokenizer.json</c> + <c>tokenizer_config.json</c>, so anything trained with it loads through the
/// same tokenizer path as real models. Special tokens take ids 0.. (pad, bos, eos), then the 256
/// byte symbols in byte order, then one token per merge. Ties between equally frequent pairs
/// are broken by the pair's text (ordinal), so training is deterministic.
/// </summary>
public static class BpeTrainer
{
    private static readonly Regex Gpt2Pattern = new(
        @"'s|'t|'re|'ve|'m|'ll|'d| ?\p{L}+| ?\p{N}+| ?[^\s\p{L}\p{N}]+|\s+(?!\S)|\s+", RegexOptions.Compiled);

    /// <summary>The learnt vocabulary (token → id) and merges, in order.</summary>
    public sealed record Result(IReadOnlyList<string> Vocabulary, IReadOnlyList<(string Left, string Right)> Merges, BpeTrainerOptions Options);

    /// <summary>Learns merges from <paramref name="texts"/>.</summary>
    public static Result Train(IEnumerable<string> texts, BpeTrainerOptions options)
    {
        string[] byteChars = ByteSymbols();
        var wordCounts = new Dictionary<string, int>(StringComparer.Ordinal);
        foreach (string text in texts)
            foreach (Match m in Gpt2Pattern.Matches(text))
            {
                string mapped = string.Concat(Encoding.UTF8.GetBytes(m.Value).Select(b => byteChars[b]));
                wordCounts[mapped] = wordCounts.GetValueOrDefault(mapped) + 1;
            }

        var vocab = new List<string> { options.PadToken, options.BosToken, options.EosToken };
        vocab.AddRange(byteChars);
        if (options.VocabSize < vocab.Count) throw new InputException($"vocabulary size {options.VocabSize} is below the {vocab.Count} special and byte tokens");

        var words = wordCounts.OrderBy(kv => kv.Key, StringComparer.Ordinal)
            .Select(kv => (Symbols: kv.Key.EnumerateRunes().Select(r => r.ToString()).ToList(), Count: kv.Value)).ToList();
        var merges = new List<(string, string)>();
        while (vocab.Count < options.VocabSize)
        {
            var pairs = new Dictionary<(string, string), int>();
            foreach (var (symbols, count) in words)
                for (int i = 0; i + 1 < symbols.Count; i++)
                    pairs[(symbols[i], symbols[i + 1])] = pairs.GetValueOrDefault((symbols[i], symbols[i + 1])) + count;
            if (pairs.Count == 0) break;
            var best = pairs.OrderByDescending(kv => kv.Value)
                .ThenBy(kv => kv.Key.Item1, StringComparer.Ordinal).ThenBy(kv => kv.Key.Item2, StringComparer.Ordinal).First();
            if (best.Value < options.MinFrequency) break;
            var (left, right) = best.Key;
            merges.Add((left, right));
            vocab.Add(left + right);
            foreach (var (symbols, _) in words)
                for (int i = 0; i + 1 < symbols.Count; i++)
                    if (symbols[i] == left && symbols[i + 1] == right)
                    {
                        symbols[i] = left + right;
                        symbols.RemoveAt(i + 1);
                    }
        }
        return new Result(vocab, merges, options);
    }

    /// <summary>Writes <c>tokenizer.json</c> and <c>tokenizer_config.json</c> into <paramref name="dir"/>.</summary>
    public static void Save(Result result, string dir)
    {
        Directory.CreateDirectory(dir);
        var o = result.Options;
        using (var stream = File.Create(Path.Combine(dir, "tokenizer.json")))
        using (var w = new Utf8JsonWriter(stream, new JsonWriterOptions { Indented = true, Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping }))
        {
            w.WriteStartObject();
            w.WriteString("version", "1.0");
            w.WriteNull("truncation");
            w.WriteNull("padding");
            w.WriteStartArray("added_tokens");
            foreach (var (token, id) in new[] { (o.PadToken, 0), (o.BosToken, 1), (o.EosToken, 2) })
            {
                w.WriteStartObject();
                w.WriteNumber("id", id);
                w.WriteString("content", token);
                w.WriteBoolean("single_word", false);
                w.WriteBoolean("lstrip", false);
                w.WriteBoolean("rstrip", false);
                w.WriteBoolean("normalized", false);
                w.WriteBoolean("special", true);
                w.WriteEndObject();
            }
            w.WriteEndArray();
            w.WriteNull("normalizer");
            WriteByteLevel(w, "pre_tokenizer", addPrefixSpace: false);
            w.WriteStartObject("post_processor");
            w.WriteString("type", "TemplateProcessing");
            w.WriteStartArray("single");
            WriteSpecialPiece(w, o.BosToken);
            WriteSequencePiece(w, "A");
            w.WriteEndArray();
            w.WriteStartArray("pair");
            WriteSpecialPiece(w, o.BosToken);
            WriteSequencePiece(w, "A");
            WriteSpecialPiece(w, o.BosToken);
            WriteSequencePiece(w, "B");
            w.WriteEndArray();
            w.WriteStartObject("special_tokens");
            w.WriteStartObject(o.BosToken);
            w.WriteString("id", o.BosToken);
            w.WriteStartArray("ids"); w.WriteNumberValue(1); w.WriteEndArray();
            w.WriteStartArray("tokens"); w.WriteStringValue(o.BosToken); w.WriteEndArray();
            w.WriteEndObject();
            w.WriteEndObject();
            w.WriteEndObject();
            WriteByteLevel(w, "decoder", addPrefixSpace: true);
            w.WriteStartObject("model");
            w.WriteString("type", "BPE");
            w.WriteNull("dropout");
            w.WriteNull("unk_token");
            w.WriteNull("continuing_subword_prefix");
            w.WriteNull("end_of_word_suffix");
            w.WriteBoolean("fuse_unk", false);
            w.WriteBoolean("byte_fallback", false);
            w.WriteBoolean("ignore_merges", false);
            w.WriteStartObject("vocab");
            for (int i = 0; i < result.Vocabulary.Count; i++) w.WriteNumber(result.Vocabulary[i], i);
            w.WriteEndObject();
            w.WriteStartArray("merges");
            foreach (var (l, r) in result.Merges) w.WriteStringValue(l + " " + r);
            w.WriteEndArray();
            w.WriteEndObject();
            w.WriteEndObject();
        }
        var config = new Dictionary<string, object?>
        {
            ["tokenizer_class"] = "PreTrainedTokenizerFast",
            ["bos_token"] = o.BosToken,
            ["eos_token"] = o.EosToken,
            ["pad_token"] = o.PadToken,
            ["add_bos_token"] = true,
            ["add_eos_token"] = false,
            ["model_max_length"] = 1024,
        };
        File.WriteAllText(Path.Combine(dir, "tokenizer_config.json"), JsonSerializer.Serialize(config, new JsonSerializerOptions { WriteIndented = true }));
    }

    private static void WriteByteLevel(Utf8JsonWriter w, string name, bool addPrefixSpace)
    {
        w.WriteStartObject(name);
        w.WriteString("type", "ByteLevel");
        w.WriteBoolean("add_prefix_space", addPrefixSpace);
        w.WriteBoolean("trim_offsets", true);
        w.WriteBoolean("use_regex", true);
        w.WriteEndObject();
    }

    private static void WriteSpecialPiece(Utf8JsonWriter w, string token)
    {
        w.WriteStartObject();
        w.WriteStartObject("SpecialToken");
        w.WriteString("id", token);
        w.WriteNumber("type_id", 0);
        w.WriteEndObject();
        w.WriteEndObject();
    }

    private static void WriteSequencePiece(Utf8JsonWriter w, string id)
    {
        w.WriteStartObject();
        w.WriteStartObject("Sequence");
        w.WriteString("id", id);
        w.WriteNumber("type_id", 0);
        w.WriteEndObject();
        w.WriteEndObject();
    }

    /// <summary>
    /// GPT-2's byte-to-character table: printable Latin-1 bytes stand for themselves, the other
    /// 68 bytes take the characters from U+0100 upwards in byte order.
    /// </summary>
    public static string[] ByteSymbols()
    {
        var table = new string[256];
        int next = 256;
        for (int b = 0; b < 256; b++)
        {
            bool printable = b is >= '!' and <= '~' or >= 0xA1 and <= 0xAC or >= 0xAE and <= 0xFF;
            table[b] = ((char)(printable ? b : next++)).ToString();
        }
        return table;
    }
}
