using SharpAlign.Data.Reading;
using SharpAlign.Data.Schema;
using SharpAlign.Data.Tokenizing;
using SharpAlign.Tests.Tokenization;
using SharpAlign.Tokenization;

namespace SharpAlign.Tests.Data;

/// <summary>
/// The tokenization rule with the real GPT-2 and Llama-2 (llama-spm) tokenizers. Expected ids were
/// looked up by hand in the folders' tokenizer.json vocabularies: Llama "▁Question" 894, ":" 29901,
/// "▁" 29871, "▁Answer" 673, "&lt;s&gt;" 1, "&lt;/s&gt;" 2; GPT-2 "Question" 24361, ":" 25, "Ġ" 220,
/// "ĠAnswer" 23998, "&lt;|endoftext|&gt;" 50256.
/// </summary>
public class RealTokenizerRuleTests
{
    private static readonly RowOrigin Here = new("t.jsonl", 1, 1);

    private static PreferenceExample Pair(string prompt, string chosen, string rejected) => new()
    {
        Origin = Here, Prompt = RowText.FromText(prompt), Chosen = RowText.FromText(chosen), Rejected = RowText.FromText(rejected),
    };

    private static TokenizedExample Ok(PreferenceTokenizer pt, PreferenceExample e) =>
        pt.Tokenize(e).Example ?? throw new Xunit.Sdk.XunitException("unexpected problem");

    [Fact]
    public void LlamaBosOnceEosOnce()
    {
        var pt = new PreferenceTokenizer(TestTokenizers.Llama, null, new());
        var e = Ok(pt, Pair("Question:", " Answer", " Answer</s>"));
        Assert.Equal([1, 894, 29901], e.Prompt);
        Assert.Equal([673, 2], e.Chosen);
        Assert.Equal([673, 2], e.Rejected!);
        Assert.Equal(0, pt.Stats.BoundaryMerges);
        // text already starting with BOS: the tokenizer's own BOS is not doubled
        var pre = Ok(pt, Pair("<s>Question:", " Answer", " No"));
        Assert.Equal(1, pre.Prompt.Count(id => id == 1));
        Assert.Equal(1, pre.Prompt[0]);
        Assert.Equal(1, pt.Stats.DoubledBosRemoved);
    }

    [Fact]
    public void LlamaTextEosAfterAWordIsNotTheEosIdSoTheIdIsAppended()
    {
        // The fact that motivates appending the id: "Answer</s>" keeps "</s>" as text pieces.
        Assert.DoesNotContain(2, TestTokenizers.Llama.Encode("Answer</s>", addSpecialTokens: false));
        var e = Ok(new PreferenceTokenizer(TestTokenizers.Llama, null, new()), Pair("Question:", " Answer</s>", " Other"));
        Assert.Equal([673, 2], e.Chosen);
    }

    [Fact]
    public void LlamaBoundaryMerge()
    {
        // "Question: " alone ends with "▁" (29871); joined with "Answer" the space becomes part of "▁Answer".
        Assert.Equal([1, 894, 29901, 29871], TestTokenizers.Llama.Encode("Question: "));
        var pt = new PreferenceTokenizer(TestTokenizers.Llama, null, new());
        var e = Ok(pt, Pair("Question: ", "Answer", "Answer again"));
        Assert.Equal([1, 894, 29901], e.Prompt);
        Assert.Equal([673, 2], e.Chosen);
        Assert.Equal(673, e.Rejected![0]);
        Assert.Equal(2, e.Rejected[^1]);
        Assert.Equal(1, pt.Stats.BoundaryMerges);
        Assert.Equal(TestTokenizers.Llama.Encode("Question: Answer again"), e.Prompt.Concat(e.Rejected[..^1]).ToArray());
    }

    [Fact]
    public void Gpt2NoBosAndBoundaryMerge()
    {
        var gpt2 = new Gpt2WithDefaultEos(TestTokenizers.Gpt2);
        var pt = new PreferenceTokenizer(gpt2, null, new());
        var e = Ok(pt, Pair("Question: ", "Answer", "Answer<|endoftext|>"));
        Assert.Equal([24361, 25], e.Prompt);
        Assert.Equal([23998, 50256], e.Chosen);
        Assert.Equal([23998, 50256], e.Rejected!);
        Assert.Equal(1, pt.Stats.BoundaryMerges);
        var plain = Ok(pt, Pair("Question:", " Answer", " Other"));
        Assert.Equal([24361, 25], plain.Prompt);
        Assert.Equal([23998, 50256], plain.Chosen);
    }

    [Fact]
    public void LlamaTruncationKeepsBosAndNeverLeavesAnEmptyCompletion()
    {
        var pt = new PreferenceTokenizer(TestTokenizers.Llama, null, new TokenizationOptions { MaxPromptLength = 3, MaxLength = 5 });
        var e = Ok(pt, Pair("The capital of France is", " Paris, of course.", " Lyon"));
        Assert.Equal(3, e.Prompt.Length);
        Assert.Equal(1, e.Prompt[0]);
        Assert.Equal(TestTokenizers.Llama.Encode("The capital of France is")[^2..], e.Prompt[1..]);
        Assert.Equal(2, e.Chosen.Length);
        Assert.Equal(3681, e.Chosen[0]);
        Assert.Equal(2, e.Rejected!.Length);
        Assert.Equal(2, e.Rejected[^1]);
        Assert.Equal(1, pt.Stats.CompletionsTruncated);
    }

    /// <summary>
    /// GPT-2's tokenizer_config.json in the shared folder names no eos_token (the tokenizer then reports none);
    /// transformers' GPT2TokenizerFast defaults it to "&lt;|endoftext|&gt;" (50256). This wrapper supplies that default.
    /// </summary>
    private sealed class Gpt2WithDefaultEos(ITokenizer inner) : ITokenizer
    {
        public int VocabSize => inner.VocabSize;
        public string? BosToken => inner.BosToken;
        public int? BosId => inner.BosId;
        public string? EosToken => inner.EosToken ?? "<|endoftext|>";
        public int? EosId => inner.EosId ?? 50256;
        public int[] Encode(string text, bool addSpecialTokens = true) => inner.Encode(text, addSpecialTokens);
        public string Decode(ReadOnlySpan<int> ids, bool skipSpecialTokens = false) => inner.Decode(ids, skipSpecialTokens);
    }
}
