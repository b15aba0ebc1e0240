namespace SharpAlign.Evaluation.Metrics;

/// <summary>
/// The TER edit count of one hypothesis against one reference, as sacreBLEU's lib_ter.py computes it
/// (a near-exact port of TERCOM): greedily apply the block shift that lowers the word-level
/// Levenshtein distance most, until none helps, then edits = shifts + remaining distance.
/// Shift candidates: hypothesis spans equal to a reference span (length ≤ 10, start positions at
/// most 50 apart) where the hypothesis span has an error, the reference span has an error and the
/// span is not already aligned into itself; each is tried at the positions after the aligned
/// hypothesis words of the reference span (and at 0). Candidates rank by (distance reduction, length,
/// earliest start, earliest target). The search stops for good once 1000 candidates have been
/// evaluated (the shift of that round is then discarded, as upstream). The Levenshtein distance runs
/// in a beam of 25 around the length-ratio diagonal, with TERCOM's operation preference.
/// </summary>
public static class TranslationEditRate
{
    private const int MaxShiftSize = 10;
    private const int MaxShiftDist = 50;
    private const int MaxShiftCandidates = 1000;

    /// <summary>(edits, reference length) for token-id sequences; an empty reference gives (hypothesis length, 0).</summary>
    public static (int Edits, int RefLength) Compute(int[] hypothesis, int[] reference)
    {
        if (reference.Length == 0) return (hypothesis.Length, 0);
        var distance = new BeamEditDistance(reference, hypothesis.Length);
        int shifts = 0;
        int checkedCandidates = 0;
        int[] words = hypothesis;
        while (true)
        {
            var (delta, shifted) = BestShift(words, reference, distance, ref checkedCandidates);
            if (checkedCandidates >= MaxShiftCandidates) break;
            if (delta <= 0) break;
            shifts++;
            words = shifted;
        }
        return (shifts + distance.Distance(words, out _), reference.Length);
    }

    private static (int Delta, int[] Words) BestShift(int[] words, int[] reference, BeamEditDistance distance, ref int checkedCandidates)
    {
        int preScore = distance.Distance(words, out char[] trace);
        var (align, refErr, hypErr) = Alignment(trace, words.Length, reference.Length);

        bool found = false;
        int bestDelta = 0, bestLength = 0, bestStart = 0, bestTarget = 0;
        int[] bestWords = words;
        for (int startH = 0; startH < words.Length; startH++)
        {
            for (int startR = 0; startR < reference.Length; startR++)
            {
                if (Math.Abs(startR - startH) > MaxShiftDist) continue;
                int length = 0;
                while (words[startH + length] == reference[startR + length] && length < MaxShiftSize)
                {
                    length++;
                    if (HasError(hypErr, startH, length) && HasError(refErr, startR, length)
                        && !(startH <= align[startR] && align[startR] < startH + length))
                    {
                        int prevIdx = -1;
                        for (int offset = -1; offset < length; offset++)
                        {
                            int idx = startR + offset == -1 ? 0 : align[startR + offset] + 1;
                            if (idx == prevIdx) continue;
                            prevIdx = idx;
                            int[] shifted = PerformShift(words, startH, length, idx);
                            int delta = preScore - distance.Distance(shifted, out _);
                            checkedCandidates++;
                            if (!found || Better(delta, length, startH, idx, bestDelta, bestLength, bestStart, bestTarget))
                            {
                                found = true;
                                (bestDelta, bestLength, bestStart, bestTarget, bestWords) = (delta, length, startH, idx, shifted);
                            }
                        }
                        if (checkedCandidates >= MaxShiftCandidates) return found ? (bestDelta, bestWords) : (0, words);
                    }
                    if (words.Length == startH + length || reference.Length == startR + length) break;
                }
            }
        }
        return found ? (bestDelta, bestWords) : (0, words);
    }

    /// <summary>Upstream's tuple order: (delta, length, −start, −target) compared lexicographically.</summary>
    private static bool Better(int delta, int length, int start, int target, int bDelta, int bLength, int bStart, int bTarget)
    {
        if (delta != bDelta) return delta > bDelta;
        if (length != bLength) return length > bLength;
        if (start != bStart) return start < bStart;
        return target < bTarget;
    }

    private static bool HasError(int[] errors, int start, int length)
    {
        int end = Math.Min(errors.Length, start + length);
        for (int i = start; i < end; i++) if (errors[i] != 0) return true;
        return false;
    }

    /// <summary>
    /// Reads the edit trace as a recipe for rewriting the reference into the hypothesis (insertions and
    /// deletions swapped): align[ref position] = hypothesis position, and per-position error flags.
    /// </summary>
    private static (int[] Align, int[] RefErr, int[] HypErr) Alignment(char[] trace, int hypLength, int refLength)
    {
        int posHyp = -1, posRef = -1;
        var align = new int[refLength];
        var refErr = new int[refLength];
        var hypErr = new int[hypLength];
        int h = 0, r = 0;
        foreach (char op in trace)
        {
            switch (op)
            {
                case BeamEditDistance.OpNop:
                case BeamEditDistance.OpSub:
                    int err = op == BeamEditDistance.OpSub ? 1 : 0;
                    posHyp++; posRef++;
                    align[posRef] = posHyp;
                    hypErr[h++] = err;
                    refErr[r++] = err;
                    break;
                case BeamEditDistance.OpDel: // consumed a hypothesis word: an insertion when rewriting reference → hypothesis
                    posHyp++;
                    hypErr[h++] = 1;
                    break;
                case BeamEditDistance.OpIns: // consumed a reference word: a deletion when rewriting reference → hypothesis
                    posRef++;
                    align[posRef] = posHyp;
                    refErr[r++] = 1;
                    break;
            }
        }
        return (align, refErr, hypErr);
    }

    /// <summary>Moves words[start, start+length) to before position <paramref name="target"/> (upstream's three cases, Python slice clamping).</summary>
    private static int[] PerformShift(int[] words, int start, int length, int target)
    {
        var result = new List<int>(words.Length);
        if (target < start)
        {
            Append(result, words, 0, target);
            Append(result, words, start, start + length);
            Append(result, words, target, start);
            Append(result, words, start + length, words.Length);
        }
        else if (target > start + length)
        {
            Append(result, words, 0, start);
            Append(result, words, start + length, target);
            Append(result, words, start, start + length);
            Append(result, words, target, words.Length);
        }
        else
        {
            Append(result, words, 0, start);
            Append(result, words, start + length, length + target);
            Append(result, words, start, start + length);
            Append(result, words, length + target, words.Length);
        }
        return result.ToArray();
    }

    private static void Append(List<int> to, int[] from, int begin, int end)
    {
        begin = Math.Clamp(begin, 0, from.Length);
        end = Math.Clamp(end, 0, from.Length);
        for (int i = begin; i < end; i++) to.Add(from[i]);
    }
}
