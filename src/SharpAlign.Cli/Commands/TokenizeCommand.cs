using System.CommandLine;
using System.Text;
using System.Text.Json;
using SharpAlign.Tokenization;

namespace SharpAlign.Cli.Commands;

/// <summary>
/// <c>sharpalign tokenize</c>: ids of one text (<c>--text</c>, printed as a JSON array) or of
/// every line of a JSONL file (<c>--jsonl</c>; each line <c>{"text": …, "add_special_tokens": bool}</c>
/// becomes <c>{"ids": […]}</c>, in order).
/// </summary>
public sealed class TokenizeCommand : ICliCommand
{
    /// <inheritdoc />
    public Command Create()
    {
        var tokenizerOpt = new Option<string>("--tokenizer") { Description = "Folder with tokenizer.json (and tokenizer_config.json).", Required = true };
        var textOpt = new Option<string?>("--text") { Description = "Text to encode; prints its ids as a JSON array." };
        var noSpecialOpt = new Option<bool>("--no-special") { Description = "With --text: do not add special tokens (BOS/EOS from the post-processor)." };
        var jsonlOpt = new Option<string?>("--jsonl") { Description = "JSONL input, one {\"text\": …, \"add_special_tokens\": true|false} per line." };
        var outOpt = new Option<string?>("--out") { Description = "With --jsonl: output file (default: standard output)." };
        var cmd = new Command("tokenize", "Encode text to token ids exactly as the Hugging Face tokenizers library does.");
        cmd.Options.Add(tokenizerOpt);
        cmd.Options.Add(textOpt);
        cmd.Options.Add(noSpecialOpt);
        cmd.Options.Add(jsonlOpt);
        cmd.Options.Add(outOpt);
        cmd.SetAction(pr =>
        {
            string? text = pr.GetValue(textOpt), jsonl = pr.GetValue(jsonlOpt), output = pr.GetValue(outOpt);
            if ((text is null) == (jsonl is null)) throw new InputException("give exactly one of --text or --jsonl");
            if (output is not null && jsonl is null) throw new InputException("--out is only used with --jsonl");
            if (jsonl is not null && pr.GetValue(noSpecialOpt)) throw new InputException("--no-special applies to --text; with --jsonl set \"add_special_tokens\": false per line");
            var tokenizer = HuggingFaceTokenizer.FromDirectory(pr.GetValue(tokenizerOpt)!);
            if (text is not null)
            {
                Console.WriteLine(IdsJson(tokenizer.Encode(text, !pr.GetValue(noSpecialOpt))));
                return 0;
            }
            EncodeFile(tokenizer, jsonl!, output);
            return 0;
        });
        return cmd;
    }

    private static string IdsJson(int[] ids) => "[" + string.Join(",", ids) + "]";

    private static void EncodeFile(HuggingFaceTokenizer tokenizer, string input, string? output)
    {
        if (!File.Exists(input)) throw new InputException($"--jsonl file not found: {input}");
        using var writer = output is null ? new StreamWriter(Console.OpenStandardOutput(), new UTF8Encoding(false)) : new StreamWriter(output, false, new UTF8Encoding(false));
        int lineNo = 0;
        foreach (var line in File.ReadLines(input))
        {
            lineNo++;
            if (line.Trim().Length == 0) continue;
            var (text, addSpecial) = ParseLine(line, input, lineNo);
            writer.Write("{\"ids\":");
            writer.Write(IdsJson(tokenizer.Encode(text, addSpecial)));
            writer.Write("}\n");
        }
    }

    private static (string Text, bool AddSpecial) ParseLine(string line, string file, int lineNo)
    {
        JsonDocument doc;
        try { doc = JsonDocument.Parse(line); }
        catch (JsonException e) { throw new InputException($"{file}:{lineNo}: invalid JSON: {e.Message}"); }
        using (doc)
        {
            var root = doc.RootElement;
            if (root.ValueKind != JsonValueKind.Object) throw new InputException($"{file}:{lineNo}: expected a JSON object");
            if (!root.TryGetProperty("text", out var t) || t.ValueKind != JsonValueKind.String)
                throw new InputException($"{file}:{lineNo}: field \"text\" must be a string");
            bool add = true;
            if (root.TryGetProperty("add_special_tokens", out var a))
                add = a.ValueKind switch
                {
                    JsonValueKind.True => true,
                    JsonValueKind.False => false,
                    _ => throw new InputException($"{file}:{lineNo}: field \"add_special_tokens\" must be true or false"),
                };
            return (t.GetString()!, add);
        }
    }
}
