using System.CommandLine;
using System.Globalization;
using SharpAlign.Tokenization;

namespace SharpAlign.Cli.Commands;

/// <summary><c>sharpalign detokenize</c>: decodes a comma-separated id list with the tokenizer's decoder.</summary>
public sealed class DetokenizeCommand : ICliCommand
{
    /// <inheritdoc />
    public Command Create()
    {
        var tokenizerOpt = new Option<string>("--tokenizer") { Description = "Folder with tokenizer.json.", Required = true };
        var idsOpt = new Option<string>("--ids") { Description = "Token ids, comma-separated (e.g. 1,15043,3186).", Required = true };
        var skipOpt = new Option<bool>("--skip-special") { Description = "Leave out special tokens." };
        var cmd = new Command("detokenize", "Decode token ids back to text as the Hugging Face tokenizers library does.");
        cmd.Options.Add(tokenizerOpt);
        cmd.Options.Add(idsOpt);
        cmd.Options.Add(skipOpt);
        cmd.SetAction(pr =>
        {
            var tokenizer = HuggingFaceTokenizer.FromDirectory(pr.GetValue(tokenizerOpt)!);
            int[] ids = ParseIds(pr.GetValue(idsOpt)!, tokenizer.VocabSize);
            Console.Out.Write(tokenizer.Decode(ids, pr.GetValue(skipOpt)));
            Console.Out.WriteLine();
            return 0;
        });
        return cmd;
    }

    private static int[] ParseIds(string text, int vocabSize)
    {
        var parts = text.Split(',', StringSplitOptions.TrimEntries);
        if (text.Trim().Length == 0) return [];
        var ids = new int[parts.Length];
        for (int i = 0; i < parts.Length; i++)
        {
            if (!int.TryParse(parts[i], NumberStyles.None, CultureInfo.InvariantCulture, out ids[i]))
                throw new InputException($"--ids: item {i + 1} (\"{parts[i]}\") is not a non-negative integer");
            if (ids[i] >= vocabSize)
                throw new InputException($"--ids: id {ids[i]} is out of range (the tokenizer has ids 0..{vocabSize - 1})");
        }
        return ids;
    }
}
