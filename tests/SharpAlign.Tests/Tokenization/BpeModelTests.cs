using SharpAlign;

namespace SharpAlign.Tests.Tokenization;

/// <summary>
/// The BPE model's rules (tokenizers models/bpe: merge_word and Word::merge_all): lowest rank
/// first, leftmost on ties, unknown characters via byte fallback or unk, subword affixes,
/// ignore_merges.
/// </summary>
public class BpeModelTests
{
    [Fact]
    public void LowestRankMergesFirst()
    {
        // (b,c) has rank 0 and wins over (a,b) rank 1; then (a,bc) rank 2 applies.
        var t = TinyTokenizer.Build(["a", "b", "c", "ab", "bc", "abc"], ["b c", "a b", "a bc"]);
        Assert.Equal(["abc"], t.Pieces("abc"));
        // With (a,b) ranked first the word ends as ab + c: no merge (ab,c) exists.
        var u = TinyTokenizer.Build(["a", "b", "c", "ab", "bc", "abc"], ["a b", "b c", "a bc"]);
        Assert.Equal(["ab", "c"], u.Pieces("abc"));
    }

    [Fact]
    public void EqualRanksMergeLeftmostFirst()
    {
        var t = TinyTokenizer.Build(["a", "aa"], ["a a"]);
        Assert.Equal(["aa", "a"], t.Pieces("aaa"));
        Assert.Equal(["aa", "aa"], t.Pieces("aaaa"));
    }

    [Fact]
    public void MergesAsPairsEqualMergesAsStrings()
    {
        string[] vocab = ["a", "b", "c", "ab", "abc", "a b"];
        var strings = SharpAlign.Tokenization.HuggingFaceTokenizer.FromJson(TinyTokenizer.Json(vocab, ["a b", "ab c"]));
        var pairs = SharpAlign.Tokenization.HuggingFaceTokenizer.FromJson(TinyTokenizer.Json(vocab).Replace("\"merges\":[]", "\"merges\":[[\"a\",\"b\"],[\"ab\",\"c\"]]"));
        Assert.Equal(strings.Encode("abcab", false), pairs.Encode("abcab", false));
        Assert.Equal(["abc", "ab"], pairs.Pieces("abcab"));
        // Only the pair form can hold a token with a space.
        var spaced = SharpAlign.Tokenization.HuggingFaceTokenizer.FromJson(
            TinyTokenizer.Json(["a", " ", "b", "a ", "a b"]).Replace("\"merges\":[]", "\"merges\":[[\"a\",\" \"],[\"a \",\"b\"]]"));
        Assert.Equal(["a b"], spaced.Pieces("a b"));
    }

    [Fact]
    public void ByteFallbackSpellsUnknownCharactersAsUtf8Bytes()
    {
        var tokens = new List<string> { "<unk>", "a" };
        tokens.AddRange(Enumerable.Range(0, 256).Select(b => $"<0x{b:X2}>"));
        var t = TinyTokenizer.Build(tokens.ToArray(), modelExtras: "\"unk_token\":\"<unk>\",\"byte_fallback\":true,\"fuse_unk\":true,");
        // é is C3 A9 in UTF-8; 🦙 is F0 9F A6 99.
        Assert.Equal(["a", "<0xC3>", "<0xA9>", "a"], t.Pieces("aéa"));
        Assert.Equal(["<0xF0>", "<0x9F>", "<0xA6>", "<0x99>"], t.Pieces("🦙"));
    }

    [Fact]
    public void UnknownCharactersUseUnkFusedOrNot()
    {
        var fused = TinyTokenizer.Build(["<unk>", "a"], modelExtras: "\"unk_token\":\"<unk>\",\"fuse_unk\":true,");
        Assert.Equal(["a", "<unk>", "a", "<unk>"], fused.Pieces("axyaz"));
        var separate = TinyTokenizer.Build(["<unk>", "a"], modelExtras: "\"unk_token\":\"<unk>\",\"fuse_unk\":false,");
        Assert.Equal(["a", "<unk>", "<unk>", "a", "<unk>"], separate.Pieces("axyaz"));
        // Without an unk token, unknown characters vanish.
        var none = TinyTokenizer.Build(["a"]);
        Assert.Equal(["a", "a"], none.Pieces("axya"));
    }

    [Fact]
    public void ContinuingSubwordPrefixAndEndOfWordSuffix()
    {
        // Every character but the first carries the prefix; a merge drops the right part's prefix (a + ##b → ab,
        // ##b + ##c → ##bc), as tokenizers' BPE builder forms merged tokens.
        var prefixed = TinyTokenizer.Build(["a", "c", "##b", "##c", "ab", "##bc"], ["a ##b", "##b ##c"], modelExtras: "\"continuing_subword_prefix\":\"##\",");
        Assert.Equal(["ab", "##c"], prefixed.Pieces("abc"));
        Assert.Equal(["c", "##bc"], prefixed.Pieces("cbc"));
        var suffixed = TinyTokenizer.Build(["a", "b", "b</w>", "ab</w>"], ["a b</w>"], modelExtras: "\"end_of_word_suffix\":\"</w>\",");
        Assert.Equal(["ab</w>"], suffixed.Pieces("ab"));
        Assert.Equal(["b", "b</w>"], suffixed.Pieces("bb"));
    }

    [Fact]
    public void IgnoreMergesEmitsWholeWordsFoundInTheVocabulary()
    {
        string[] vocab = ["a", "b", "c", "ab", "abc"];
        var plain = TinyTokenizer.Build(vocab, ["a b"]);
        Assert.Equal(["ab", "c"], plain.Pieces("abc"));
        var ignoring = TinyTokenizer.Build(vocab, ["a b"], modelExtras: "\"ignore_merges\":true,");
        Assert.Equal(["abc"], ignoring.Pieces("abc"));
        Assert.Equal(["ab", "a"], ignoring.Pieces("aba"));
    }

    [Fact]
    public void WordsAreOnlyCutBeforeTheSpaceMarkerWhenNoTokenGluesIt()
    {
        // A vocabulary with "a▁" may merge across the "▁": the whole word must be merged at once.
        var glued = TinyTokenizer.Build(["a", "▁", "b", "a▁", "a▁b"], ["a ▁", "a▁ b"]);
        Assert.Equal(["a▁b", "a▁b"], glued.Pieces("a▁ba▁b"));
        // Without such tokens the cut is invisible: same pieces as merging the whole word.
        var plain = TinyTokenizer.Build(["a", "▁", "b", "▁b", "ab"], ["▁ b", "a b"]);
        Assert.Equal(["a", "▁b", "a", "▁b", "ab"], plain.Pieces("a▁ba▁bab"));
    }

    [Fact]
    public void BadModelsAreRejectedWithTheirLocation()
    {
        var missing = Assert.Throws<InputException>(() => TinyTokenizer.Build(["a", "b"], ["a b"]));
        Assert.Contains("tiny.json", missing.Message);
        Assert.Contains("\"ab\"", missing.Message);
        var dropout = Assert.Throws<InputException>(() => SharpAlign.Tokenization.HuggingFaceTokenizer.FromJson(
            TinyTokenizer.Json(["a"]).Replace("\"dropout\":null", "\"dropout\":0.1")));
        Assert.Contains("dropout", dropout.Message);
        var wordPiece = Assert.Throws<InputException>(() => SharpAlign.Tokenization.HuggingFaceTokenizer.FromJson(
            TinyTokenizer.Json(["a"]).Replace("\"type\":\"BPE\"", "\"type\":\"WordPiece\"")));
        Assert.Contains("WordPiece", wordPiece.Message);
    }
}
