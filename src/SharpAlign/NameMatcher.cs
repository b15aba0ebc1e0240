namespace SharpAlign;

/// <summary>Suggests the closest known name for a misspelt one (Levenshtein distance).</summary>
public static class NameMatcher
{
    /// <summary>" — did you mean 'x'?" for the closest candidate, or "" when none is close.</summary>
    public static string Suggest(string given, IEnumerable<string> candidates)
    {
        string? best = Closest(given, candidates);
        return best is null ? "" : $" — did you mean '{best}'?";
    }

    /// <summary>The candidate with the smallest edit distance to <paramref name="given"/>, if within half its length (at least 3 edits allowed).</summary>
    public static string? Closest(string given, IEnumerable<string> candidates)
    {
        string g = given.ToLowerInvariant();
        string? best = null;
        int bestD = int.MaxValue;
        foreach (var c in candidates)
        {
            int d = Distance(g, c.ToLowerInvariant());
            if (d < bestD) { bestD = d; best = c; }
        }
        return bestD <= Math.Max(3, g.Length / 2) ? best : null;
    }

    /// <summary>Levenshtein distance.</summary>
    public static int Distance(string a, string b)
    {
        var prev = new int[b.Length + 1];
        var cur = new int[b.Length + 1];
        for (int j = 0; j <= b.Length; j++) prev[j] = j;
        for (int i = 1; i <= a.Length; i++)
        {
            cur[0] = i;
            for (int j = 1; j <= b.Length; j++)
                cur[j] = Math.Min(Math.Min(cur[j - 1] + 1, prev[j] + 1), prev[j - 1] + (a[i - 1] == b[j - 1] ? 0 : 1));
            (prev, cur) = (cur, prev);
        }
        return prev[b.Length];
    }
}
