using System.Diagnostics;

namespace SharpAlign.Tests.Tokenization;

/// <summary>The tokenize/detokenize commands, run as the real executable.</summary>
public class CliTests : IDisposable
{
    private readonly string _dir = Path.Combine(Path.GetTempPath(), "sharpalign-tokcli-" + Guid.NewGuid().ToString("N"));

    public CliTests() => Directory.CreateDirectory(_dir);

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    private static (int Code, string Out, string Err) Run(params string[] args)
    {
        var psi = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        psi.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, "sharpalign.dll"));
        foreach (var a in args) psi.ArgumentList.Add(a);
        using var p = Process.Start(psi)!;
        var stdout = p.StandardOutput.ReadToEndAsync();
        string err = p.StandardError.ReadToEnd();
        p.WaitForExit();
        return (p.ExitCode, stdout.Result, err);
    }

    [Fact]
    public void TokenizeTextPrintsAJsonArray()
    {
        var (code, output, _) = Run("tokenize", "--tokenizer", TestTokenizers.Folder("llama-spm"), "--text", "Hello world");
        Assert.Equal(0, code);
        Assert.Equal("[1,15043,3186]", output.Trim());
        (code, output, _) = Run("tokenize", "--tokenizer", TestTokenizers.Folder("llama-spm"), "--text", "Hello world", "--no-special");
        Assert.Equal("[15043,3186]", output.Trim());
    }

    [Fact]
    public void TokenizeJsonlKeepsOrderAndHonoursAddSpecialTokens()
    {
        string input = Path.Combine(_dir, "in.jsonl"), output = Path.Combine(_dir, "out.jsonl");
        File.WriteAllText(input, "{\"text\":\"Hello world\"}\n{\"text\":\"Hello world\",\"add_special_tokens\":false}\n\n{\"text\":\"\"}\n");
        var (code, _, err) = Run("tokenize", "--tokenizer", TestTokenizers.Folder("llama-spm"), "--jsonl", input, "--out", output);
        Assert.True(code == 0, err);
        Assert.Equal(["{\"ids\":[1,15043,3186]}", "{\"ids\":[15043,3186]}", "{\"ids\":[1]}"], File.ReadAllLines(output));
    }

    [Fact]
    public void DetokenizeDecodes()
    {
        var (code, output, _) = Run("detokenize", "--tokenizer", TestTokenizers.Folder("llama-spm"), "--ids", "1,15043,3186", "--skip-special");
        Assert.Equal(0, code);
        Assert.Equal("Hello world", output.TrimEnd('\n'));
    }

    [Fact]
    public void BadInputGivesAClearErrorAndExitCode2()
    {
        string input = Path.Combine(_dir, "bad.jsonl");
        File.WriteAllText(input, "{\"text\":\"ok\"}\n{\"txt\":\"oops\"}\n");
        var (code, _, err) = Run("tokenize", "--tokenizer", TestTokenizers.Folder("gpt-2"), "--jsonl", input, "--out", Path.Combine(_dir, "o.jsonl"));
        Assert.Equal(2, code);
        Assert.Contains("bad.jsonl:2", err);
        Assert.Contains("\"text\"", err);
        (code, _, err) = Run("detokenize", "--tokenizer", TestTokenizers.Folder("gpt-2"), "--ids", "1,99999");
        Assert.Equal(2, code);
        Assert.Contains("99999", err);
        (code, _, err) = Run("tokenize", "--tokenizer", Path.Combine(_dir, "nowhere"), "--text", "x");
        Assert.Equal(2, code);
        Assert.Contains("nowhere", err);
    }
}
