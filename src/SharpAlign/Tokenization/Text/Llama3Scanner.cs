namespace SharpAlign.Tokenization.Text;

/// <summary>
/// Hand-written matcher equivalent to the Llama-3 split regex
/// (<c>(?i:'s|'t|'re|'ve|'m|'ll|'d)|[^\r\n\p{L}\p{N}]?\p{L}+|\p{N}{1,3}| ?[^\s\p{L}\p{N}]+[\r\n]*|\s*[\r\n]+|\s+(?!\S)|\s+</c>)
/// and, with one digit per number, Qwen2's; backtracking leftmost-first semantics on code
/// points, with the contractions matched under simple case folding (so <c>'S</c> and <c>'ſ</c>
/// count, as in Oniguruma).
/// </summary>
internal sealed class Llama3Scanner(int maxDigits) : IPatternMatcher
{
    private static readonly int FoldS = CaseFolding.Fold('s'), FoldT = CaseFolding.Fold('t'), FoldM = CaseFolding.Fold('m'),
        FoldD = CaseFolding.Fold('d'), FoldR = CaseFolding.Fold('r'), FoldE = CaseFolding.Fold('e'), FoldV = CaseFolding.Fold('v'),
        FoldL = CaseFolding.Fold('l');

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

    private int Contraction(ReadOnlySpan<char> s, int i)
    {
        int j = i + 1;
        if (j >= s.Length) return -1;
        j += UnicodeClasses.CodePointAt(s, j, out int a);
        int fa = CaseFolding.Fold(a);
        if (fa == FoldS || fa == FoldT || fa == FoldM || fa == FoldD) return j;
        if (j >= s.Length) return -1;
        int k = j + UnicodeClasses.CodePointAt(s, j, out int b);
        int fb = CaseFolding.Fold(b);
        if ((fa == FoldR && fb == FoldE) || (fa == FoldV && fb == FoldE) || (fa == FoldL && fb == FoldL)) return k;
        return -1;
    }

    private int MatchAt(ReadOnlySpan<char> s, int i)
    {
        int n = s.Length;
        char c0 = s[i];
        if (c0 == '\'')
        {
            int end = Contraction(s, i);
            if (end > 0) return end;
        }
        var k0 = CharKinds.At(s, i, out int len0);
        // [^\r\n\p{L}\p{N}]?\p{L}+
        if (k0 == CharKind.Letter) return CharKinds.RunEnd(s, i, CharKind.Letter);
        if (k0 != CharKind.Number && c0 != '\r' && c0 != '\n' && i + len0 < n && CharKinds.At(s, i + len0, out _) == CharKind.Letter)
            return CharKinds.RunEnd(s, i + len0, CharKind.Letter);
        // \p{N}{1,maxDigits}
        if (k0 == CharKind.Number)
        {
            int j = i;
            for (int d = 0; d < maxDigits && j < n && CharKinds.At(s, j, out int l) == CharKind.Number; d++) j += l;
            return j;
        }
        // " ?[^\s\p{L}\p{N}]+[\r\n]*"
        if (c0 == ' ' && i + 1 < n && CharKinds.At(s, i + 1, out _) == CharKind.Other)
            return NewlineRunEnd(s, CharKinds.RunEnd(s, i + 1, CharKind.Other));
        if (k0 == CharKind.Other) return NewlineRunEnd(s, CharKinds.RunEnd(s, i, CharKind.Other));
        // Whitespace: \s*[\r\n]+ ends after the run's last line break, if it has one.
        int wsEnd = CharKinds.RunEnd(s, i, CharKind.Space);
        int lastBreak = s[i..wsEnd].LastIndexOfAny('\r', '\n');
        if (lastBreak >= 0) return i + lastBreak + 1;
        // \s+(?!\S) then \s+.
        if (wsEnd == n) return wsEnd;
        int lastLen = char.IsLowSurrogate(s[wsEnd - 1]) && wsEnd - 2 >= i ? 2 : 1;
        return wsEnd - lastLen > i ? wsEnd - lastLen : wsEnd;
    }

    private static int NewlineRunEnd(ReadOnlySpan<char> s, int i)
    {
        while (i < s.Length && s[i] is '\r' or '\n') i++;
        return i;
    }
}
