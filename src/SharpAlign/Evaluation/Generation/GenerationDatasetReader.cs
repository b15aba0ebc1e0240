using System.Text.Json;
using System.Text.Json.Nodes;

namespace SharpAlign.Evaluation.Generation;

/// <summary>
/// Reads prompt/reference rows for generation-based evaluation from JSON lines (or one JSON array
/// of objects). The prompt field is <c>--prompt-field</c> or the first present of
/// prompt, source, src, input, article, document, question; the reference field is
/// <c>--reference-field</c> or the first present of reference, references, target, tgt, output,
/// summary, highlights, answer. A reference may be a string or a list of strings.
/// </summary>
public static class GenerationDatasetReader
{
    private static readonly string[] PromptFields = ["prompt", "source", "src", "input", "article", "document", "question"];
    private static readonly string[] ReferenceFields = ["reference", "references", "target", "tgt", "output", "summary", "highlights", "answer"];

    /// <summary>Reads every row; throws <see cref="InputException"/> naming file, line and field on bad rows.</summary>
    public static List<GenerationExample> Read(string path, string? promptField = null, string? referenceField = null)
    {
        if (!File.Exists(path)) throw new InputException($"--dataset: file not found: {path}");
        string text = File.ReadAllText(path);
        var rows = new List<(JsonObject Row, int Line)>();
        if (text.TrimStart().StartsWith('['))
        {
            JsonArray array;
            try { array = JsonNode.Parse(text)!.AsArray(); }
            catch (JsonException e) { throw new InputException($"{path}: not valid JSON: {e.Message}", e); }
            for (int i = 0; i < array.Count; i++)
                rows.Add((array[i] as JsonObject ?? throw new InputException($"{path}: element {i} is not an object"), i + 1));
        }
        else
        {
            string[] lines = text.Split('\n');
            for (int i = 0; i < lines.Length; i++)
            {
                if (string.IsNullOrWhiteSpace(lines[i])) continue;
                try { rows.Add((JsonNode.Parse(lines[i]) as JsonObject ?? throw new InputException($"{path}:{i + 1}: expected a JSON object"), i + 1)); }
                catch (JsonException e) { throw new InputException($"{path}:{i + 1}: not valid JSON: {e.Message}", e); }
            }
        }
        if (rows.Count == 0) throw new InputException($"{path}: no rows");

        string pf = promptField ?? PromptFields.FirstOrDefault(f => rows[0].Row.ContainsKey(f))
            ?? throw new InputException($"{path}:{rows[0].Line}: no prompt field (looked for {string.Join(", ", PromptFields)}); name it with --prompt-field");
        string rf = referenceField ?? ReferenceFields.FirstOrDefault(f => rows[0].Row.ContainsKey(f))
            ?? throw new InputException($"{path}:{rows[0].Line}: no reference field (looked for {string.Join(", ", ReferenceFields)}); name it with --reference-field");

        var examples = new List<GenerationExample>(rows.Count);
        foreach (var (row, line) in rows)
        {
            string prompt = row[pf] is JsonValue pv && pv.TryGetValue(out string? p) ? p
                : throw new InputException($"{path}:{line}: field '{pf}' must be a string");
            IReadOnlyList<string> refs = row[rf] switch
            {
                JsonValue v when v.TryGetValue(out string? s) => [s],
                JsonArray a when a.Count > 0 => a.Select((x, k) => x is JsonValue xv && xv.TryGetValue(out string? xs) ? xs
                    : throw new InputException($"{path}:{line}: field '{rf}[{k}]' must be a string")).ToList(),
                _ => throw new InputException($"{path}:{line}: field '{rf}' must be a string or a non-empty list of strings"),
            };
            examples.Add(new GenerationExample(examples.Count, prompt, refs));
        }
        return examples;
    }
}
