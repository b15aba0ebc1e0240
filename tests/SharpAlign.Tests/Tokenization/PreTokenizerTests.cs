using SharpAlign.Tokenization.PreTokenizers;
using SharpAlign.Tokenization.Text;

namespace SharpAlign.Tests.Tokenization;

/// <summary>
/// Pre-tokenizers, with expectations from the behaviour documented for the Hugging Face
/// tokenizers library (its docs' SplitDelimiterBehavior example, its pre-tokenizer test strings).
/// </summary>
public class PreTokenizerTests
{
    private static string[] Split(IPreTokenizer p, string text, bool atStart = true)
    {
        var output = new List<PreToken>();
        p.Split(new PreToken(text, atStart), output);
        return output.Select(x => x.Text).ToArray();
    }

    [Theory]
    [InlineData("Removed", new[] { "the", "final", "countdown" })]
    [InlineData("Isolated", new[] { "the", "-", "final", "-", "-", "countdown" })]
    [InlineData("MergedWithPrevious", new[] { "the-", "final-", "-", "countdown" })]
    [InlineData("MergedWithNext", new[] { "the", "-final", "-", "-countdown" })]
    [InlineData("Contiguous", new[] { "the", "-", "final", "--", "countdown" })]
    public void SplitBehaviours(string behavior, string[] expected)
    {
        var p = new SplitPreTokenizer(UnicodeRegex.ForLiteral("-"), Splitter.Parse(behavior), invert: false);
        Assert.Equal(expected, Split(p, "the-final--countdown"));
    }

    [Fact]
    public void SplitInvertKeepsTheMatches()
    {
        var p = new SplitPreTokenizer(new UnicodeRegex(@"\w+"), SplitBehavior.Removed, invert: true);
        Assert.Equal(["Hey", "you", "\U0001D400\U0001D401"], Split(p, "Hey, you! \U0001D400\U0001D401?"));
    }

    [Fact]
    public void ByteLevelSplitsWithTheGpt2RegexAndMapsBytes()
    {
        var p = new ByteLevelPreTokenizer(addPrefixSpace: false, useRegex: true);
        Assert.Equal(["Hello", "Ġmy", "Ġfriend", ",", "Ġhow", "Ġis", "Ġyour", "Ġday", "Ġgoing", "?"],
            Split(p, "Hello my friend, how is your day going?"));
        Assert.Equal(["Hello", "Ġthere", "ĠĠĠĠĠĠ", "Ġdear"], Split(p, "Hello there       dear"));
        Assert.Equal(["Hello", "Ġthere", "Ċ", "Hello", "Ġthere"], Split(p, "Hello there\nHello there"));
        // ⭢ is E2 AD A2: three byte characters.
        Assert.Equal(["i", "âŃ¢", "j"], Split(p, "i⭢j"));
        var prefixed = new ByteLevelPreTokenizer(addPrefixSpace: true, useRegex: true);
        Assert.Equal(["ĠHello", "Ġmy"], Split(prefixed, "Hello my"));
        Assert.Equal(["ĠHello", "Ġmy"], Split(prefixed, " Hello my"));
        var noRegex = new ByteLevelPreTokenizer(addPrefixSpace: false, useRegex: false);
        Assert.Equal(["HelloĠmyĊ"], Split(noRegex, "Hello my\n"));
    }

    [Fact]
    public void MetaspaceReplacesPrependsAndSplits()
    {
        var always = new MetaspacePreTokenizer('▁', PrependScheme.Always, split: true);
        Assert.Equal(["▁Hey", "▁friend!"], Split(always, "Hey friend!"));
        Assert.Equal(["▁Hey", "▁", "▁", "▁friend!"], Split(always, "Hey   friend!"));
        Assert.Equal(["▁Hey"], Split(always, "Hey", atStart: false));
        var first = new MetaspacePreTokenizer('▁', PrependScheme.First, split: false);
        Assert.Equal(["▁Hey▁friend!"], Split(first, "Hey friend!"));
        Assert.Equal(["Hey▁friend!"], Split(first, "Hey friend!", atStart: false));
        var never = new MetaspacePreTokenizer('▁', PrependScheme.Never, split: true);
        Assert.Equal(["Hey", "▁friend!"], Split(never, "Hey friend!"));
    }

    [Fact]
    public void DigitsIndividuallyOrInRuns()
    {
        Assert.Equal(["Call ", "1", "2", "3", " please"], Split(CharClassPreTokenizer.Digits(true), "Call 123 please"));
        Assert.Equal(["Call ", "123", " please"], Split(CharClassPreTokenizer.Digits(false), "Call 123 please"));
        // Numeric categories beyond ASCII, astral included: ½ (No), 𝟙 (Nd, U+1D7D9).
        Assert.Equal(["a", "½", "𝟙", "b"], Split(CharClassPreTokenizer.Digits(true), "a½𝟙b"));
    }

    [Fact]
    public void PunctuationIsolatesEachCharacter()
    {
        Assert.Equal(["Hey friend", "!", "     How are you", "?", "!", "?"],
            Split(CharClassPreTokenizer.Punctuation(SplitBehavior.Isolated), "Hey friend!     How are you?!?"));
        // ASCII symbols count as punctuation too ($ is Sc).
        Assert.Equal(["a", "$", "b"], Split(CharClassPreTokenizer.Punctuation(SplitBehavior.Isolated), "a$b"));
    }

    [Fact]
    public void WhitespaceAndWhitespaceSplit()
    {
        var ws = new WhitespacePreTokenizer();
        Assert.Equal(["Hey", "man", "!"], Split(ws, "Hey man!"));
        Assert.Equal(["How", "are", "you", "doing", "?"], Split(ws, "How are you doing?"));
        Assert.Empty(Split(ws, "\n"));
        Assert.Equal(["Hey,", "man,", "Good?"], Split(CharClassPreTokenizer.WhitespaceSplit(), "Hey, man, Good?"));
    }

    [Fact]
    public void SequenceAppliesEachStepToEveryPiece()
    {
        var seq = new SequencePreTokenizer([CharClassPreTokenizer.Digits(true), new ByteLevelPreTokenizer(false, true)]);
        Assert.Equal(["Call", "Ġ", "1", "2", "Ġnow"], Split(seq, "Call 12 now"));
    }

    [Fact]
    public void FirstSchemeSeesOnlyTheTextPieceAtOffsetZero()
    {
        // A normalized:false special token before the text: the text after it is not at offset 0,
        // so Metaspace(prepend_scheme "first") adds no ▁ there.
        string[] vocab = ["▁", "H", "i", "Hi", "▁Hi", "<sep>"];
        var t = TinyTokenizer.Build(vocab, ["H i", "▁ Hi"],
            preTokenizer: """{"type":"Metaspace","replacement":"▁","prepend_scheme":"first","split":false}""",
            addedTokens: """{"id":5,"content":"<sep>","single_word":false,"lstrip":false,"rstrip":false,"normalized":false,"special":true}""");
        Assert.Equal(["▁Hi", "<sep>", "Hi"], t.Pieces("Hi<sep>Hi"));
        Assert.Equal(["<sep>", "Hi"], t.Pieces("<sep>Hi"));
    }

    [Fact]
    public void UnknownPreTokenizerIsRejected()
    {
        var ex = Assert.Throws<SharpAlign.InputException>(() => TinyTokenizer.Build(["a"], preTokenizer: """{"type":"UnicodeScripts"}"""));
        Assert.Contains("UnicodeScripts", ex.Message);
        Assert.Contains("pre_tokenizer", ex.Message);
        var badRegex = Assert.Throws<SharpAlign.InputException>(() => TinyTokenizer.Build(["a"],
            preTokenizer: """{"type":"Split","pattern":{"Regex":"\\p{Han}+"},"behavior":"Isolated","invert":false}"""));
        Assert.Contains("Han", badRegex.Message);
    }
}
