namespace SharpAlign.Tokenization.PreTokenizers;

/// <summary>What happens to the matched delimiters when a piece is split (tokenizers <c>SplitDelimiterBehavior</c>).</summary>
internal enum SplitBehavior
{
    /// <summary>Matches are dropped.</summary>
    Removed,
    /// <summary>Matches become pieces of their own.</summary>
    Isolated,
    /// <summary>Each match is glued to the piece before it.</summary>
    MergedWithPrevious,
    /// <summary>Each match is glued to the piece after it.</summary>
    MergedWithNext,
    /// <summary>Runs of consecutive matches (and of non-matches) form one piece.</summary>
    Contiguous,
}

/// <summary>Turns a list of matches into pieces according to a <see cref="SplitBehavior"/>.</summary>
internal static class Splitter
{
    /// <summary>Parses the JSON name of a behaviour.</summary>
    public static SplitBehavior Parse(string name) => name switch
    {
        "Removed" => SplitBehavior.Removed,
        "Isolated" => SplitBehavior.Isolated,
        "MergedWithPrevious" => SplitBehavior.MergedWithPrevious,
        "MergedWithNext" => SplitBehavior.MergedWithNext,
        "Contiguous" => SplitBehavior.Contiguous,
        _ => throw new FormatException($"unknown split behavior '{name}' (expected Removed, Isolated, MergedWithPrevious, MergedWithNext or Contiguous)"),
    };

    /// <summary>
    /// Splits <paramref name="piece"/> given its matches (sorted, non-overlapping); with
    /// <paramref name="invert"/> the gaps are treated as the matches.
    /// </summary>
    public static void Apply(PreToken piece, List<(int Start, int Length)> matches, SplitBehavior behavior, bool invert, List<PreToken> output)
    {
        string text = piece.Text;
        // Cover the whole piece with (start, end, isMatch) spans, as tokenizers' Pattern::find_matches does.
        var spans = new List<(int Start, int End, bool IsMatch)>(matches.Count * 2 + 1);
        int prev = 0;
        foreach (var (start, length) in matches)
        {
            if (prev != start) spans.Add((prev, start, invert));
            spans.Add((start, start + length, !invert));
            prev = start + length;
        }
        if (prev != text.Length || spans.Count == 0) spans.Add((prev, text.Length, invert));

        var result = new List<(int Start, int End, bool Remove)>(spans.Count);
        switch (behavior)
        {
            case SplitBehavior.Isolated:
                foreach (var s in spans) result.Add((s.Start, s.End, false));
                break;
            case SplitBehavior.Removed:
                foreach (var s in spans) result.Add((s.Start, s.End, s.IsMatch));
                break;
            case SplitBehavior.Contiguous:
            {
                bool previousMatch = false;
                foreach (var s in spans)
                {
                    if (s.IsMatch == previousMatch && result.Count > 0) result[^1] = (result[^1].Start, s.End, false);
                    else result.Add((s.Start, s.End, false));
                    previousMatch = s.IsMatch;
                }
                break;
            }
            case SplitBehavior.MergedWithPrevious:
            {
                bool previousMatch = false;
                foreach (var s in spans)
                {
                    if (s.IsMatch && !previousMatch && result.Count > 0) result[^1] = (result[^1].Start, s.End, false);
                    else result.Add((s.Start, s.End, false));
                    previousMatch = s.IsMatch;
                }
                break;
            }
            case SplitBehavior.MergedWithNext:
            {
                bool previousMatch = false;
                for (int k = spans.Count - 1; k >= 0; k--)
                {
                    var s = spans[k];
                    if (s.IsMatch && !previousMatch && result.Count > 0) result[^1] = (s.Start, result[^1].End, false);
                    else result.Add((s.Start, s.End, false));
                    previousMatch = s.IsMatch;
                }
                result.Reverse();
                break;
            }
        }
        foreach (var (start, end, remove) in result)
        {
            if (remove || end == start) continue;
            output.Add(new PreToken(start == 0 && end == text.Length ? text : text[start..end], piece.AtStart && start == 0));
        }
    }

    /// <summary>Matches of single code points satisfying <paramref name="predicate"/>, each its own match.</summary>
    public static void CharMatches(string text, Func<int, bool> predicate, List<(int Start, int Length)> matches)
    {
        for (int i = 0; i < text.Length;)
        {
            int len = Text.UnicodeClasses.CodePointAt(text, i, out int cp);
            if (predicate(cp)) matches.Add((i, len));
            i += len;
        }
    }
}
