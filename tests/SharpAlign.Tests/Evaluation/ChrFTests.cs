using SharpAlign.Evaluation.Metrics;

namespace SharpAlign.Tests.Evaluation;

/// <summary>sacreBLEU chrF / chrF++ options on hand-computable cases (metrics.md §2).</summary>
public class ChrFTests
{
    private static ChrF Make(int c = 6, int w = 0, double beta = 2, bool ws = false, bool eps = false, bool lc = false) =>
        new(new ChrFOptions { CharOrder = c, WordOrder = w, Beta = beta, Whitespace = ws, EpsSmoothing = eps, Lowercase = lc });

    [Fact]
    public void BetaWeighsRecall()
    {
        // char order 1: "ab" vs "abc" → P = 1, R = 2/3.
        Assert.Equal(100 * 5 * (2.0 / 3) / (4 + 2.0 / 3), Make(c: 1).SentenceScore("ab", ["abc"]), 12);
        Assert.Equal(80.0, Make(c: 1, beta: 1).SentenceScore("ab", ["abc"]), 12);
        Assert.Equal(100 * 10 * (2.0 / 3) / (9 + 2.0 / 3), Make(c: 1, beta: 3).SentenceScore("ab", ["abc"]), 12);
    }

    [Fact]
    public void WhitespaceIsRemovedUnlessKept()
    {
        Assert.Equal(100.0, Make().SentenceScore("a b c", ["abc"]), 12);
        Assert.Equal(100.0, Make().SentenceScore("a\u001Fb", ["ab"]), 12);         // Python whitespace includes U+001F
        Assert.True(Make(ws: true).SentenceScore("a b c", ["abc"]) < 100);
        Assert.Equal(100.0, Make(ws: true).SentenceScore("a  b", ["a  b"]), 12);
    }

    [Fact]
    public void CharacterNGramsRunOverCodePoints()
    {
        // "🍕a" vs "🍕b": order 1 → m/h = 1/2, order 2 → 0/1, orders 3–6 have no reference n-grams (skipped).
        Assert.Equal(25.0, Make().SentenceScore("🍕a", ["🍕b"]), 12);
    }

    [Fact]
    public void EpsSmoothingAveragesPerOrderF()
    {
        // beta 3, "aa" vs "ab": order 1 F = 0.5 (P = R = 1/2); orders 2..6 contribute ~1e-16.
        Assert.Equal(100 * 0.5 / 6, Make(beta: 3, eps: true).SentenceScore("aa", ["ab"]), 10);
        Assert.Equal(25.0, Make(beta: 3).SentenceScore("aa", ["ab"]), 10); // effective-order mode: mean P, R over orders 1, 2
    }

    [Fact]
    public void WordNGramsSplitOnePunctuationMark()
    {
        Assert.Equal(["(hi", ")"], ChrF.SplitPunctuation("(hi)"));
        Assert.Equal(["\"world\"", ","], ChrF.SplitPunctuation("\"world\","));
        Assert.Equal(["..", "."], ChrF.SplitPunctuation("..."));
        Assert.Equal(["x", ".", "a", ".", "b"], ChrF.SplitPunctuation("x. a .b"));
        Assert.Equal(["🍕"], ChrF.SplitPunctuation("🍕"));
        // chrF++ (word order 2): "a b" vs "a b" → all 8 orders match.
        Assert.Equal(100.0, Make(w: 2).SentenceScore("a b", ["a b"]), 12);
        // Word orders are averaged with char orders: char order 1 only, word order 1: "ab" vs "ba".
        // char: P = R = 1; word: P = R = 0 → P̄ = R̄ = 1/2 → 50.
        Assert.Equal(50.0, Make(c: 1, w: 1).SentenceScore("ab", ["ba"]), 12);
    }

    [Fact]
    public void BestReferenceStatisticsAreKeptAndCorpusSumsThem()
    {
        var chrf = Make();
        var bestFirst = chrf.SegmentStatistics("abcdef", [null, "abcxyz", "abcdef"]);
        Assert.Equal(chrf.SegmentStatistics("abcdef", ["abcdef"]), bestFirst);
        string[] hyps = ["the cat", "a dog barked", "x"];
        IReadOnlyList<string?>[] refs = [["the cat sat"], ["the dog barked"], ["y"]];
        var sum = new long[3 * chrf.Order];
        foreach (var (h, r) in hyps.Zip(refs))
        {
            var s = chrf.SegmentStatistics(h, r);
            for (int k = 0; k < sum.Length; k++) sum[k] += s[k];
        }
        Assert.Equal(chrf.FScore(sum), chrf.CorpusScore(hyps, refs), 12);
        Assert.Equal(chrf.SentenceScore(hyps[1], refs[1]), chrf.CorpusScore([hyps[1]], [refs[1]]), 14);
    }

    [Fact]
    public void LowercaseUsesPythonLower()
    {
        Assert.Equal(100.0, Make(lc: true).SentenceScore("ΟΔΟΣ", ["οδος"]), 12);
        Assert.True(Make().SentenceScore("ΟΔΟΣ", ["οδος"]) < 1);
    }

    [Fact]
    public void NameAndSignature()
    {
        Assert.Equal("chrF2", Make().Name);
        Assert.Equal("chrF2++", Make(w: 2).Name);
        Assert.Equal("chrF3", Make(beta: 3).Name);
        Assert.Equal("nrefs:1|case:mixed|eff:yes|nc:6|nw:2|space:no|version:2.6.0", Make(w: 2).Signature(1).Format());
        Assert.Equal("nrefs:2|case:lc|eff:no|nc:4|nw:0|space:yes|version:2.6.0", Make(c: 4, ws: true, eps: true, lc: true).Signature(2).Format());
        Assert.Throws<InputException>(() => Make(c: 0, w: 0));
    }
}
