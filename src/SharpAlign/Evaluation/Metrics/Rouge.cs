using System.Runtime.InteropServices;

namespace SharpAlign.Evaluation.Metrics;

/// <summary>
/// ROUGE as Google's rouge-score computes it (rouge/rouge_scorer.py, package 0.1.2), for the types
/// <c>rouge1</c>…<c>rouge9</c>, <c>rougeL</c> and <c>rougeLsum</c>:
/// ROUGE-N: overlap = Σ over target n-grams min(count_target, count_pred), P = overlap/max(#pred,1),
/// R = overlap/max(#target,1). ROUGE-L: LCS of the whole token sequences, P = LCS/|pred|,
/// R = LCS/|target|. ROUGE-Lsum: sentences are the non-empty lines; for each target sentence the
/// union of one LCS (read back from the DP table with upstream's tie rule) with every prediction
/// sentence; hits count each token at most as often as it occurs in both texts; P = hits/|pred|,
/// R = hits/|target|. F = 2PR/(P+R). With several targets (<c>score_multi</c>), each type keeps the
/// target with the highest F (first on ties).
/// </summary>
public sealed class Rouge
{
    private readonly RougeTokenizer _tokenizer;

    /// <summary>Creates the scorer; <paramref name="useStemmer"/> applies NLTK's Porter stemmer to tokens longer than 3 characters.</summary>
    public Rouge(bool useStemmer) => _tokenizer = new RougeTokenizer(useStemmer);

    /// <summary>Throws <see cref="InputException"/> unless <paramref name="rougeType"/> is rouge1–rouge9, rougeL or rougeLsum.</summary>
    public static void ValidateType(string rougeType)
    {
        if (rougeType is "rougeL" or "rougeLsum") return;
        if (rougeType.Length == 6 && rougeType.StartsWith("rouge", StringComparison.Ordinal) && rougeType[5] is >= '1' and <= '9') return;
        throw new InputException($"unknown ROUGE type '{rougeType}'; expected rouge1..rouge9, rougeL or rougeLsum");
    }

    /// <summary>rouge-score's <c>RougeScorer.score(target, prediction)</c> for one type.</summary>
    public RougeScore Score(string rougeType, string target, string prediction)
    {
        ValidateType(rougeType);
        if (rougeType == "rougeLsum")
            return SummaryLevelLcs(Sentences(target), Sentences(prediction));
        var t = _tokenizer.Tokenize(target);
        var p = _tokenizer.Tokenize(prediction);
        if (rougeType == "rougeL") return Lcs(t, p);
        return NGrams(t, p, rougeType[5] - '0');
    }

    /// <summary>rouge-score's <c>score_multi(targets, prediction)</c> for one type: the best-F target's score.</summary>
    public RougeScore ScoreMulti(string rougeType, IReadOnlyList<string> targets, string prediction)
    {
        if (targets.Count == 0) throw new InputException("ROUGE: no target text given");
        RougeScore best = default;
        for (int i = 0; i < targets.Count; i++)
        {
            var s = Score(rougeType, targets[i], prediction);
            if (i == 0 || s.FMeasure > best.FMeasure) best = s;
        }
        return best;
    }

    private List<List<string>> Sentences(string text)
    {
        var sentences = new List<List<string>>();
        foreach (string line in text.Split('\n'))
            if (line.Length > 0) sentences.Add(_tokenizer.Tokenize(line));
        return sentences;
    }

    private static RougeScore NGrams(List<string> target, List<string> prediction, int n)
    {
        var vocab = new TokenVocabulary();
        var tc = NGramCounter.Count(vocab.Encode(target), n);
        var pc = NGramCounter.Count(vocab.Encode(prediction), n);
        long overlap = 0, tTotal = 0, pTotal = 0;
        foreach (var (g, c) in tc)
        {
            tTotal += c;
            if (pc.TryGetValue(g, out int pcount)) overlap += Math.Min(c, pcount);
        }
        foreach (int c in pc.Values) pTotal += c;
        return RougeScore.FromPrecisionRecall((double)overlap / Math.Max(pTotal, 1), (double)overlap / Math.Max(tTotal, 1));
    }

    private static RougeScore Lcs(List<string> target, List<string> prediction)
    {
        if (target.Count == 0 || prediction.Count == 0) return new RougeScore(0, 0, 0);
        var vocab = new TokenVocabulary();
        int[] t = vocab.Encode(target), p = vocab.Encode(prediction);
        int length = LcsLength(t, p);
        return RougeScore.FromPrecisionRecall((double)length / p.Length, (double)length / t.Length);
    }

    private static int LcsLength(int[] a, int[] b)
    {
        var prev = new int[b.Length + 1];
        var cur = new int[b.Length + 1];
        for (int i = 1; i <= a.Length; i++)
        {
            for (int j = 1; j <= b.Length; j++)
                cur[j] = a[i - 1] == b[j - 1] ? prev[j - 1] + 1 : Math.Max(prev[j], cur[j - 1]);
            (prev, cur) = (cur, prev);
        }
        return prev[b.Length];
    }

    /// <summary>Indices into <paramref name="r"/> of one LCS with <paramref name="c"/>, by upstream's back-tracking rule.</summary>
    private static IEnumerable<int> LcsIndices(int[] r, int[] c)
    {
        var table = new int[r.Length + 1, c.Length + 1];
        for (int i = 1; i <= r.Length; i++)
            for (int j = 1; j <= c.Length; j++)
                table[i, j] = r[i - 1] == c[j - 1] ? table[i - 1, j - 1] + 1 : Math.Max(table[i - 1, j], table[i, j - 1]);
        int a = r.Length, b = c.Length;
        while (a > 0 && b > 0)
        {
            if (r[a - 1] == c[b - 1]) { yield return a - 1; a--; b--; }
            else if (table[a, b - 1] > table[a - 1, b]) b--;
            else a--;
        }
    }

    private static RougeScore SummaryLevelLcs(List<List<string>> refSentences, List<List<string>> candSentences)
    {
        if (refSentences.Count == 0 || candSentences.Count == 0) return new RougeScore(0, 0, 0);
        int m = refSentences.Sum(s => s.Count);
        int n = candSentences.Sum(s => s.Count);
        if (m == 0 || n == 0) return new RougeScore(0, 0, 0);

        var vocab = new TokenVocabulary();
        var refs = refSentences.Select(vocab.Encode).ToList();
        var cands = candSentences.Select(vocab.Encode).ToList();
        var refBudget = new Dictionary<int, int>();
        var candBudget = new Dictionary<int, int>();
        foreach (int[] s in refs) foreach (int t in s) CollectionsMarshal.GetValueRefOrAddDefault(refBudget, t, out _)++;
        foreach (int[] s in cands) foreach (int t in s) CollectionsMarshal.GetValueRefOrAddDefault(candBudget, t, out _)++;

        int hits = 0;
        foreach (int[] r in refs)
        {
            var union = new SortedSet<int>();
            foreach (int[] c in cands) union.UnionWith(LcsIndices(r, c));
            foreach (int index in union)
            {
                int token = r[index];
                ref int cb = ref CollectionsMarshal.GetValueRefOrNullRef(candBudget, token);
                ref int rb = ref CollectionsMarshal.GetValueRefOrNullRef(refBudget, token);
                if (!System.Runtime.CompilerServices.Unsafe.IsNullRef(ref cb) && cb > 0 && rb > 0)
                {
                    hits++;
                    cb--;
                    rb--;
                }
            }
        }
        return RougeScore.FromPrecisionRecall((double)hits / n, (double)hits / m);
    }
}
