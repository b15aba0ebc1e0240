using System.Text.Json;

namespace SharpAlign.Tokenization.Templates;

/// <summary>
/// The files around a chat template: a model folder's template and special tokens (read through
/// <see cref="TokenizerConfig"/>, so <c>chat_template.jinja</c> wins over the inline template and a
/// list of named templates yields "default" unless another name is asked for), and conversation
/// files for the <c>chat-template</c> command.
/// </summary>
public static class ChatTemplateFiles
{
    /// <summary>Loads the chat template of the tokenizer folder <paramref name="directory"/>.</summary>
    public static ChatTemplate Load(string directory, string? templateName = null, TemplateLimits? limits = null, Func<DateTime>? clock = null)
    {
        if (!Directory.Exists(directory)) throw new InputException($"tokenizer folder {directory} does not exist");
        var jinjaPath = Path.Combine(directory, "chat_template.jinja");
        var name = File.Exists(jinjaPath) ? jinjaPath : Path.Combine(directory, "tokenizer_config.json") + " chat_template";
        return FromConfig(TokenizerConfig.FromDirectory(directory), name, templateName, limits, clock);
    }

    /// <summary>
    /// The chat template of an already-read tokenizer configuration: its default template, or the one named
    /// <paramref name="templateName"/> from the list form; <paramref name="sourceName"/> names it in errors.
    /// </summary>
    public static ChatTemplate FromConfig(TokenizerConfig config, string sourceName, string? templateName = null,
        TemplateLimits? limits = null, Func<DateTime>? clock = null)
    {
        string available = config.NamedChatTemplates.Count == 0 ? "" : $" (available: {string.Join(", ", config.NamedChatTemplates.Keys)})";
        string source;
        if (templateName is null or "default")
            source = config.ChatTemplate ?? throw new InputException(
                $"{sourceName}: no chat template: neither chat_template.jinja nor a default \"chat_template\" in tokenizer_config.json{available}");
        else
        {
            source = config.NamedChatTemplates.GetValueOrDefault(templateName)
                ?? throw new InputException($"{sourceName}: no chat template named '{templateName}'{available}");
            sourceName += $" '{templateName}'";
        }
        var tokens = new Dictionary<string, object?>(StringComparer.Ordinal);
        void Add(string key, string? value) { if (value is not null) tokens[key] = value; }
        Add("bos_token", config.BosToken);
        Add("eos_token", config.EosToken);
        Add("unk_token", config.UnkToken);
        Add("pad_token", config.PadToken);
        if (config.AdditionalSpecialTokens.Count > 0) tokens["additional_special_tokens"] = config.AdditionalSpecialTokens.Cast<object?>().ToList();
        return new ChatTemplate(source, tokens, sourceName, limits, clock);
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
        var messages = root;
        if (root.ValueKind == JsonValueKind.Object && root.TryGetProperty("messages", out messages))
        {
            foreach (var p in root.EnumerateObject())
                if (p.Name != "messages") variables[p.Name] = p.Value;
        }
        if (messages.ValueKind != JsonValueKind.Array)
            throw new InputException($"{path}: expected a JSON array of messages, or an object with a \"messages\" array");
        int i = 0;
        foreach (var m in messages.EnumerateArray())
        {
            if (m.ValueKind != JsonValueKind.Object || !m.TryGetProperty("role", out var role) || role.ValueKind != JsonValueKind.String)
                throw new InputException($"{path}: message {i} must be an object with a string \"role\"");
            i++;
        }
        return (messages, variables);
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
}
