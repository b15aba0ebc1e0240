using System.CommandLine;
using System.Globalization;
using System.Text;
using System.Text.Json;
using SharpAlign.Data;
using SharpAlign.Models;

namespace SharpAlign.Cli.Commands;

/// <summary>
/// <c>sharpalign logps</c>: summed log-probabilities of the chosen and rejected completions of each
/// pair given its prompt, in float32, token ids used exactly as given.
/// </summary>
public sealed class LogpsCommand : ICliCommand
{
    /// <summary>Tokens per forward pass (pairs are packed with prefix sharing up to this budget).</summary>
    private const int TokensPerBatch = 4096;

    /// <inheritdoc />
    public Command Create()
    {
        var model = new Option<string>("--model") { Description = "Hugging Face model folder (config.json + safetensors).", Required = true };
        var adapter = new Option<string?>("--adapter") { Description = "PEFT LoRA adapter folder to apply." };
        var pairs = new Option<string>("--pairs") { Description = "JSONL: {\"prompt_ids\":[…],\"chosen_ids\":[…],\"rejected_ids\":[…]} per line.", Required = true };
        var output = new Option<string>("--out") { Description = "Output JSONL: {\"chosen_logp\",\"rejected_logp\",\"chosen_tokens\",\"rejected_tokens\"} per input line.", Required = true };
        var cmd = new Command("logps", "Sum of completion-token log-probabilities for preference pairs of token ids.");
        foreach (var o in new Option[] { model, adapter, pairs, output }) cmd.Options.Add(o);
        cmd.SetAction(pr =>
        {
            try
            {
                Run(pr.GetValue(model)!, pr.GetValue(adapter), pr.GetValue(pairs)!, pr.GetValue(output)!);
                return 0;
            }
            catch (InputException e)
            {
                Console.Error.WriteLine($"error: {e.Message}");
                return 2;
            }
        });
        return cmd;
    }

    private static void Run(string modelDir, string? adapterDir, string pairsPath, string outPath)
    {
        var rows = ReadPairs(pairsPath);
        using var lm = CausalLM.Load(modelDir, adapterDir);
        for (int i = 0; i < rows.Count; i++)
            foreach (var (field, ids) in new[] { ("prompt_ids", rows[i].Prompt), ("chosen_ids", rows[i].Chosen), ("rejected_ids", rows[i].Rejected) })
                foreach (int id in ids)
                    if ((uint)id >= (uint)lm.VocabSize)
                        throw new InputException($"{pairsPath}:{rows[i].Line}: {field} contains token id {id}, outside the model's vocabulary [0, {lm.VocabSize})");
        var sb = new StringBuilder();
        int next = 0;
        while (next < rows.Count)
        {
            var builder = new PackedBatchBuilder();
            do
            {
                var r = rows[next++];
                builder.AddPair(r.Prompt, r.Chosen, r.Rejected);
            } while (next < rows.Count && builder.TokenCount + rows[next].Tokens <= TokensPerBatch);
            var batch = builder.Build();
            var sums = CausalLM.SequenceSums(batch, lm.Forward(batch, training: false).LogProbs);
            // AddPair appends the chosen then the rejected sequence of each pair, in input order.
            for (int i = 0; i < batch.Sequences.Length; i += 2)
            {
                var (c, r) = (batch.Sequences[i], batch.Sequences[i + 1]);
                sb.Append("{\"chosen_logp\":").Append(F(sums[i])).Append(",\"rejected_logp\":").Append(F(sums[i + 1]))
                  .Append(",\"chosen_tokens\":").Append(c.TokenCount).Append(",\"rejected_tokens\":").Append(r.TokenCount).Append("}\n");
            }
        }
        string? dir = Path.GetDirectoryName(Path.GetFullPath(outPath));
        if (dir is not null) Directory.CreateDirectory(dir);
        File.WriteAllText(outPath, sb.ToString());
    }

    private static string F(float v) => v.ToString("R", CultureInfo.InvariantCulture);

    private sealed record PairRow(int Line, int[] Prompt, int[] Chosen, int[] Rejected)
    {
        public int Tokens => Prompt.Length + Chosen.Length + Rejected.Length;
    }

    private static List<PairRow> ReadPairs(string path)
    {
        if (!File.Exists(path)) throw new InputException($"{path}: file not found");
        var rows = new List<PairRow>();
        int lineNo = 0;
        foreach (var line in File.ReadLines(path))
        {
            lineNo++;
            if (string.IsNullOrWhiteSpace(line)) continue;
            JsonDocument doc;
            try { doc = JsonDocument.Parse(line); }
            catch (JsonException e) { throw new InputException($"{path}:{lineNo}: invalid JSON: {e.Message}"); }
            using (doc)
            {
                if (doc.RootElement.ValueKind != JsonValueKind.Object) throw new InputException($"{path}:{lineNo}: expected a JSON object");
                int[] Ids(string field, bool allowEmpty)
                {
                    if (!doc.RootElement.TryGetProperty(field, out var v)) throw new InputException($"{path}:{lineNo}: field \"{field}\" is missing");
                    if (v.ValueKind != JsonValueKind.Array) throw new InputException($"{path}:{lineNo}: field \"{field}\" must be an array of token ids");
                    var ids = new int[v.GetArrayLength()];
                    int k = 0;
                    foreach (var e in v.EnumerateArray())
                    {
                        if (e.ValueKind != JsonValueKind.Number || !e.TryGetInt32(out int id) || id < 0)
                            throw new InputException($"{path}:{lineNo}: field \"{field}\" element {k} is {e.GetRawText()}, expected a non-negative integer token id");
                        ids[k++] = id;
                    }
                    if (!allowEmpty && ids.Length == 0) throw new InputException($"{path}:{lineNo}: field \"{field}\" is empty");
                    return ids;
                }
                rows.Add(new PairRow(lineNo, Ids("prompt_ids", false), Ids("chosen_ids", false), Ids("rejected_ids", false)));
            }
        }
        return rows;
    }
}
