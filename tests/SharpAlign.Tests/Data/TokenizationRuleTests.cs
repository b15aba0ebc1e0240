using SharpAlign.Data.Reading;
using SharpAlign.Data.Schema;
using SharpAlign.Data.Tokenizing;

namespace SharpAlign.Tests.Data;

/// <summary>The tokenization rule and truncation, checked with <see cref="FakeWordTokenizer"/> (expected ids written piece by piece).</summary>
public class TokenizationRuleTests
{
    private static readonly RowOrigin Here = new("t.jsonl", 1, 1);

    private static PreferenceExample Pair(string prompt, string chosen, string rejected) => new()
    {
        Origin = Here, Prompt = RowText.FromText(prompt), Chosen = RowText.FromText(chosen), Rejected = RowText.FromText(rejected),
    };

    private static TokenizedExample Ok((TokenizedExample? Example, RowProblem? Problem) r) =>
        r.Example ?? throw new Xunit.Sdk.XunitException("unexpected problem: " + r.Problem!.Message);

    [Fact]
    public void LlamaLikeGetsBosOnceAndEosAppendedOnce()
    {
        var tok = new FakeWordTokenizer(addBos: true);
        var pt = new PreferenceTokenizer(tok, null, new TokenizationOptions());
        var e = Ok(pt.Tokenize(Pair("Hi there", " yes", " no</s>")));
        Assert.Equal(tok.Ids("<s>", "Hi", " there"), e.Prompt);
        Assert.Equal(tok.Ids(" yes", "</s>"), e.Chosen);
        Assert.Equal(tok.Ids(" no", "</s>"), e.Rejected!);
        // a prompt that already carries BOS text does not get a second one
        var pre = Ok(pt.Tokenize(Pair("<s>Hi", " yes", " no")));
        Assert.Equal(tok.Ids("<s>", "Hi"), pre.Prompt);
        Assert.Equal(1, pt.Stats.DoubledBosRemoved);
        Assert.Equal(0, pt.Stats.BoundaryMerges);
    }

    [Fact]
    public void Gpt2LikeGetsNoBos()
    {
        var tok = new FakeWordTokenizer(addBos: false);
        var e = Ok(new PreferenceTokenizer(tok, null, new()).Tokenize(Pair("Hi", " yes", " no")));
        Assert.Equal(tok.Ids("Hi"), e.Prompt);
        Assert.Equal(tok.Ids(" yes", "</s>"), e.Chosen);
    }

    [Fact]
    public void BoundaryMergeShortensTheSharedPromptSoSequencesAreTheJointTokenization()
    {
        var tok = new FakeWordTokenizer(addBos: true);
        var pt = new PreferenceTokenizer(tok, null, new());
        // alone: "<s>" "Q:" " " — joined with "A": "<s>" "Q:" " A"
        var e = Ok(pt.Tokenize(Pair("Q: ", "A", "B")));
        Assert.Equal(tok.Ids("<s>", "Q:"), e.Prompt);
        Assert.Equal(tok.Ids(" A", "</s>"), e.Chosen);
        Assert.Equal(tok.Ids(" B", "</s>"), e.Rejected!);
        Assert.Equal(tok.Encode("Q: A</s>"), e.Prompt.Concat(e.Chosen).ToArray());
        Assert.Equal(1, pt.Stats.BoundaryMerges);
        // merge on one side only: the shared prompt is what both joint sequences start with
        var one = Ok(pt.Tokenize(Pair("Q: ", "A", "\nB")));
        Assert.Equal(tok.Ids("<s>", "Q:"), one.Prompt);
        Assert.Equal(tok.Ids(" ", "\n", "B", "</s>"), one.Rejected!);
        Assert.Equal(tok.Encode("Q: \nB</s>"), one.Prompt.Concat(one.Rejected!).ToArray());
    }

    [Fact]
    public void ConversationsUseTheTemplateWithoutAddedSpecialTokens()
    {
        var tok = new FakeWordTokenizer(addBos: true);
        var pt = new PreferenceTokenizer(tok, new FakeZephyrRenderer(), new());
        var ex = new PreferenceExample
        {
            Origin = Here,
            Prompt = RowText.FromMessages([new ChatMessage("user", "Hi")]),
            Chosen = RowText.FromMessages([new ChatMessage("assistant", "Hello")]),
            Rejected = RowText.FromMessages([new ChatMessage("assistant", "Bye")]),
        };
        var e = Ok(pt.Tokenize(ex));
        Assert.Equal(tok.Ids("<|user|>", "\n", "Hi", "</s>", "\n", "<|assistant|>", "\n"), e.Prompt);
        Assert.Equal(tok.Ids("Hello", "</s>", "\n"), e.Chosen);
        Assert.DoesNotContain(1, e.Prompt);
        Assert.Throws<SharpAlign.InputException>(() => new PreferenceTokenizer(tok, null, new()).Tokenize(ex));
    }

    [Fact]
    public void LegacyRuleTokenizesSeparatelyWithoutBosAndAppendsEosId()
    {
        var tok = new FakeWordTokenizer(addBos: true);
        var pt = new PreferenceTokenizer(tok, null, new TokenizationOptions { Rule = TokenizationRule.TrlLegacySeparate });
        var e = Ok(pt.Tokenize(Pair("Q: ", "A", "B</s>")));
        Assert.Equal(tok.Ids("Q:", " "), e.Prompt);
        Assert.Equal(tok.Ids("A", "</s>"), e.Chosen);
        Assert.Equal(tok.Ids("B", "</s>"), e.Rejected!);
    }

    [Fact]
    public void KeepStartCutsCompletionTailsAndDropsPromptsThatFillMaxLength()
    {
        var tok = new FakeWordTokenizer(addBos: true);
        var pt = new PreferenceTokenizer(tok, null, new TokenizationOptions { MaxLength = 5 });
        var e = Ok(pt.Tokenize(Pair("a b", " c d e", " f")));
        Assert.Equal(tok.Ids("<s>", "a", " b"), e.Prompt);
        Assert.Equal(tok.Ids(" c", " d"), e.Chosen);
        Assert.Equal(tok.Ids(" f", "</s>"), e.Rejected!);
        Assert.Equal(1, pt.Stats.CompletionsTruncated);
        var (_, problem) = pt.Tokenize(Pair("a b c d", " x", " y"));
        Assert.Equal(DropReason.PromptTooLong, problem!.Reason);
    }

    [Fact]
    public void KeepEndCutsThePromptStartButKeepsBos()
    {
        var tok = new FakeWordTokenizer(addBos: true);
        var pt = new PreferenceTokenizer(tok, null, new TokenizationOptions { MaxLength = 6, TruncationMode = TruncationMode.KeepEnd });
        var e = Ok(pt.Tokenize(Pair("a b c d e", " x y", " z")));
        Assert.Equal(tok.Ids("<s>", " d", " e"), e.Prompt);
        Assert.Equal(tok.Ids(" x", " y", "</s>"), e.Chosen);
        var (_, problem) = pt.Tokenize(Pair("a", " 1 2 3 4 5 6", " z"));
        Assert.Equal(DropReason.CompletionTooLong, problem!.Reason);
        Assert.Equal("chosen", problem.Field);
    }

    [Fact]
    public void MaxPromptLengthKeepsLastTokensAndBos_MaxCompletionLengthKeepsFirst()
    {
        var tok = new FakeWordTokenizer(addBos: true);
        var pt = new PreferenceTokenizer(tok, null, new TokenizationOptions { MaxPromptLength = 3, MaxCompletionLength = 2 });
        var e = Ok(pt.Tokenize(Pair("a b c d", " x y z", " w")));
        Assert.Equal(tok.Ids("<s>", " c", " d"), e.Prompt);
        Assert.Equal(tok.Ids(" x", " y"), e.Chosen);
        Assert.Equal(tok.Ids(" w", "</s>"), e.Rejected!);
        Assert.Equal(1, pt.Stats.PromptsTruncated);
    }

    [Fact]
    public void CompletionLeftWhitespaceOnlyByTruncationDropsTheRow()
    {
        var tok = new FakeWordTokenizer(addBos: false);
        var pt = new PreferenceTokenizer(tok, null, new TokenizationOptions { MaxLength = 3 });
        var (_, problem) = pt.Tokenize(Pair("a", "\n\nmore", " fine"));
        Assert.Equal(DropReason.CompletionEmptyAfterTruncation, problem!.Reason);
        Assert.Equal("chosen", problem.Field);
    }

    [Fact]
    public void EmptyPromptWithoutBosIsDropped()
    {
        var tok = new FakeWordTokenizer(addBos: false);
        var (_, problem) = new PreferenceTokenizer(tok, null, new()).Tokenize(Pair("", "A", "B"));
        Assert.Equal(DropReason.EmptyPrompt, problem!.Reason);
        var withBos = Ok(new PreferenceTokenizer(new FakeWordTokenizer(addBos: true), null, new()).Tokenize(Pair("", "A", "B")));
        Assert.Equal([1], withBos.Prompt);
    }

    [Fact]
    public void PreTokenizedRowsAreUsedAsIsAndIdsChecked()
    {
        var ex = new PreferenceExample { Origin = Here, PromptIds = [1, 5], ChosenIds = [6, 2], RejectedIds = [7, 2] };
        var e = Ok(new PreferenceTokenizer(null, null, new()).Tokenize(ex));
        Assert.Equal([1, 5], e.Prompt);
        var far = new PreferenceExample { Origin = Here, PromptIds = [1, 5], ChosenIds = [6, 5000], RejectedIds = [7, 2] };
        var (_, problem) = new PreferenceTokenizer(new FakeWordTokenizer(true), null, new()).Tokenize(far);
        Assert.Equal(DropReason.TokenIdOutOfRange, problem!.Reason);
        Assert.Equal("chosen_input_ids", problem.Field);
    }

    [Fact]
    public void UnpairedAndBestResponse()
    {
        var tok = new FakeWordTokenizer(addBos: true);
        var pt = new PreferenceTokenizer(tok, null, new());
        var u = Ok(pt.Tokenize(new PreferenceExample { Origin = Here, Prompt = RowText.FromText("Q"), Completion = RowText.FromText(" a"), Label = false }));
        Assert.False(u.IsPair);
        Assert.Equal(tok.Ids(" a", "</s>"), u.Chosen);
        Assert.Equal(false, u.Label);
        var b = Ok(pt.Tokenize(new PreferenceExample
        {
            Origin = Here, Prompt = RowText.FromText("Q"), Chosen = RowText.FromText(" a"), Rejected = RowText.FromText(" b"),
            BestResponse = RowText.FromText(" best"), Weight = 0.25,
        }));
        Assert.Equal(tok.Ids(" best", "</s>"), b.BestResponse!);
        Assert.Equal(0.25, b.Weight);
    }

    [Theory]
    [InlineData(1, null, null)]
    [InlineData(10, 10, null)]
    [InlineData(10, null, 0)]
    public void BadOptionsAreRefused(int maxLength, int? maxPrompt, int? maxCompletion) =>
        Assert.Throws<SharpAlign.InputException>(() => new TokenizationOptions { MaxLength = maxLength, MaxPromptLength = maxPrompt, MaxCompletionLength = maxCompletion }.Validate());
}
