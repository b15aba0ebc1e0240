using System.Text;

namespace SharpAlign.Tokenization.Templates;

/// <summary>Python's notion of text: code points, whitespace (str.isspace) and line breaks (str.splitlines).</summary>
internal static class PythonText
{
    /// <summary>Python str.isspace for one UTF-16 unit (all Python whitespace is in the BMP).</summary>
    public static bool IsSpace(char c) => char.IsWhiteSpace(c) || c is >= '\x1c' and <= '\x1f';

    /// <summary>The code points of <paramref name="s"/> as strings (a surrogate pair stays one element).</summary>
    public static List<string> CodePoints(string s)
    {
        var list = new List<string>(s.Length);
        for (int i = 0; i < s.Length; i++)
        {
            if (char.IsHighSurrogate(s[i]) && i + 1 < s.Length && char.IsLowSurrogate(s[i + 1])) { list.Add(s.Substring(i, 2)); i++; }
            else list.Add(s[i].ToString());
        }
        return list;
    }

    /// <summary>Length in code points (Python len()).</summary>
    public static int Length(string s)
    {
        int n = s.Length;
        for (int i = 0; i + 1 < s.Length; i++)
            if (char.IsHighSurrogate(s[i]) && char.IsLowSurrogate(s[i + 1])) { n--; i++; }
        return n;
    }

    /// <summary>True when the string has no surrogate pairs, so UTF-16 indices are code point indices.</summary>
    public static bool IsSimple(string s)
    {
        foreach (var c in s) if (char.IsSurrogate(c)) return false;
        return true;
    }

    /// <summary>Python str.strip/lstrip/rstrip: whitespace when <paramref name="chars"/> is null, else any of its characters.</summary>
    public static string Strip(string s, string? chars, bool left, bool right)
    {
        int start = 0, end = s.Length;
        bool Strippable(char c) => chars is null ? IsSpace(c) : chars.Contains(c);
        if (left) while (start < end && Strippable(s[start])) start++;
        if (right) while (end > start && Strippable(s[end - 1])) end--;
        return s[start..end];
    }

    /// <summary>Python str.splitlines(keepends=False).</summary>
    public static List<string> SplitLines(string s)
    {
        var lines = new List<string>();
        int start = 0;
        for (int i = 0; i < s.Length; i++)
        {
            char c = s[i];
            if (c is '\n' or '\r' or '\v' or '\f' or '\x1c' or '\x1d' or '\x1e' or '\x85' or '\u2028' or '\u2029')
            {
                lines.Add(s[start..i]);
                if (c == '\r' && i + 1 < s.Length && s[i + 1] == '\n') i++;
                start = i + 1;
            }
        }
        if (start < s.Length) lines.Add(s[start..]);
        return lines;
    }

    /// <summary>Python str.split(sep, maxsplit); a null separator splits on whitespace runs.</summary>
    public static List<string> Split(string s, string? sep, int maxSplit)
    {
        var parts = new List<string>();
        if (sep is null)
        {
            int i = 0;
            while (true)
            {
                while (i < s.Length && IsSpace(s[i])) i++;
                if (i >= s.Length) break;
                if (maxSplit >= 0 && parts.Count == maxSplit) { parts.Add(Strip(s[i..], null, false, true)); break; }
                int j = i;
                while (j < s.Length && !IsSpace(s[j])) j++;
                parts.Add(s[i..j]);
                i = j;
            }
            return parts;
        }
        int from = 0;
        while (maxSplit < 0 || parts.Count < maxSplit)
        {
            int k = s.IndexOf(sep, from, StringComparison.Ordinal);
            if (k < 0) break;
            parts.Add(s[from..k]);
            from = k + sep.Length;
        }
        parts.Add(s[from..]);
        return parts;
    }

    /// <summary>Python str.rsplit(sep, maxsplit).</summary>
    public static List<string> RSplit(string s, string? sep, int maxSplit)
    {
        if (maxSplit < 0) return Split(s, sep, maxSplit);
        var parts = new List<string>();
        if (sep is null)
        {
            int i = s.Length;
            while (true)
            {
                while (i > 0 && IsSpace(s[i - 1])) i--;
                if (i <= 0) break;
                if (parts.Count == maxSplit) { parts.Add(Strip(s[..i], null, true, false)); break; }
                int j = i;
                while (j > 0 && !IsSpace(s[j - 1])) j--;
                parts.Add(s[j..i]);
                i = j;
            }
            parts.Reverse();
            return parts;
        }
        int end = s.Length;
        while (parts.Count < maxSplit)
        {
            int k = end - sep.Length < 0 ? -1 : s.LastIndexOf(sep, end - 1, end, StringComparison.Ordinal);
            if (k < 0 || k + sep.Length > end) break;
            parts.Add(s[(k + sep.Length)..end]);
            end = k;
        }
        parts.Add(s[..end]);
        parts.Reverse();
        return parts;
    }

    /// <summary>Python str.title(): upper-case a letter that follows a non-letter, lower-case the rest.</summary>
    public static string Title(string s)
    {
        var sb = new StringBuilder(s.Length);
        bool previousIsCased = false;
        foreach (var c in s)
        {
            sb.Append(previousIsCased ? char.ToLowerInvariant(c) : char.ToUpperInvariant(c));
            previousIsCased = char.IsLetter(c);
        }
        return sb.ToString();
    }

    /// <summary>Python str.capitalize(): first character upper, the rest lower.</summary>
    public static string Capitalize(string s) =>
        s.Length == 0 ? s : char.ToUpperInvariant(s[0]) + s[1..].ToLowerInvariant();
}
