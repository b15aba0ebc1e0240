namespace SharpAlign.Tests.Tokenization;

/// <summary>
/// Added tokens are split out before the model (tokenizers AddedVocabulary::find_matches):
/// leftmost-longest, single_word, lstrip/rstrip, and matching on raw or normalized text.
/// </summary>
public class AddedTokenTests
{
    private static string Added(int id, string content, bool singleWord = false, bool lstrip = false, bool rstrip = false,
        bool normalized = false, bool special = true) =>
        $$"""{"id":{{id}},"content":"{{content}}","single_word":{{(singleWord ? "true" : "false")}},"lstrip":{{(lstrip ? "true" : "false")}},"rstrip":{{(rstrip ? "true" : "false")}},"normalized":{{(normalized ? "true" : "false")}},"special":{{(special ? "true" : "false")}}}""";

    // Printable ASCII are ids 0..94 (' ' = 0, 'a' = 65…); added tokens from 100.
    private static readonly string[] Chars = TinyTokenizer.AsciiChars();

    private static SharpAlign.Tokenization.HuggingFaceTokenizer WithAdded(params string[] added) =>
        TinyTokenizer.Build(Chars.Concat(Enumerable.Range(0, 10).Select(i => $"<pad{i}>")).ToArray(), addedTokens: string.Join(",", added));

    [Fact]
    public void LongestMatchWinsAtTheLeftmostPosition()
    {
        var t = WithAdded(Added(95, "<a>"), Added(96, "<a><b>"), Added(97, "b>"));
        Assert.Equal(["x", "<a><b>", "y"], t.Pieces("x<a><b>y"));
        Assert.Equal(["<a>", "<", "a", "b>"], t.Pieces("<a><ab>"));
    }

    [Fact]
    public void LstripAndRstripAbsorbWhitespace()
    {
        var plain = WithAdded(Added(95, "<t>"));
        Assert.Equal(["a", " ", "<t>", " ", "b"], plain.Pieces("a <t> b"));
        var both = WithAdded(Added(95, "<t>", lstrip: true, rstrip: true));
        Assert.Equal(["a", "<t>", "b"], both.Pieces("a  \t<t> \n b"));
        var right = WithAdded(Added(95, "<t>", rstrip: true));
        Assert.Equal(["a", " ", "<t>", "b"], right.Pieces("a <t>  b"));
    }

    [Fact]
    public void SingleWordTokensDoNotMatchInsideWords()
    {
        var t = WithAdded(Added(95, "tok", singleWord: true));
        Assert.Equal(["a", " ", "tok", " ", "b"], t.Pieces("a tok b"));
        Assert.Equal(["tok", "!"], t.Pieces("tok!"));
        Assert.Equal(["a", "t", "o", "k"], t.Pieces("atok"));
        Assert.Equal(["t", "o", "k", "s"], t.Pieces("toks"));
    }

    [Fact]
    public void NormalizedTokensMatchTheNormalizedText()
    {
        string lower = """{"type":"Lowercase"}""";
        var normalized = TinyTokenizer.Build(Chars, normalizer: lower, addedTokens: Added(95, "<T>", normalized: true));
        // The token's content is normalized too ("<t>"), and so is the text.
        Assert.Equal(["a", "<T>", "b"], normalized.Pieces("A<T>b"));
        Assert.Equal(["a", "<T>", "b"], normalized.Pieces("a<t>b"));
        var raw = TinyTokenizer.Build(Chars, normalizer: lower, addedTokens: Added(95, "<T>", normalized: false));
        Assert.Equal(["a", "<T>", "b"], raw.Pieces("A<T>b"));
        Assert.Equal(["a", "<", "t", ">", "b"], raw.Pieces("a<t>b"));
    }

    [Fact]
    public void PiecesAroundAddedTokensAreNormalizedSeparately()
    {
        // Prepend "_" runs per piece: the text after a normalized:false token gets its own "_".
        string prepend = """{"type":"Prepend","prepend":"_"}""";
        var t = TinyTokenizer.Build(Chars, normalizer: prepend, addedTokens: Added(95, "<e>", normalized: false));
        Assert.Equal(["_", "a", "<e>", "_", "b"], t.Pieces("a<e>b"));
    }

    [Fact]
    public void Gpt2EndOfTextSplitsTheTextIntoIndependentPieces()
    {
        var g = TestTokenizers.Gpt2;
        int eot = g.TokenToId("<|endoftext|>")!.Value;
        Assert.Equal(50256, eot);
        int[] expected = [.. g.Encode("Hello", false), eot, .. g.Encode(" world", false), eot];
        Assert.Equal(expected, g.Encode("Hello<|endoftext|> world<|endoftext|>", false));
    }

    [Fact]
    public void LlamaSpecialTokensAreMatchedInTheirNormalizedForm()
    {
        // In this tokenizer.json <s> is normalized:true, so the pattern is the normalized "▁<s>":
        // after a space it is found (the ▁ is part of the match), glued to a word it is not.
        var l = TestTokenizers.Llama;
        Assert.Equal([.. l.Encode("Hello", false), 1], l.Encode("Hello <s>", false));
        Assert.DoesNotContain(1, l.Encode("Hi<s>", false));
        Assert.Equal([1, 1], l.Encode("<s>", true));
    }
}
