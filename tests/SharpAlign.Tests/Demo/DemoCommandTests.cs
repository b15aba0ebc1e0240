using System.CommandLine;
using SharpAlign.Cli;
using SharpAlign.Tokenization;

namespace SharpAlign.Tests.Demo;

/// <summary>The <c>tokenizer train</c> and <c>demo</c> commands in process (parsing, files, errors).</summary>
public class DemoCommandTests
{
    private static (int Code, string Out, string Err) Run(params string[] args)
    {
        var output = new StringWriter();
        var error = new StringWriter();
        int code = Program.BuildRoot().Parse(args).Invoke(new InvocationConfiguration { Output = output, Error = error });
        return (code, output.ToString(), error.ToString());
    }

    [Fact]
    public void TokenizerTrainWritesALoadableTokenizerAndRejectsBadInput()
    {
        string dir = Path.Combine(Path.GetTempPath(), "sa-tok-train-" + Guid.NewGuid().ToString("N"));
        try
        {
            Directory.CreateDirectory(dir);
            string corpus = Path.Combine(dir, "corpus.txt");
            var gen = new SharpAlign.Demo.ReviewGenerator(4);
            File.WriteAllLines(corpus, Enumerable.Range(0, 300).Select(_ => gen.Next().Text));
            var (code, output, _) = Run("tokenizer", "train", "--corpus", corpus, "--vocab-size", "330", "--out", Path.Combine(dir, "tok"));
            Assert.Equal(0, code);
            Assert.StartsWith("330 tokens (71 merges)", output);
            var tok = HuggingFaceTokenizer.FromDirectory(Path.Combine(dir, "tok"));
            Assert.Equal(330, tok.VocabSize);
            string text = "the movie was really great .";
            Assert.Equal(text, tok.Decode(tok.Encode(text), skipSpecialTokens: true));

            (code, _, string err) = Run("tokenizer", "train", "--corpus", Path.Combine(dir, "missing.txt"), "--out", Path.Combine(dir, "x"));
            Assert.Equal(2, code);
            Assert.Contains("missing.txt does not exist", err);
            (code, _, err) = Run("tokenizer", "train", "--corpus", corpus, "--vocab-size", "100", "--out", Path.Combine(dir, "x"));
            Assert.Equal(2, code);
            Assert.Contains("below the 259 special and byte tokens", err);
        }
        finally
        {
            if (Directory.Exists(dir)) Directory.Delete(dir, true);
        }
    }

    [Fact]
    public void DemoRejectsUnknownLossesBetasAndSettingsBeforeDoingAnyWork()
    {
        string dir = Path.Combine(Path.GetTempPath(), "sa-demo-bad-" + Guid.NewGuid().ToString("N"));
        var (code, _, err) = Run("demo", "--quick", "--out", dir, "--losses", "sigmoid,bogus");
        Assert.Equal(2, code);
        Assert.Contains("unknown objective 'bogus'", err);
        (code, _, err) = Run("demo", "--quick", "--out", dir, "--betas", "0.1,-1");
        Assert.Equal(2, code);
        Assert.Contains("--betas: '-1' is not a positive number", err);
        (code, _, err) = Run("demo", "--quick", "--out", dir, "--set", "SftSteps=0");
        Assert.Equal(2, code);
        Assert.Contains("SftSteps must be positive", err);
        Assert.False(Directory.Exists(dir));
    }
}
