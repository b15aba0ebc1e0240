using System.Text.Json;
using SharpAlign.Tokenization.Decoders;
using SharpAlign.Tokenization.Models;
using SharpAlign.Tokenization.Normalizers;
using SharpAlign.Tokenization.PostProcessors;
using SharpAlign.Tokenization.PreTokenizers;
using SharpAlign.Tokenization.Text;

namespace SharpAlign.Tokenization;

/// <summary>
/// A tokenizer built from a Hugging Face tokenizer.json, producing the ids the Rust tokenizers
/// library produces (transformers 4.x fast tokenizers). Encoding runs, in this order: split out
/// added tokens with <c>normalized=false</c> on the raw text; normalize each remaining piece;
/// split out added tokens with <c>normalized=true</c>; pre-tokenize; BPE; and, when special
/// tokens are requested, the post-processor. Truncation and padding settings in the file are
/// ignored (transformers overrides them per call); <c>split_special_tokens: true</c> in
/// tokenizer_config.json is honoured. Instances are safe to share between threads.
/// </summary>
public sealed class HuggingFaceTokenizer : ITokenizer
{
    private readonly AddedVocabulary _added;
    private readonly INormalizer? _normalizer;
    private readonly IPreTokenizer? _preTokenizer;
    private readonly BpeModel _model;
    private readonly IPostProcessor? _postProcessor;
    private readonly IDecoder? _decoder;
    private readonly HashSet<string> _specialContents;

    private HuggingFaceTokenizer(TokenizerJsonReader.Pipeline p, TokenizerConfig config)
    {
        _added = new AddedVocabulary(p.AddedTokens, p.Normalizer, config.Raw.GetValueOrDefault("split_special_tokens") == "true");
        _normalizer = p.Normalizer;
        _preTokenizer = p.PreTokenizer;
        _model = p.Model;
        _postProcessor = p.PostProcessor;
        _decoder = p.Decoder;
        _specialContents = p.AddedTokens.Where(t => t.Special).Select(t => t.Content).ToHashSet();
        AddedTokens = p.AddedTokens;
        Config = config;
        VocabSize = Math.Max(_model.Size, p.AddedTokens.Count == 0 ? 0 : p.AddedTokens.Max(t => t.Id) + 1);
        BosToken = config.BosToken;
        EosToken = config.EosToken;
        BosId = BosToken is null ? null : TokenToId(BosToken);
        EosId = EosToken is null ? null : TokenToId(EosToken);
    }

    /// <summary>
    /// Loads <c>tokenizer.json</c> from a model folder, with the folder's tokenizer_config.json,
    /// special_tokens_map.json and chat_template.jinja when present.
    /// </summary>
    public static HuggingFaceTokenizer FromDirectory(string directory)
    {
        if (!Directory.Exists(directory)) throw new InputException($"tokenizer folder not found: {directory}");
        string path = Path.Combine(directory, "tokenizer.json");
        if (!File.Exists(path))
            throw new InputException($"{directory}: no tokenizer.json (only the fast-tokenizer format is supported; tokenizer.model/vocab.json alone are not)");
        return FromFile(path, TokenizerConfig.FromDirectory(directory));
    }

    /// <summary>Loads a tokenizer.json file, with an optional configuration.</summary>
    public static HuggingFaceTokenizer FromFile(string path, TokenizerConfig? config = null)
    {
        if (!File.Exists(path)) throw new InputException($"tokenizer file not found: {path}");
        return FromJson(File.ReadAllText(path), config, path);
    }

    /// <summary>Builds a tokenizer from tokenizer.json text; <paramref name="origin"/> names it in error messages.</summary>
    public static HuggingFaceTokenizer FromJson(string json, TokenizerConfig? config = null, string origin = "tokenizer.json")
    {
        JsonDocument doc;
        try { doc = JsonDocument.Parse(json); }
        catch (JsonException e) { throw new InputException($"{origin}: invalid JSON at line {e.LineNumber + 1}: {e.Message}", e); }
        using (doc)
            return new HuggingFaceTokenizer(new TokenizerJsonReader(origin).Read(doc.RootElement), config ?? TokenizerConfig.Empty);
    }

    /// <summary>The settings from tokenizer_config.json and friends (empty when loaded without them).</summary>
    public TokenizerConfig Config { get; }

    /// <summary>The <c>added_tokens</c> of tokenizer.json, in file order.</summary>
    public IReadOnlyList<AddedToken> AddedTokens { get; }

    /// <inheritdoc />
    public int VocabSize { get; }
    /// <inheritdoc />
    public string? BosToken { get; }
    /// <inheritdoc />
    public int? BosId { get; }
    /// <inheritdoc />
    public string? EosToken { get; }
    /// <inheritdoc />
    public int? EosId { get; }

    /// <summary>The id of a token (added tokens first, then the model vocabulary), or null.</summary>
    public int? TokenToId(string token) => _added.Find(token)?.Id ?? _model.TokenToId(token);

    /// <summary>The token string of an id (added tokens first, then the model vocabulary), or null.</summary>
    public string? IdToToken(int id) => _added.ById.TryGetValue(id, out var t) ? t.Content : _model.IdToToken(id);

    /// <summary>Whether the id is a special added token (dropped by <c>Decode(skipSpecialTokens: true)</c>).</summary>
    public bool IsSpecial(int id) => IdToToken(id) is { } token && _specialContents.Contains(token);

    /// <inheritdoc />
    public int[] Encode(string text, bool addSpecialTokens = true)
    {
        ArgumentNullException.ThrowIfNull(text);
        text = UnicodeClasses.ReplaceLoneSurrogates(text);
        var ids = new List<int>(text.Length / 3 + 4);
        var rawSegments = new List<AddedVocabulary.Segment>();
        var normSegments = new List<AddedVocabulary.Segment>();
        var pieces = new List<PreToken>();
        _added.SplitRaw(text, rawSegments);
        foreach (var raw in rawSegments)
        {
            if (raw.Id >= 0) { ids.Add(raw.Id); continue; }
            if (raw.End == raw.Start) continue;
            string piece = text[raw.Start..raw.End];
            string normalized = _normalizer?.Normalize(piece) ?? piece;
            normSegments.Clear();
            _added.SplitNormalized(normalized, normSegments);
            foreach (var seg in normSegments)
            {
                if (seg.Id >= 0) { ids.Add(seg.Id); continue; }
                if (seg.End == seg.Start) continue;
                var token = new PreToken(normalized[seg.Start..seg.End], raw.Start == 0 && seg.Start == 0);
                pieces.Clear();
                if (_preTokenizer is null) pieces.Add(token);
                else _preTokenizer.Split(token, pieces);
                foreach (var word in pieces) _model.Tokenize(word.Text, ids);
            }
        }
        if (addSpecialTokens && _postProcessor is not null) ids = _postProcessor.AddSpecialTokens(ids);
        return ids.ToArray();
    }

    /// <inheritdoc />
    public string Decode(ReadOnlySpan<int> ids, bool skipSpecialTokens = false)
    {
        var tokens = new List<string>(ids.Length);
        foreach (int id in ids)
        {
            var token = IdToToken(id);
            if (token is null) continue; // unknown ids are dropped, as tokenizers does
            if (skipSpecialTokens && _specialContents.Contains(token)) continue;
            tokens.Add(token);
        }
        if (_decoder is null) return string.Join(' ', tokens);
        return string.Concat(_decoder.DecodeChain(tokens));
    }
}
