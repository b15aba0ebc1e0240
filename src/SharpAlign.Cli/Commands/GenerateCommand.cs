using System.CommandLine;
using SharpAlign.Models;
using SharpAlign.Models.Generation;

namespace SharpAlign.Cli.Commands;

/// <summary><c>sharpalign generate</c>: continues token-id prompts with the KV-cache generator; one JSON line per prompt.</summary>
public sealed class GenerateCommand : ICliCommand
{
    /// <inheritdoc />
    public Command Create()
    {
        var model = new Option<string>("--model") { Description = "Hugging Face model folder.", Required = true };
        var adapter = new Option<string?>("--adapter") { Description = "PEFT LoRA adapter folder to apply." };
        var prompts = new Option<string[]>("--prompt-ids") { Description = "Comma-separated token ids; repeat the option for a batch of prompts.", Required = true, AllowMultipleArgumentsPerToken = false };
        var maxNew = new Option<int>("--max-new-tokens") { Description = "Tokens to generate at most.", DefaultValueFactory = _ => 32 };
        var temperature = new Option<float>("--temperature") { Description = "0 = greedy; otherwise sample from softmax(logits / T).", DefaultValueFactory = _ => 0f };
        var topK = new Option<int>("--top-k") { Description = "Sample only among the k most likely tokens (0 = off).", DefaultValueFactory = _ => 0 };
        var topP = new Option<float>("--top-p") { Description = "Nucleus sampling threshold (1 = off).", DefaultValueFactory = _ => 1f };
        var seed = new Option<int>("--seed") { Description = "Sampler seed.", DefaultValueFactory = _ => 0 };
        var eos = new Option<string?>("--eos-ids") { Description = "Comma-separated stop ids (default: config.json's eos_token_id; \"none\" disables)." };
        var cmd = new Command("generate", "Generate continuations of token-id prompts.");
        foreach (var o in new Option[] { model, adapter, prompts, maxNew, temperature, topK, topP, seed, eos }) cmd.Options.Add(o);
        cmd.SetAction(pr =>
        {
            try
            {
                var ids = pr.GetValue(prompts)!.Select((p, i) => ParseIds(p, $"--prompt-ids #{i + 1}")).ToArray();
                using var lm = CausalLM.Load(pr.GetValue(model)!, pr.GetValue(adapter));
                string? eosText = pr.GetValue(eos);
                int[] stop = eosText is null ? lm.Config.EosTokenIds : eosText == "none" ? [] : ParseIds(eosText, "--eos-ids");
                var options = new SamplingOptions
                {
                    MaxNewTokens = pr.GetValue(maxNew), Temperature = pr.GetValue(temperature), TopK = pr.GetValue(topK),
                    TopP = pr.GetValue(topP), Seed = pr.GetValue(seed), EosTokenIds = stop,
                };
                var outputs = Generator.Generate(lm, ids, options);
                for (int i = 0; i < ids.Length; i++)
                    Console.WriteLine($"{{\"prompt_ids\":[{string.Join(",", ids[i])}],\"new_ids\":[{string.Join(",", outputs[i])}]}}");
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

    private static int[] ParseIds(string text, string what)
    {
        var parts = text.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries);
        if (parts.Length == 0) throw new InputException($"{what}: no token ids in \"{text}\"");
        return parts.Select(p => int.TryParse(p, out int v) && v >= 0 ? v : throw new InputException($"{what}: \"{p}\" is not a non-negative integer token id")).ToArray();
    }
}
