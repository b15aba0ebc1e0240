using System.Text.Json;
using SharpAlign.Tokenization.Decoders;
using SharpAlign.Tokenization.Models;
using SharpAlign.Tokenization.Normalizers;
using SharpAlign.Tokenization.PostProcessors;
using SharpAlign.Tokenization.PreTokenizers;
using SharpAlign.Tokenization.Text;

namespace SharpAlign.Tokenization;

/// <summary>
/// Reads a tokenizer.json document into pipeline components. Every error names the file, the
/// JSON path of the offending component and what was expected.
/// </summary>
internal sealed class TokenizerJsonReader(string file)
{
    /// <summary>Components of one tokenizer.json.</summary>
    public sealed record Pipeline(IReadOnlyList<AddedToken> AddedTokens, INormalizer? Normalizer, IPreTokenizer? PreTokenizer,
        BpeModel Model, IPostProcessor? PostProcessor, IDecoder? Decoder);

    /// <summary>Parses the whole document.</summary>
    public Pipeline Read(JsonElement root)
    {
        if (root.ValueKind != JsonValueKind.Object) throw Error("$", "expected a JSON object at the top level");
        var added = new List<AddedToken>();
        if (root.TryGetProperty("added_tokens", out var list) && list.ValueKind == JsonValueKind.Array)
        {
            int i = 0;
            foreach (var t in list.EnumerateArray())
            {
                string path = $"added_tokens[{i++}]";
                added.Add(new AddedToken(
                    Int(t, "id", path),
                    Str(t, "content", path) ?? throw Error(path, "missing \"content\""),
                    Bool(t, "single_word", path, false), Bool(t, "lstrip", path, false), Bool(t, "rstrip", path, false),
                    Bool(t, "normalized", path, true), Bool(t, "special", path, false)));
            }
        }
        var normalizer = Optional(root, "normalizer", ReadNormalizer);
        var preTokenizer = Optional(root, "pre_tokenizer", ReadPreTokenizer);
        if (!root.TryGetProperty("model", out var model) || model.ValueKind != JsonValueKind.Object) throw Error("model", "missing \"model\" object");
        var bpe = ReadModel(model, "model");
        var post = Optional(root, "post_processor", ReadPostProcessor);
        var decoder = Optional(root, "decoder", ReadDecoder);
        return new Pipeline(added, normalizer, preTokenizer, bpe, post, decoder);
    }

    private T? Optional<T>(JsonElement root, string name, Func<JsonElement, string, T> read) where T : class =>
        root.TryGetProperty(name, out var el) && el.ValueKind != JsonValueKind.Null ? read(el, name) : null;

    private InputException Error(string path, string message) => new($"{file}: {path}: {message}");

    private string TypeOf(JsonElement el, string path) =>
        el.ValueKind == JsonValueKind.Object && el.TryGetProperty("type", out var t) && t.ValueKind == JsonValueKind.String
            ? t.GetString()! : throw Error(path, "component has no \"type\"");

    private InputException Unknown(string kind, string type, string path, string supported) =>
        Error(path, $"unsupported {kind} type \"{type}\" (supported: {supported})");

    private INormalizer ReadNormalizer(JsonElement el, string path)
    {
        string type = TypeOf(el, path);
        return type switch
        {
            "Sequence" => new SequenceNormalizer(List(el, "normalizers", path, ReadNormalizer)),
            "Prepend" => new PrependNormalizer(Str(el, "prepend", path) ?? throw Error(path, "missing \"prepend\"")),
            "Replace" => ReadReplace(el, path),
            "NFC" => new UnicodeNormalizer(NormalForm.Nfc),
            "NFD" => new UnicodeNormalizer(NormalForm.Nfd),
            "NFKC" => new UnicodeNormalizer(NormalForm.Nfkc),
            "NFKD" => new UnicodeNormalizer(NormalForm.Nfkd),
            "Lowercase" => new LowercaseNormalizer(),
            "Strip" => new StripNormalizer(Bool(el, "strip_left", path, true), Bool(el, "strip_right", path, true)),
            _ => throw Unknown("normalizer", type, path, "Sequence, Prepend, Replace, NFC, NFD, NFKC, NFKD, Lowercase, Strip"),
        };
    }

    private ReplaceNormalizer ReadReplace(JsonElement el, string path)
    {
        string content = Str(el, "content", path) ?? throw Error(path, "missing \"content\"");
        if (!el.TryGetProperty("pattern", out var pattern) || pattern.ValueKind != JsonValueKind.Object)
            throw Error(path, "missing \"pattern\" object");
        if (pattern.TryGetProperty("String", out var s) && s.ValueKind == JsonValueKind.String)
            return ReplaceNormalizer.ForString(s.GetString()!, content);
        return ReplaceNormalizer.ForRegex(Regex(pattern, path + ".pattern"), content);
    }

    private UnicodeRegex Regex(JsonElement pattern, string path) => (UnicodeRegex)Matcher(pattern, path, allowScanner: false);

    private IPatternMatcher Matcher(JsonElement pattern, string path, bool allowScanner = true)
    {
        if (pattern.TryGetProperty("String", out var s) && s.ValueKind == JsonValueKind.String)
            return UnicodeRegex.ForLiteral(s.GetString()!);
        if (pattern.TryGetProperty("Regex", out var r) && r.ValueKind == JsonValueKind.String)
        {
            try { return allowScanner ? PatternMatchers.For(r.GetString()!) : new UnicodeRegex(r.GetString()!); }
            catch (FormatException e) { throw Error(path, e.Message); }
        }
        throw Error(path, "expected {\"String\": …} or {\"Regex\": …}");
    }

    private IPreTokenizer ReadPreTokenizer(JsonElement el, string path)
    {
        string type = TypeOf(el, path);
        switch (type)
        {
            case "Sequence":
                return new SequencePreTokenizer(List(el, "pretokenizers", path, ReadPreTokenizer));
            case "ByteLevel":
                return new ByteLevelPreTokenizer(Bool(el, "add_prefix_space", path, true), Bool(el, "use_regex", path, true));
            case "Split":
            {
                if (!el.TryGetProperty("pattern", out var pattern) || pattern.ValueKind != JsonValueKind.Object)
                    throw Error(path, "missing \"pattern\" object");
                return new SplitPreTokenizer(Matcher(pattern, path + ".pattern"), Behavior(el, path, null), Bool(el, "invert", path, false));
            }
            case "Metaspace":
                return new MetaspacePreTokenizer(Replacement(el, path), Scheme(el, path), Bool(el, "split", path, true));
            case "Digits":
                return CharClassPreTokenizer.Digits(Bool(el, "individual_digits", path, false));
            case "Punctuation":
                return CharClassPreTokenizer.Punctuation(Behavior(el, path, SplitBehavior.Isolated));
            case "Whitespace":
                return new WhitespacePreTokenizer();
            case "WhitespaceSplit":
                return CharClassPreTokenizer.WhitespaceSplit();
            case "BertPreTokenizer":
                return new BertPreTokenizer();
            default:
                throw Unknown("pre_tokenizer", type, path, "Sequence, ByteLevel, Split, Metaspace, Digits, Punctuation, Whitespace, WhitespaceSplit, BertPreTokenizer");
        }
    }

    private SplitBehavior Behavior(JsonElement el, string path, SplitBehavior? fallback)
    {
        string? name = Str(el, "behavior", path);
        if (name is null) return fallback ?? throw Error(path, "missing \"behavior\"");
        try { return Splitter.Parse(name); }
        catch (FormatException e) { throw Error(path, e.Message); }
    }

    private char Replacement(JsonElement el, string path)
    {
        string r = Str(el, "replacement", path) ?? "\u2581";
        return r.Length == 1 ? r[0] : throw Error(path, $"\"replacement\" must be one UTF-16 character, got \"{r}\"");
    }

    private PrependScheme Scheme(JsonElement el, string path)
    {
        string? scheme = Str(el, "prepend_scheme", path);
        if (scheme is null) return Bool(el, "add_prefix_space", path, true) ? PrependScheme.Always : PrependScheme.Never;
        return scheme switch
        {
            "always" => PrependScheme.Always,
            "first" => PrependScheme.First,
            "never" => PrependScheme.Never,
            _ => throw Error(path, $"unknown prepend_scheme \"{scheme}\" (expected always, first or never)"),
        };
    }

    private BpeModel ReadModel(JsonElement el, string path)
    {
        string type = el.TryGetProperty("type", out var t) && t.ValueKind == JsonValueKind.String ? t.GetString()!
            : el.TryGetProperty("merges", out _) ? "BPE" : throw Error(path, "model has no \"type\"");
        if (type != "BPE") throw Unknown("model", type, path, "BPE");
        if (el.TryGetProperty("dropout", out var dropout) && dropout.ValueKind == JsonValueKind.Number && dropout.GetDouble() != 0)
            throw Error(path, "BPE dropout is only for training; expected \"dropout\": null");
        if (!el.TryGetProperty("vocab", out var vocabEl) || vocabEl.ValueKind != JsonValueKind.Object) throw Error(path + ".vocab", "missing vocab object");
        var vocab = new Dictionary<string, int>();
        foreach (var p in vocabEl.EnumerateObject())
        {
            if (p.Value.ValueKind != JsonValueKind.Number || !p.Value.TryGetInt32(out int id) || id < 0)
                throw Error(path + ".vocab", $"token \"{p.Name}\" must map to a non-negative integer id");
            vocab[p.Name] = id;
        }
        var merges = new List<(string, string)>();
        if (el.TryGetProperty("merges", out var mergesEl) && mergesEl.ValueKind == JsonValueKind.Array)
        {
            int i = 0;
            foreach (var m in mergesEl.EnumerateArray())
            {
                string mpath = $"{path}.merges[{i}]";
                if (m.ValueKind == JsonValueKind.String)
                {
                    string line = m.GetString()!;
                    if (i == 0 && line.StartsWith("#version", StringComparison.Ordinal)) { i++; continue; }
                    int space = line.IndexOf(' ');
                    if (space < 0) throw Error(mpath, $"merge \"{line}\" must be two tokens separated by one space");
                    merges.Add((line[..space], line[(space + 1)..]));
                }
                else if (m.ValueKind == JsonValueKind.Array && m.GetArrayLength() == 2 && m[0].ValueKind == JsonValueKind.String && m[1].ValueKind == JsonValueKind.String)
                    merges.Add((m[0].GetString()!, m[1].GetString()!));
                else throw Error(mpath, "a merge must be a string \"a b\" or a pair [\"a\", \"b\"]");
                i++;
            }
        }
        var options = new BpeModel.Options(Str(el, "unk_token", path), Str(el, "continuing_subword_prefix", path),
            Str(el, "end_of_word_suffix", path), Bool(el, "fuse_unk", path, false), Bool(el, "byte_fallback", path, false),
            Bool(el, "ignore_merges", path, false));
        try { return new BpeModel(vocab, merges, options); }
        catch (FormatException e) { throw Error(path, e.Message); }
    }

    private IPostProcessor ReadPostProcessor(JsonElement el, string path)
    {
        string type = TypeOf(el, path);
        return type switch
        {
            "Sequence" => new SequencePostProcessor(List(el, "processors", path, ReadPostProcessor)),
            "ByteLevel" => new NoOpPostProcessor(),
            "TemplateProcessing" => ReadTemplate(el, path),
            "RobertaProcessing" or "BertProcessing" => new TemplatePostProcessor([[SpecialPair(el, "cls", path)], null, [SpecialPair(el, "sep", path)]]),
            _ => throw Unknown("post_processor", type, path, "Sequence, ByteLevel, TemplateProcessing, RobertaProcessing, BertProcessing"),
        };
    }

    private int SpecialPair(JsonElement el, string name, string path)
    {
        if (el.TryGetProperty(name, out var pair) && pair.ValueKind == JsonValueKind.Array && pair.GetArrayLength() == 2
            && pair[1].ValueKind == JsonValueKind.Number && pair[1].TryGetInt32(out int id))
            return id;
        throw Error(path, $"\"{name}\" must be a [token, id] pair");
    }

    private TemplatePostProcessor ReadTemplate(JsonElement el, string path)
    {
        var specials = new Dictionary<string, int[]>();
        if (el.TryGetProperty("special_tokens", out var st) && st.ValueKind == JsonValueKind.Object)
            foreach (var p in st.EnumerateObject())
            {
                if (!p.Value.TryGetProperty("ids", out var ids) || ids.ValueKind != JsonValueKind.Array)
                    throw Error($"{path}.special_tokens.{p.Name}", "missing \"ids\" array");
                specials[p.Name] = ids.EnumerateArray().Select(x => x.TryGetInt32(out int v) ? v
                    : throw Error($"{path}.special_tokens.{p.Name}", "ids must be integers")).ToArray();
            }
        if (!el.TryGetProperty("single", out var single) || single.ValueKind != JsonValueKind.Array) throw Error(path, "missing \"single\" template");
        var pieces = new List<int[]?>();
        int i = 0;
        foreach (var piece in single.EnumerateArray())
        {
            string ppath = $"{path}.single[{i++}]";
            if (piece.TryGetProperty("Sequence", out var seq))
            {
                string id = Str(seq, "id", ppath) ?? "A";
                if (id != "A") throw Error(ppath, $"the single-sequence template can only refer to sequence A, not {id}");
                pieces.Add(null);
            }
            else if (piece.TryGetProperty("SpecialToken", out var sp))
            {
                string name = Str(sp, "id", ppath) ?? throw Error(ppath, "SpecialToken without \"id\"");
                pieces.Add(specials.TryGetValue(name, out var ids) ? ids : throw Error(ppath, $"special token \"{name}\" is not listed in special_tokens"));
            }
            else throw Error(ppath, "expected {\"Sequence\": …} or {\"SpecialToken\": …}");
        }
        return new TemplatePostProcessor(pieces);
    }

    private IDecoder ReadDecoder(JsonElement el, string path)
    {
        string type = TypeOf(el, path);
        switch (type)
        {
            case "Sequence": return new SequenceDecoder(List(el, "decoders", path, ReadDecoder));
            case "ByteLevel": return new ByteLevelDecoder();
            case "Metaspace": return new MetaspaceDecoder(Replacement(el, path), Scheme(el, path));
            case "Replace": return new ReplaceDecoder(ReadReplace(el, path));
            case "ByteFallback": return new ByteFallbackDecoder();
            case "Fuse": return new FuseDecoder();
            case "Strip":
            {
                string content = Str(el, "content", path) ?? " ";
                var runes = content.EnumerateRunes().ToArray();
                if (runes.Length != 1) throw Error(path, $"\"content\" must be one character, got \"{content}\"");
                return new StripDecoder(runes[0].Value, Int(el, "start", path), Int(el, "stop", path));
            }
            default:
                throw Unknown("decoder", type, path, "Sequence, ByteLevel, Metaspace, Replace, ByteFallback, Fuse, Strip");
        }
    }

    private List<T> List<T>(JsonElement el, string name, string path, Func<JsonElement, string, T> read)
    {
        if (!el.TryGetProperty(name, out var arr) || arr.ValueKind != JsonValueKind.Array) throw Error(path, $"missing \"{name}\" array");
        var result = new List<T>();
        int i = 0;
        foreach (var item in arr.EnumerateArray()) result.Add(read(item, $"{path}.{name}[{i++}]"));
        return result;
    }

    private string? Str(JsonElement el, string name, string path)
    {
        if (!el.TryGetProperty(name, out var v) || v.ValueKind == JsonValueKind.Null) return null;
        return v.ValueKind == JsonValueKind.String ? v.GetString() : throw Error(path, $"\"{name}\" must be a string");
    }

    private bool Bool(JsonElement el, string name, string path, bool fallback)
    {
        if (!el.TryGetProperty(name, out var v) || v.ValueKind == JsonValueKind.Null) return fallback;
        return v.ValueKind switch
        {
            JsonValueKind.True => true,
            JsonValueKind.False => false,
            _ => throw Error(path, $"\"{name}\" must be true or false"),
        };
    }

    private int Int(JsonElement el, string name, string path) =>
        el.TryGetProperty(name, out var v) && v.ValueKind == JsonValueKind.Number && v.TryGetInt32(out int i) ? i
            : throw Error(path, $"\"{name}\" must be an integer");
}
