using System.Text.Json;
using System.Text.Json.Nodes;

namespace SharpAlign.Evaluation.Metrics;

/// <summary>
/// The batch mode behind <c>sharpalign metrics --jsonl</c>: reads one metric vector per line (blank
/// lines skipped; a file holding one JSON array of vectors is accepted too), evaluates each with
/// <see cref="MetricVectorRunner"/> and writes one result object per line, in input order. The
/// vector's <c>id</c>, when present, is echoed so results can be matched up.
/// </summary>
public static class MetricBatch
{
    private static readonly JsonSerializerOptions Compact = new() { WriteIndented = false };

    /// <summary>Processes <paramref name="input"/> into <paramref name="output"/>; returns the number of vectors. <paramref name="sourceName"/> names the input in error messages.</summary>
    public static int Run(TextReader input, TextWriter output, string sourceName)
    {
        string text = input.ReadToEnd();
        int count = 0;
        foreach (var (entry, line) in Entries(text, sourceName))
        {
            JsonObject result;
            try
            {
                result = MetricVectorRunner.Run(entry);
            }
            catch (InputException e)
            {
                throw new InputException($"{sourceName} line {line}: {e.Message}", e);
            }
            var ordered = new JsonObject();
            if (entry["id"] is JsonNode id) ordered["id"] = id.DeepClone();
            foreach (var (key, value) in result) ordered[key] = value?.DeepClone();
            output.WriteLine(ordered.ToJsonString(Compact));
            count++;
        }
        return count;
    }

    private static IEnumerable<(JsonObject Entry, int Line)> Entries(string text, string sourceName)
    {
        string trimmed = text.TrimStart();
        if (trimmed.StartsWith('['))
        {
            JsonArray array;
            try { array = JsonNode.Parse(text)!.AsArray(); }
            catch (JsonException e) { throw new InputException($"{sourceName}: not valid JSON: {e.Message}", e); }
            for (int i = 0; i < array.Count; i++)
                yield return (array[i] as JsonObject ?? throw new InputException($"{sourceName}: element {i} is not a JSON object"), i + 1);
            yield break;
        }
        string[] lines = text.Split('\n');
        for (int i = 0; i < lines.Length; i++)
        {
            if (string.IsNullOrWhiteSpace(lines[i])) continue;
            JsonNode? node;
            try { node = JsonNode.Parse(lines[i]); }
            catch (JsonException e) { throw new InputException($"{sourceName} line {i + 1}: not valid JSON: {e.Message}", e); }
            yield return (node as JsonObject ?? throw new InputException($"{sourceName} line {i + 1}: expected a JSON object"), i + 1);
        }
    }
}
