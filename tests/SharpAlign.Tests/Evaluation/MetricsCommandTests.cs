using System.CommandLine;
using System.Text.Json.Nodes;
using SharpAlign.Cli;

namespace SharpAlign.Tests.Evaluation;

/// <summary>The <c>sharpalign metrics</c> command end to end (parsing, files, output), in process.</summary>
public class MetricsCommandTests
{
    private static (int Code, string Out, string Err) Run(params string[] args)
    {
        var output = new StringWriter();
        var error = new StringWriter();
        int code = Program.BuildRoot().Parse(args).Invoke(new InvocationConfiguration { Output = output, Error = error });
        return (code, output.ToString(), error.ToString());
    }

    private static string Temp(string name, string content)
    {
        string dir = Path.Combine(Path.GetTempPath(), "sharpalign-metrics-tests", Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(dir);
        string path = Path.Combine(dir, name);
        File.WriteAllText(path, content);
        return path;
    }

    [Fact]
    public void CorpusBleuPrintsSacreBleusLine()
    {
        string hyp = Temp("hyp.txt", "The dog bit the man.\nIt wasn't surprising.\nThe man had just bitten him.\n");
        string r1 = Temp("r1.txt", "The dog bit the man.\nIt was not unexpected.\nThe man bit him first.\n");
        string r2 = Temp("r2.txt", "The dog had bit the man.\nNo one was surprised.\nThe man had bitten the dog.\n");
        var (code, output, _) = Run("metrics", "bleu", "--hyp", hyp, "--ref", r1, "--ref", r2);
        Assert.Equal(0, code);
        Assert.Equal("BLEU|nrefs:2|case:mixed|eff:no|tok:13a|smooth:exp|version:2.6.0 = 48.53 82.4/50.0/45.5/37.5 (BP = 0.943 ratio = 0.944 hyp_len = 17 ref_len = 18)", output.Trim());
        (code, output, _) = Run("metrics", "chrf", "--hyp", hyp, "--ref", r1, "--ref", r2, "--format", "json");
        Assert.Equal(0, code);
        var json = JsonNode.Parse(output)!;
        Assert.Equal(59.727518, json["score"]!.GetValue<double>(), 5); // sacreBLEU README: chrF2 = 59.73
        Assert.Equal("chrF2|nrefs:2|case:mixed|eff:yes|nc:6|nw:0|space:no|version:2.6.0", json["signature"]!.GetValue<string>());
    }

    [Fact]
    public void BatchModeWritesOneResultPerLineInOrder()
    {
        string input = Temp("in.jsonl",
            "{\"id\":\"a\",\"metric\":\"bleu_sentence\",\"options\":{\"tokenize\":\"13a\",\"lowercase\":false,\"smooth_method\":\"exp\",\"smooth_value\":null,\"effective_order\":true,\"max_ngram_order\":4},\"hyp\":\"a b c\",\"refs\":[\"a b c\"]}\n\n" +
            "{\"metric\":\"tok_13a\",\"hyp\":\"x,y\",\"refs\":null}\n" +
            "{\"metric\":\"porter_stem_nltk\",\"options\":{\"mode\":\"NLTK_EXTENSIONS\"},\"hyp\":\"running\",\"refs\":null}\n" +
            "{\"metric\":\"rouge1\",\"options\":{\"use_stemmer\":false},\"hyp\":\"testing\",\"refs\":[\"testing one two\"]}\n");
        string output = Path.Combine(Path.GetDirectoryName(input)!, "out.jsonl");
        var (code, _, _) = Run("metrics", "--jsonl", input, "--out", output);
        Assert.Equal(0, code);
        var lines = File.ReadAllLines(output);
        Assert.Equal(4, lines.Length);
        var first = JsonNode.Parse(lines[0])!;
        Assert.Equal("a", first["id"]!.GetValue<string>());
        Assert.Equal(100.0, first["score"]!.GetValue<double>(), 10);
        Assert.Equal("x , y", JsonNode.Parse(lines[1])!["tokens"]!.GetValue<string>());
        Assert.Equal("run", JsonNode.Parse(lines[2])!["stem"]!.GetValue<string>());
        Assert.Equal(0.5, JsonNode.Parse(lines[3])!["score"]!["fmeasure"]!.GetValue<double>(), 12);
    }

    [Fact]
    public void BadInputIsAPlainErrorWithExitCode2()
    {
        string hyp = Temp("hyp.txt", "a\nb\n");
        string r = Temp("ref.txt", "a\n");
        var (code, _, err) = Run("metrics", "bleu", "--hyp", hyp, "--ref", r);
        Assert.Equal(2, code);
        Assert.Contains("has 1 lines but --hyp hyp.txt has 2", err);
        string bad = Temp("bad.jsonl", "{\"metric\":\"bleu_sentence\",\"hyp\":\"a\",\"refs\":[\"a\"]}\n{\"metric\":\"nope\"}\n");
        (code, _, err) = Run("metrics", "--jsonl", bad);
        Assert.Equal(2, code);
        Assert.Contains("bad.jsonl line 2: unknown metric 'nope'", err);
        (code, _, err) = Run("metrics", "bleu", "--hyp", r, "--ref", r, "--tokenize", "ja-mecab");
        Assert.Equal(2, code);
        Assert.Contains("needs MeCab", err);
        Assert.DoesNotContain("   at ", err);
    }
}
