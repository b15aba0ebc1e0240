using SharpAlign.Evaluation.Metrics;

namespace SharpAlign.Tests.Evaluation;

/// <summary>sacreBLEU TER: shifts, options and aggregation (metrics.md §3).</summary>
public class TerTests
{
    private static Ter Make(bool norm = false, bool noPunct = false, bool asian = false, bool cased = false) =>
        new(new TerOptions { Normalized = norm, NoPunct = noPunct, AsianSupport = asian, CaseSensitive = cased });

    [Fact]
    public void BlockShiftCostsOneEdit()
    {
        Assert.Equal(12.5, Make().SentenceScore("d e f g h a b c", ["a b c d e f g h"]), 12);
        Assert.Equal(0.0, Make().SentenceScore("a b c", ["a b c"]));
        // One substitution and one shift: "b a x" → shift "a" before "b" (1), then x→c (1) = 2 of 3.
        Assert.Equal(200.0 / 3, Make().SentenceScore("b a x", ["a b c"]), 12);
    }

    [Fact]
    public void EditDistanceWithoutShiftsIsLevenshtein()
    {
        var (edits, len) = TranslationEditRate.Compute([1, 2, 3, 4], [1, 3, 4, 5, 6]);
        Assert.Equal(3, edits); // delete 2, insert 5, insert 6
        Assert.Equal(5, len);
        Assert.Equal((2, 0), TranslationEditRate.Compute([1, 2], []));
        Assert.Equal((3, 3), TranslationEditRate.Compute([], [1, 2, 3]));
    }

    [Fact]
    public void CaseAndPunctuationOptions()
    {
        Assert.Equal(0.0, Make().SentenceScore("A b", ["a b"]));
        Assert.Equal(50.0, Make(cased: true).SentenceScore("A b", ["a b"]), 12);
        Assert.Equal(50.0, Make().SentenceScore("a , b", ["a b"]), 12);
        Assert.Equal(0.0, Make(noPunct: true).SentenceScore("a , b!", ["a b"]));
        Assert.Equal(["a", "b"], Make(noPunct: true).Tokens("a \"(b)\""));
    }

    [Fact]
    public void NormalizationSplitsPunctuationAndPossessives()
    {
        Assert.Equal(["john", "'s", "car", ",", "1,000", "and", "2019", "-", "2020", "."], Make(norm: true).Tokens("John's car, 1,000 and 2019-2020."));
        Assert.Equal(0.0, Make(norm: true).SentenceScore("a,b", ["a , b"]));
        Assert.True(Make().SentenceScore("a,b", ["a , b"]) > 0);
        // CJK characters are split only with asian support.
        Assert.Equal(0.0, Make(norm: true, asian: true).SentenceScore("中文。", ["中 文 。"]));
        Assert.True(Make(norm: true).SentenceScore("中文", ["中 文"]) > 0);
        Assert.Equal(["中文"], Make(noPunct: true, asian: true).Tokens("中文。"));
    }

    [Fact]
    public void MultipleReferencesTakeMinimumEditsAndAverageLength()
    {
        var ter = Make();
        Assert.Equal((0.0, 3.0), ter.SegmentStatistics("a b", ["a b", "x y z w"]));
        Assert.Equal((1.0, 1.5), ter.SegmentStatistics("a", ["a b", "c"]));
        Assert.Equal((1.0, 2.0), ter.SegmentStatistics("a", [null, "a b"]));
        Assert.Equal((1.0, 1.0), ter.SegmentStatistics("a", ["", "a b"])); // '' is averaged in, unlike null
    }

    [Fact]
    public void EmptyReferencesAndCorpusAggregation()
    {
        Assert.Equal(100.0, Make().SentenceScore("a b", [""]));
        Assert.Equal(0.0, Make().SentenceScore("", [""]));
        var ter = Make();
        string[] hyps = ["a b c", "x y"];
        IReadOnlyList<string?>[] refs = [["a b d"], ["x y z w"]];
        Assert.Equal(100.0 * (1 + 2) / (3 + 4), ter.CorpusScore(hyps, refs), 12);
    }

    [Fact]
    public void Signature() =>
        Assert.Equal("nrefs:1|case:lc|tok:tercom|norm:no|punct:yes|asian:no|version:2.6.0", Make().Signature(1).Format());
}
