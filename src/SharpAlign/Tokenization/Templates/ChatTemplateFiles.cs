using System.Text.Json;

namespace SharpAlign.Tokenization.Templates;

/// <summary>
/// Finds a model folder's chat template the way transformers (≥ 4.47) does: <c>chat_template.jinja</c>
/// beside the tokenizer wins over the <c>chat_template</c> entry of <c>tokenizer_config.json</c>, which
/// may be a string or a list of <c>{"name", "template"}</c> (the one named "default" is used unless
/// another name is asked for). Special tokens come from tokenizer_config.json (strings or
/// <c>{"content": …}</c> objects), completed from special_tokens_map.json.
/// </summary>
public static class ChatTemplateFiles
{
    private static readonly string[] TokenNames =
        ["bos_token", "eos_token", "unk_token", "sep_token", "pad_token", "cls_token", "mask_token", "additional_special_tokens"];

    /// <summary>Loads the chat template of the tokenizer folder <paramref name="directory"/>.</summary>
    public static ChatTemplate Load(string directory, string? templateName = null, TemplateLimits? limits = null, Func<DateTime>? clock = null)
    {
        if (!Directory.Exists(directory)) throw new InputException($"tokenizer folder {directory} does not exist");
        var configPath = Path.Combine(directory, "tokenizer_config.json");
        var jinjaPath = Path.Combine(directory, "chat_template.jinja");
        var config = File.Exists(configPath) ? ReadJson(configPath) : (JsonElement?)null;
        var tokens = new Dictionary<string, object?>(StringComparer.Ordinal);
        if (config is { } c) AddTokens(tokens, c, configPath);
        var mapPath = Path.Combine(directory, "special_tokens_map.json");
        if (File.Exists(mapPath)) AddTokens(tokens, ReadJson(mapPath), mapPath);

        if (File.Exists(jinjaPath) && templateName is null)
            return new ChatTemplate(File.ReadAllText(jinjaPath), tokens, jinjaPath, limits, clock);
        if (config is not { } cfg || !cfg.TryGetProperty("chat_template", out var entry) || entry.ValueKind == JsonValueKind.Null)
            throw new InputException($"{directory} has no chat template: neither chat_template.jinja nor a \"chat_template\" entry in tokenizer_config.json");
        var (source, name) = SelectTemplate(entry, templateName, configPath);
        return new ChatTemplate(source, tokens, name, limits, clock);
    }

    /// <summary>
    /// Reads a conversation file: a JSON array of message objects, or an object with "messages" whose
    /// other fields (tools, documents, date_string, enable_thinking, …) become template variables.
    /// </summary>
    public static (JsonElement Messages, Dictionary<string, object?> Variables) ReadConversation(string path)
    {
        if (!File.Exists(path)) throw new InputException($"messages file {path} does not exist");
        var root = ReadJson(path);
        var variables = new Dictionary<string, object?>(StringComparer.Ordinal);
        if (root.ValueKind == JsonValueKind.Array) return (root, variables);
        if (root.ValueKind != JsonValueKind.Object || !root.TryGetProperty("messages", out var messages) || messages.ValueKind != JsonValueKind.Array)
            throw new InputException($"{path}: expected a JSON array of messages, or an object with a \"messages\" array");
        foreach (var p in root.EnumerateObject())
            if (p.Name != "messages") variables[p.Name] = p.Value;
        int i = 0;
        foreach (var m in messages.EnumerateArray())
        {
            if (m.ValueKind != JsonValueKind.Object || !m.TryGetProperty("role", out var role) || role.ValueKind != JsonValueKind.String)
                throw new InputException($"{path}: message {i} must be an object with a string \"role\"");
            i++;
        }
        return (messages, variables);
    }

    /// <summary>Picks the template text from a chat_template entry (string or list of named templates).</summary>
    public static (string Source, string Name) SelectTemplate(JsonElement entry, string? templateName, string configPath)
    {
        if (entry.ValueKind == JsonValueKind.String)
        {
            if (templateName is not null and not "default")
                throw new InputException($"{configPath}: chat_template is a single template; there is no template named '{templateName}'");
            return (entry.GetString()!, $"{configPath} chat_template");
        }
        if (entry.ValueKind != JsonValueKind.Array)
            throw new InputException($"{configPath}: chat_template must be a string or a list of {{\"name\", \"template\"}} objects, not {entry.ValueKind}");
        var wanted = templateName ?? "default";
        var names = new List<string>();
        foreach (var item in entry.EnumerateArray())
        {
            if (item.ValueKind != JsonValueKind.Object || !item.TryGetProperty("name", out var n) || n.ValueKind != JsonValueKind.String
                || !item.TryGetProperty("template", out var t) || t.ValueKind != JsonValueKind.String)
                throw new InputException($"{configPath}: each chat_template list item must have string fields \"name\" and \"template\"");
            names.Add(n.GetString()!);
            if (n.GetString() == wanted) return (t.GetString()!, $"{configPath} chat_template '{wanted}'");
        }
        throw new InputException($"{configPath}: no chat template named '{wanted}' (available: {string.Join(", ", names)})");
    }

    private static JsonElement ReadJson(string path)
    {
        try
        {
            using var doc = JsonDocument.Parse(File.ReadAllText(path), new JsonDocumentOptions { AllowTrailingCommas = true });
            return doc.RootElement.Clone();
        }
        catch (JsonException e)
        {
            throw new InputException($"{path}: invalid JSON ({e.Message})", e);
        }
    }

    /// <summary>Adds the special tokens of a config object that are not set yet; a token may be a string or an AddedToken object.</summary>
    private static void AddTokens(Dictionary<string, object?> tokens, JsonElement config, string path)
    {
        if (config.ValueKind != JsonValueKind.Object) throw new InputException($"{path}: expected a JSON object at the top level");
        foreach (var name in TokenNames)
        {
            if (tokens.ContainsKey(name) || !config.TryGetProperty(name, out var value) || value.ValueKind == JsonValueKind.Null) continue;
            if (value.ValueKind == JsonValueKind.Array)
                tokens[name] = value.EnumerateArray().Select(v => (object?)TokenText(v, $"{path}: {name}")).ToList();
            else
                tokens[name] = TokenText(value, $"{path}: {name}");
        }
    }

    /// <summary>The text of a token given as "text" or {"content": "text", …}.</summary>
    public static string TokenText(JsonElement value, string where) => value.ValueKind switch
    {
        JsonValueKind.String => value.GetString()!,
        JsonValueKind.Object when value.TryGetProperty("content", out var c) && c.ValueKind == JsonValueKind.String => c.GetString()!,
        _ => throw new InputException($"{where} must be a string or an object with a string \"content\""),
    };
}
