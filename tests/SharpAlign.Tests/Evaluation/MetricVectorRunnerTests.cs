using System.Text.Json.Nodes;
using SharpAlign.Evaluation.Metrics;

namespace SharpAlign.Tests.Evaluation;

/// <summary>Result shapes of the batch runner beyond the score (name, signature, formatted line, errors).</summary>
public class MetricVectorRunnerTests
{
    private const string ReadmeRefs = "[[\"The dog bit the man.\",\"The dog had bit the man.\"],[\"It was not unexpected.\",\"No one was surprised.\"],[\"The man bit him first.\",\"The man had bitten the dog.\"]]";
    private const string ReadmeHyps = "[\"The dog bit the man.\",\"It wasn't surprising.\",\"The man had just bitten him.\"]";

    private static JsonObject Run(string json) => MetricVectorRunner.Run(JsonNode.Parse(json)!.AsObject());

    [Fact]
    public void BleuCarriesSacreBleusSignatureAndPrintedLine()
    {
        var r = Run($"{{\"metric\":\"bleu_corpus\",\"options\":{{}},\"hyp\":{ReadmeHyps},\"refs\":{ReadmeRefs}}}");
        Assert.Equal("nrefs:2|case:mixed|eff:no|tok:13a|smooth:exp|version:2.6.0", r["signature"]!.GetValue<string>());
        Assert.Equal("BLEU = 48.53 82.4/50.0/45.5/37.5 (BP = 0.943 ratio = 0.944 hyp_len = 17 ref_len = 18)", r["formatted"]!.GetValue<string>());
        Assert.Equal(17, r["details"]!["sys_len"]!.GetValue<long>());
    }

    [Fact]
    public void ChrFAndTerCarryNameAndSignature()
    {
        var c = Run($"{{\"metric\":\"chrfpp_corpus\",\"options\":{{}},\"hyp\":{ReadmeHyps},\"refs\":{ReadmeRefs}}}");
        Assert.Equal("chrF2++", c["name"]!.GetValue<string>());
        Assert.Equal("nrefs:2|case:mixed|eff:yes|nc:6|nw:2|space:no|version:2.6.0", c["signature"]!.GetValue<string>());
        var t = Run("{\"metric\":\"ter_corpus\",\"options\":{\"case_sensitive\":true},\"hyp\":[\"a\"],\"refs\":[[\"a\", null]]}");
        Assert.Equal("nrefs:1|case:mixed|tok:tercom|norm:no|punct:yes|asian:no|version:2.6.0", t["signature"]!.GetValue<string>());
        Assert.Equal("TER = 0.00", t["formatted"]!.GetValue<string>());
    }

    [Fact]
    public void NullReferencesMakeNrefsVariable()
    {
        var r = Run("{\"metric\":\"bleu_corpus\",\"options\":{},\"hyp\":[\"a\",\"b\"],\"refs\":[[\"a\",null],[\"b\",\"c\"]]}");
        Assert.StartsWith("nrefs:var|", r["signature"]!.GetValue<string>());
        r = Run("{\"metric\":\"bleu_corpus\",\"options\":{},\"hyp\":[\"a\",\"b\"],\"refs\":[[\"a\",\"\"],[\"b\",\"c\"]]}");
        Assert.StartsWith("nrefs:2|", r["signature"]!.GetValue<string>());
    }

    [Fact]
    public void BadVectorsNameTheField()
    {
        Assert.Contains("score_multi", Assert.Throws<InputException>(() => Run("{\"metric\":\"rouge1\",\"options\":{},\"hyp\":\"a\",\"refs\":[\"a\",\"b\"]}")).Message);
        Assert.Contains("Punkt", Assert.Throws<InputException>(() => Run("{\"metric\":\"rougeLsum\",\"options\":{\"split_summaries\":true},\"hyp\":\"a\",\"refs\":[\"a\"]}")).Message);
        Assert.Contains("TypeError", Assert.Throws<InputException>(() => Run("{\"metric\":\"meteor_nltk\",\"options\":{},\"hyp\":\"a b\",\"refs\":[[\"a\"]]}")).Message);
        Assert.Contains("options.beta", Assert.Throws<InputException>(() => Run("{\"metric\":\"chrf_sentence\",\"options\":{\"beta\":\"x\"},\"hyp\":\"a\",\"refs\":[\"a\"]}")).Message);
        Assert.Contains("refs[0]", Assert.Throws<InputException>(() => Run("{\"metric\":\"bleu_corpus\",\"options\":{},\"hyp\":[\"a\"],\"refs\":[\"a\"]}")).Message);
    }
}
