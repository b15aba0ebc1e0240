namespace SharpAlign.Tests.Tokenization;

/// <summary>Post-processors add special tokens only when asked to.</summary>
public class PostProcessorTests
{
    private static readonly string[] Vocab = ["<s>", "</s>", "a", "b"];

    [Fact]
    public void TemplateProcessingWrapsTheSequence()
    {
        var t = TinyTokenizer.Build(Vocab, postProcessor: """
            {"type":"TemplateProcessing","single":[{"SpecialToken":{"id":"<s>","type_id":0}},{"Sequence":{"id":"A","type_id":0}},{"SpecialToken":{"id":"</s>","type_id":0}}],
             "pair":[],"special_tokens":{"<s>":{"id":"<s>","ids":[0],"tokens":["<s>"]},"</s>":{"id":"</s>","ids":[1],"tokens":["</s>"]}}}
            """);
        Assert.Equal([0, 2, 3, 1], t.Encode("ab"));
        Assert.Equal([2, 3], t.Encode("ab", addSpecialTokens: false));
        Assert.Equal([0, 1], t.Encode(""));
    }

    [Fact]
    public void SequenceOfByteLevelAndTemplateAsInLlama3()
    {
        var t = TinyTokenizer.Build(Vocab, postProcessor: """
            {"type":"Sequence","processors":[{"type":"ByteLevel","add_prefix_space":true,"trim_offsets":false,"use_regex":true},
             {"type":"TemplateProcessing","single":[{"SpecialToken":{"id":"<s>","type_id":0}},{"Sequence":{"id":"A","type_id":0}}],"pair":[],
              "special_tokens":{"<s>":{"id":"<s>","ids":[0],"tokens":["<s>"]}}}]}
            """);
        Assert.Equal([0, 2], t.Encode("a"));
    }

    [Fact]
    public void RobertaAndBertProcessing()
    {
        var roberta = TinyTokenizer.Build(Vocab, postProcessor: """{"type":"RobertaProcessing","sep":["</s>",1],"cls":["<s>",0],"trim_offsets":true,"add_prefix_space":false}""");
        Assert.Equal([0, 2, 1], roberta.Encode("a"));
        var bert = TinyTokenizer.Build(Vocab, postProcessor: """{"type":"BertProcessing","sep":["</s>",1],"cls":["<s>",0]}""");
        Assert.Equal([0, 3, 1], bert.Encode("b"));
        Assert.Equal([3], bert.Encode("b", false));
    }

    [Fact]
    public void BadTemplatesAreRejected()
    {
        var ex = Assert.Throws<SharpAlign.InputException>(() => TinyTokenizer.Build(Vocab, postProcessor: """
            {"type":"TemplateProcessing","single":[{"SpecialToken":{"id":"<bos>","type_id":0}},{"Sequence":{"id":"A","type_id":0}}],"pair":[],"special_tokens":{}}
            """));
        Assert.Contains("<bos>", ex.Message);
        var unknown = Assert.Throws<SharpAlign.InputException>(() => TinyTokenizer.Build(Vocab, postProcessor: """{"type":"Fancy"}"""));
        Assert.Contains("Fancy", unknown.Message);
    }
}
