using System.CommandLine;
using SharpAlign.Models;
using SharpAlign.Models.IO;

namespace SharpAlign.Cli.Commands;

/// <summary><c>sharpalign merge</c>: folds a PEFT LoRA adapter into its base model and writes a plain Hugging Face folder.</summary>
public sealed class MergeCommand : ICliCommand
{
    /// <inheritdoc />
    public Command Create()
    {
        var model = new Option<string>("--model") { Description = "Base model folder.", Required = true };
        var adapter = new Option<string>("--adapter") { Description = "PEFT LoRA adapter folder.", Required = true };
        var output = new Option<string>("--out") { Description = "Output model folder.", Required = true };
        var dtype = new Option<string?>("--dtype") { Description = "Storage dtype f32, bf16 or f16 (default: the base config's dtype)." };
        var cmd = new Command("merge", "Merge a LoRA adapter into its base model (W += scaling·B·A) and save the result.");
        foreach (var o in new Option[] { model, adapter, output, dtype }) cmd.Options.Add(o);
        cmd.SetAction(pr =>
        {
            try
            {
                string modelDir = pr.GetValue(model)!;
                using var lm = CausalLM.Load(modelDir, pr.GetValue(adapter)!);
                var storage = SafetensorsDtypes.ParseStorage(pr.GetValue(dtype) ?? lm.Config.TorchDtype);
                lm.MergeLora();
                lm.SaveFull(pr.GetValue(output)!, storage, sourceDir: modelDir);
                Console.WriteLine($"{{\"out\":\"{pr.GetValue(output)!.Replace("\\", "\\\\").Replace("\"", "\\\"")}\",\"dtype\":\"{storage.TorchName()}\"}}");
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
}
