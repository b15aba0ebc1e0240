using System.Text.Json;
using System.Text.Json.Nodes;

namespace SharpAlign.Evaluation.Generation;

/// <summary>
/// Writes an evaluation run to a folder: <c>predictions.jsonl</c> (one object per example) and
/// <c>summary.json</c> (the corpus numbers and run settings).
/// </summary>
public static class EvalReportWriter
{
    /// <summary>File name of the per-example outputs.</summary>
    public const string PredictionsFile = "predictions.jsonl";

    /// <summary>File name of the summary.</summary>
    public const string SummaryFile = "summary.json";

    private static readonly JsonSerializerOptions Indented = new() { WriteIndented = true };

    /// <summary>Per-example JSON of a generation run.</summary>
    public static JsonObject ToJson(GenerationPrediction p) => new()
    {
        ["index"] = p.Index,
        ["prompt"] = p.Prompt,
        ["references"] = new JsonArray(p.References.Select(r => (JsonNode)JsonValue.Create(r)!).ToArray()),
        ["hypothesis"] = p.Hypothesis,
        ["new_tokens"] = p.NewTokens,
        ["scores"] = new JsonObject(p.Scores.Select(kv => KeyValuePair.Create(kv.Key, (JsonNode?)JsonValue.Create(kv.Value)))),
    };

    /// <summary>Per-pair JSON of a preference run.</summary>
    public static JsonObject ToJson(PairReward r) => new()
    {
        ["index"] = r.Index,
        ["policy_chosen_logp"] = r.PolicyChosen,
        ["policy_rejected_logp"] = r.PolicyRejected,
        ["reference_chosen_logp"] = r.ReferenceChosen,
        ["reference_rejected_logp"] = r.ReferenceRejected,
        ["reward_chosen"] = r.RewardChosen,
        ["reward_rejected"] = r.RewardRejected,
        ["margin"] = r.Margin,
        ["correct"] = r.Correct,
    };

    /// <summary>Writes the per-example lines and the summary into <paramref name="directory"/> (created if needed).</summary>
    public static void Write(string directory, IEnumerable<JsonObject> examples, JsonObject summary)
    {
        Directory.CreateDirectory(directory);
        using (var writer = new StreamWriter(Path.Combine(directory, PredictionsFile)))
            foreach (var e in examples) writer.WriteLine(e.ToJsonString());
        File.WriteAllText(Path.Combine(directory, SummaryFile), summary.ToJsonString(Indented) + "\n");
    }
}
