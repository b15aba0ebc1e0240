namespace SharpAlign.Tokenization.Text;

/// <summary>
/// Hand-written matcher equivalent to <see cref="PatternMatchers.Gpt2"/>
/// (<c>'s|'t|'re|'ve|'m|'ll|'d| ?\p{L}+| ?\p{N}+| ?[^\s\p{L}\p{N}]+|\s+(?!\S)|\s+</c>) under
/// backtracking leftmost-first semantics, on code points. Every position starts a match, so the
/// matches tile the text.
/// </summary>
internal sealed class Gpt2Scanner : IPatternMatcher
{
    /// <summary>The single instance (the scanner has no state).</summary>
    public static readonly Gpt2Scanner Instance = new();

    /// <inheritdoc />
    public void FindAll(ReadOnlySpan<char> text, List<(int Start, int Length)> matches)
    {
        int i = 0;
        while (i < text.Length)
        {
            int end = MatchAt(text, i);
            matches.Add((i, end - i));
            i = end;
        }
    }

    private static int MatchAt(ReadOnlySpan<char> s, int i)
    {
        int n = s.Length;
        char c0 = s[i];
        if (c0 == '\'' && i + 1 < n)
        {
            char c1 = s[i + 1];
            if (c1 is 's' or 't' or 'm' or 'd') return i + 2;
            if (i + 2 < n)
            {
                char c2 = s[i + 2];
                if ((c1 == 'r' && c2 == 'e') || (c1 == 'v' && c2 == 'e') || (c1 == 'l' && c2 == 'l')) return i + 3;
            }
        }
        var k0 = CharKinds.At(s, i, out int len0);
        if (c0 == ' ' && i + 1 < n)
        {
            // " ?X+" with the optional space taken: letters, numbers or other symbols after it.
            var k1 = CharKinds.At(s, i + 1, out _);
            if (k1 != CharKind.Space) return CharKinds.RunEnd(s, i + 1, k1);
        }
        if (k0 != CharKind.Space) return CharKinds.RunEnd(s, i, k0);
        // \s+(?!\S) then \s+: a whitespace run followed by a non-space leaves its last code point
        // to the next match, unless the run is a single code point.
        int end = CharKinds.RunEnd(s, i, CharKind.Space);
        if (end == n) return end;
        int lastLen = char.IsLowSurrogate(s[end - 1]) && end - 2 >= i ? 2 : 1;
        return end - lastLen > i ? end - lastLen : end;
    }
}
