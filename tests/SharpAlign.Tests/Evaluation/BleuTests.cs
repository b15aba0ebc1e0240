using SharpAlign.Evaluation.Metrics;

namespace SharpAlign.Tests.Evaluation;

/// <summary>sacreBLEU BLEU options, one by one, on cases whose value follows from metrics.md §1 by hand.</summary>
public class BleuTests
{
    private static Bleu Make(string tok = "none", string smooth = "exp", double? value = null, bool eff = false, int order = 4, bool lc = false) =>
        new(new BleuOptions { Tokenize = tok, SmoothMethod = smooth, SmoothValue = value, EffectiveOrder = eff, MaxNgramOrder = order, Lowercase = lc });

    [Fact]
    public void SmoothingMethodsFollowTheirFormulas()
    {
        // hyp "a b c d" vs ref "a b c e": matches [3,2,1,0] of totals [4,3,2,1], equal lengths (BP = 1).
        double Geo(params double[] p) => Math.Exp(p.Select(x => Math.Log(x)).Sum() / p.Length);
        Assert.Equal(Geo(75, 200.0 / 3, 50, 50), Make(smooth: "exp").SentenceScore("a b c d", ["a b c e"]).Score, 12);      // 4th: 100/(2·1)
        Assert.Equal(Geo(75, 200.0 / 3, 50, 10), Make(smooth: "floor").SentenceScore("a b c d", ["a b c e"]).Score, 12);    // 4th: 100·0.1/1
        Assert.Equal(Geo(75, 200.0 / 3, 50, 50), Make(smooth: "floor", value: 0.5).SentenceScore("a b c d", ["a b c e"]).Score, 12);
        Assert.Equal(0.0, Make(smooth: "none").SentenceScore("a b c d", ["a b c e"]).Score);
        // add-k (k=1) on orders ≥ 2: [3,3,2,1]/[4,4,3,2]
        var addk = Make(smooth: "add-k").SentenceScore("a b c d", ["a b c e"]);
        Assert.Equal(Geo(75, 75, 200.0 / 3, 50), addk.Score, 12);
        Assert.Equal([3.0, 3, 2, 1], addk.Counts);
        Assert.Equal([4.0, 4, 3, 2], addk.Totals);
    }

    [Fact]
    public void AddKIsAppliedBeforeTheEmptyOrderStop()
    {
        // One-token hypothesis: totals 2..4 are 0 before smoothing and k after it (metrics.md 1.7 step 3a).
        var s = Make(smooth: "add-k").SentenceScore("a", ["a b"]);
        Assert.Equal([1.0, 1, 1, 1], s.Totals);
        Assert.Equal(Math.Exp(1 - 2.0), s.Score / 100, 12); // all precisions 100, BP = exp(1 − 2/1)
    }

    [Fact]
    public void EffectiveOrderCountsLeadingOrdersWithNGrams()
    {
        Assert.Equal(100.0, Make(eff: true).SentenceScore("a b", ["a b"]).Score, 10);
        Assert.Equal(0.0, Make(eff: false).SentenceScore("a b", ["a b"]).Score);
        // Effective order does not skip orders with zero matches: 2-grams exist but do not match.
        var s = Make(eff: true, smooth: "none").SentenceScore("a b", ["b a"]);
        Assert.Equal(0.0, s.Score);
    }

    [Fact]
    public void AllZeroMatchesGiveZeroBeforeSmoothing()
    {
        foreach (string m in new[] { "exp", "floor", "add-k", "none" })
            Assert.Equal(0.0, Make(smooth: m, eff: true).SentenceScore("x y z", ["a b c"]).Score);
    }

    [Fact]
    public void ClosestReferenceLengthTiesGoToTheShorter()
    {
        var bleu = Make();
        Assert.Equal(2, bleu.SegmentStatistics("a b c", ["a b", "a b c d"]).RefLen);
        Assert.Equal(2, bleu.SegmentStatistics("a b c", ["a b c d", "a b"]).RefLen);
        Assert.Equal(4, bleu.SegmentStatistics("a b c d e", ["a b", "a b c d"]).RefLen);
    }

    [Fact]
    public void ReferenceClipCountsAreTheMaximumOverReferences()
    {
        var st = Make().SegmentStatistics("a a a", ["a b", "a a x"]);
        Assert.Equal(2, st.Correct[0]); // max(1, 2), not 1 + 2
        Assert.Equal(3, st.Total[0]);
    }

    [Fact]
    public void NullReferencesAreDroppedButEmptyOnesCount()
    {
        var bleu = Make();
        Assert.Equal(0, bleu.SegmentStatistics("a", ["", "a b c"]).RefLen);   // '' is a 0-token reference and the closest
        Assert.Equal(3, bleu.SegmentStatistics("a", [null, "a b c"]).RefLen); // null is ignored
        Assert.Throws<InputException>(() => bleu.SegmentStatistics("a", [null]));
    }

    [Fact]
    public void MaxOrderAndLowercaseAreHonoured()
    {
        Assert.Equal(100.0, Make(order: 2).SentenceScore("a b", ["a b"]).Score, 10);
        Assert.Equal(2, Make(order: 2).SentenceScore("a b", ["a b"]).Precisions.Length);
        Assert.Equal(0.0, Make(order: 1).SentenceScore("The", ["the"]).Score);
        Assert.Equal(100.0, Make(order: 1, lc: true).SentenceScore("The", ["the"]).Score, 10);
        // Python lower(): İ becomes i + U+0307, so it matches "i̇" but not "i".
        Assert.Equal(100.0, Make(order: 1, lc: true).SentenceScore("İ", ["i\u0307"]).Score, 10);
    }

    [Fact]
    public void BrevityPenaltyUsesFloatingPointRatio()
    {
        var s = Make(eff: true).SentenceScore("a b", ["a b c"]);
        Assert.Equal(Math.Exp(1 - 3.0 / 2), s.BrevityPenalty, 15);
        Assert.Equal(2.0 / 3, s.Ratio, 15);
    }

    [Fact]
    public void CorpusScoreIsTheScoreOfSummedStatisticsNotAnAverage()
    {
        var bleu = Make(tok: "13a");
        string[] hyps = ["The cat sat on the mat .", "A quick brown fox", "hello"];
        IReadOnlyList<string?>[] refs = [["The cat is on the mat ."], ["The quick brown fox jumps"], ["hello there"]];
        var sum = BleuStatistics.Zero(4);
        foreach (var (h, r) in hyps.Zip(refs)) sum = sum.Add(bleu.SegmentStatistics(h, r));
        var corpus = bleu.CorpusScore(hyps, refs);
        Assert.Equal(bleu.Compute(sum).Score, corpus.Score, 12);
        Assert.Equal(sum.SysLen, corpus.SysLen);
        double meanOfSentences = hyps.Zip(refs).Average(p => bleu.SentenceScore(p.First, p.Second).Score);
        Assert.NotEqual(meanOfSentences, corpus.Score, 6);
        // A corpus of one segment is that segment's sentence score.
        Assert.Equal(bleu.SentenceScore(hyps[0], refs[0]).Score, bleu.CorpusScore([hyps[0]], [refs[0]]).Score, 14);
    }

    [Fact]
    public void SignatureMatchesSacreBleu()
    {
        Assert.Equal("nrefs:1|case:mixed|eff:no|tok:13a|smooth:exp|version:2.6.0", new Bleu(new BleuOptions()).Signature(1).Format());
        Assert.Equal("nrefs:var|case:mixed|eff:no|tok:13a|smooth:floor[0.10]|version:2.6.0",
            new Bleu(new BleuOptions { SmoothMethod = "floor" }).Signature(null).Format());
        Assert.Equal("#:var|c:mixed|e:no|tok:13a|s:floor[0.10]|v:2.6.0",
            new Bleu(new BleuOptions { SmoothMethod = "floor" }).Signature(null).Format(shortForm: true));
        Assert.Equal("nrefs:2|case:lc|eff:yes|tok:intl|smooth:add-k[2.00]|version:2.6.0",
            new Bleu(new BleuOptions { SmoothMethod = "add-k", SmoothValue = 2, Lowercase = true, EffectiveOrder = true, Tokenize = "intl" }).Signature(2).Format());
        Assert.Equal("nrefs:1|case:mixed|eff:no|tok:zh|smooth:none|version:2.6.0",
            new Bleu(new BleuOptions { SmoothMethod = "none", Tokenize = "zh" }).Signature(1).Format());
    }

    [Fact]
    public void FormattedLineMatchesSacreBleusReadme()
    {
        var bleu = new Bleu(new BleuOptions());
        string[] hyps = ["The dog bit the man.", "It wasn't surprising.", "The man had just bitten him."];
        IReadOnlyList<string?>[] refs =
        [
            ["The dog bit the man.", "The dog had bit the man."],
            ["It was not unexpected.", "No one was surprised."],
            ["The man bit him first.", "The man had bitten the dog."],
        ];
        var score = bleu.CorpusScore(hyps, refs);
        Assert.Equal("BLEU|nrefs:2|case:mixed|eff:no|tok:13a|smooth:exp|version:2.6.0 = 48.53 82.4/50.0/45.5/37.5 (BP = 0.943 ratio = 0.944 hyp_len = 17 ref_len = 18)",
            score.Format(bleu.Signature(2).Format()));
    }

    [Fact]
    public void BadOptionsAreRejected()
    {
        Assert.Throws<InputException>(() => new Bleu(new BleuOptions { SmoothMethod = "laplace" }));
        Assert.Throws<InputException>(() => new Bleu(new BleuOptions { Tokenize = "ja-mecab" }));
        Assert.Throws<InputException>(() => new Bleu(new BleuOptions { MaxNgramOrder = 0 }));
    }
}
