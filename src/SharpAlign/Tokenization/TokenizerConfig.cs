using System.Text.Json;

namespace SharpAlign.Tokenization;

/// <summary>
/// The plain-data settings a Hugging Face model folder keeps next to tokenizer.json:
/// tokenizer_config.json, with special_tokens_map.json filling in special tokens it lacks and
/// chat_template.jinja taking precedence over the inline template (as in transformers ≥ 4.47).
/// Special tokens written as AddedToken objects are reduced to their content.
/// </summary>
public sealed class TokenizerConfig
{
    /// <summary>The chat template to render (the "default" one when the file lists several), or null.</summary>
    public string? ChatTemplate { get; init; }

    /// <summary>Named chat templates when tokenizer_config lists several (name → template); empty otherwise.</summary>
    public IReadOnlyDictionary<string, string> NamedChatTemplates { get; init; } = new Dictionary<string, string>();

    /// <summary><c>bos_token</c> content, or null.</summary>
    public string? BosToken { get; init; }
    /// <summary><c>eos_token</c> content, or null.</summary>
    public string? EosToken { get; init; }
    /// <summary><c>unk_token</c> content, or null.</summary>
    public string? UnkToken { get; init; }
    /// <summary><c>pad_token</c> content, or null.</summary>
    public string? PadToken { get; init; }
    /// <summary><c>additional_special_tokens</c> contents.</summary>
    public IReadOnlyList<string> AdditionalSpecialTokens { get; init; } = [];

    /// <summary><c>add_bos_token</c>, when present.</summary>
    public bool? AddBosToken { get; init; }
    /// <summary><c>add_eos_token</c>, when present.</summary>
    public bool? AddEosToken { get; init; }
    /// <summary><c>clean_up_tokenization_spaces</c>, when present.</summary>
    public bool? CleanUpTokenizationSpaces { get; init; }
    /// <summary><c>model_max_length</c>, when present and integral.</summary>
    public long? ModelMaxLength { get; init; }
    /// <summary><c>padding_side</c> ("left"/"right"), when present.</summary>
    public string? PaddingSide { get; init; }
    /// <summary><c>tokenizer_class</c>, when present.</summary>
    public string? TokenizerClass { get; init; }

    /// <summary>
    /// Every top-level value of tokenizer_config.json as raw JSON text (key → JSON), for settings
    /// not surfaced above (e.g. <c>legacy</c>, <c>split_special_tokens</c>).
    /// </summary>
    public IReadOnlyDictionary<string, string> Raw { get; init; } = new Dictionary<string, string>();

    /// <summary>An empty configuration (no file present).</summary>
    public static TokenizerConfig Empty { get; } = new();

    /// <summary>
    /// Reads tokenizer_config.json, special_tokens_map.json and chat_template.jinja from
    /// <paramref name="directory"/>; each file is optional.
    /// </summary>
    public static TokenizerConfig FromDirectory(string directory)
    {
        string configPath = Path.Combine(directory, "tokenizer_config.json");
        string mapPath = Path.Combine(directory, "special_tokens_map.json");
        string jinjaPath = Path.Combine(directory, "chat_template.jinja");
        using var config = File.Exists(configPath) ? ParseFile(configPath) : null;
        using var map = File.Exists(mapPath) ? ParseFile(mapPath) : null;
        var root = config?.RootElement;
        var mapRoot = map?.RootElement;

        string? Special(string key) =>
            (root is { } r ? TokenContent(r, key, configPath) : null) ?? (mapRoot is { } m ? TokenContent(m, key, mapPath) : null);

        var named = new Dictionary<string, string>();
        string? template = null;
        if (root is { } cfg && cfg.TryGetProperty("chat_template", out var ct))
        {
            if (ct.ValueKind == JsonValueKind.String) template = ct.GetString();
            else if (ct.ValueKind == JsonValueKind.Array)
            {
                foreach (var item in ct.EnumerateArray())
                {
                    if (item.ValueKind != JsonValueKind.Object || !item.TryGetProperty("name", out var n) || n.ValueKind != JsonValueKind.String
                        || !item.TryGetProperty("template", out var tpl) || tpl.ValueKind != JsonValueKind.String)
                        throw new InputException($"{configPath}: chat_template: each list entry must be {{\"name\": string, \"template\": string}}");
                    named[n.GetString()!] = tpl.GetString()!;
                }
                template = named.GetValueOrDefault("default");
            }
            else if (ct.ValueKind != JsonValueKind.Null)
                throw new InputException($"{configPath}: chat_template must be a string or a list of {{name, template}}");
        }
        if (File.Exists(jinjaPath)) template = File.ReadAllText(jinjaPath);

        var additional = new List<string>();
        var additionalSource = root is { } rr && rr.TryGetProperty("additional_special_tokens", out var a1) ? (a1, configPath)
            : mapRoot is { } mm && mm.TryGetProperty("additional_special_tokens", out var a2) ? (a2, mapPath) : (default(JsonElement), "");
        if (additionalSource.Item1.ValueKind == JsonValueKind.Array)
            foreach (var item in additionalSource.Item1.EnumerateArray())
                additional.Add(ContentOf(item, "additional_special_tokens", additionalSource.Item2)
                               ?? throw new InputException($"{additionalSource.Item2}: additional_special_tokens: entries must be strings or AddedToken objects"));

        var raw = new Dictionary<string, string>();
        if (root is { } all && all.ValueKind == JsonValueKind.Object)
            foreach (var p in all.EnumerateObject()) raw[p.Name] = p.Value.GetRawText();

        return new TokenizerConfig
        {
            ChatTemplate = template,
            NamedChatTemplates = named,
            BosToken = Special("bos_token"),
            EosToken = Special("eos_token"),
            UnkToken = Special("unk_token"),
            PadToken = Special("pad_token"),
            AdditionalSpecialTokens = additional,
            AddBosToken = root is { } b1 ? OptionalBool(b1, "add_bos_token", configPath) : null,
            AddEosToken = root is { } b2 ? OptionalBool(b2, "add_eos_token", configPath) : null,
            CleanUpTokenizationSpaces = root is { } b3 ? OptionalBool(b3, "clean_up_tokenization_spaces", configPath) : null,
            ModelMaxLength = root is { } l && l.TryGetProperty("model_max_length", out var ml) && ml.ValueKind == JsonValueKind.Number && ml.TryGetInt64(out long v) ? v : null,
            PaddingSide = root is { } s1 && s1.TryGetProperty("padding_side", out var ps) && ps.ValueKind == JsonValueKind.String ? ps.GetString() : null,
            TokenizerClass = root is { } s2 && s2.TryGetProperty("tokenizer_class", out var tc) && tc.ValueKind == JsonValueKind.String ? tc.GetString() : null,
            Raw = raw,
        };
    }

    private static JsonDocument ParseFile(string path)
    {
        try
        {
            var doc = JsonDocument.Parse(File.ReadAllBytes(path));
            if (doc.RootElement.ValueKind != JsonValueKind.Object) throw new InputException($"{path}: expected a JSON object");
            return doc;
        }
        catch (JsonException e)
        {
            throw new InputException($"{path}: invalid JSON at line {e.LineNumber + 1}: {e.Message}", e);
        }
    }

    private static string? TokenContent(JsonElement root, string key, string path) =>
        root.TryGetProperty(key, out var v) ? ContentOf(v, key, path) : null;

    private static string? ContentOf(JsonElement v, string key, string path) => v.ValueKind switch
    {
        JsonValueKind.String => v.GetString(),
        JsonValueKind.Null => null,
        JsonValueKind.Object when v.TryGetProperty("content", out var c) && c.ValueKind == JsonValueKind.String => c.GetString(),
        _ => throw new InputException($"{path}: {key} must be a string, null or an AddedToken object with \"content\""),
    };

    private static bool? OptionalBool(JsonElement root, string key, string path)
    {
        if (!root.TryGetProperty(key, out var v) || v.ValueKind == JsonValueKind.Null) return null;
        return v.ValueKind switch
        {
            JsonValueKind.True => true,
            JsonValueKind.False => false,
            _ => throw new InputException($"{path}: {key} must be true or false"),
        };
    }
}
