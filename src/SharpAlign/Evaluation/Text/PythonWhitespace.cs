using System.Text;

namespace SharpAlign.Evaluation.Text;

/// <summary>
/// Python's notion of whitespace (<c>str.isspace()</c>), and the <c>split()</c>, <c>strip()</c> and
/// <c>rstrip()</c> built on it. Python counts U+001C–U+001F (the information separators) as
/// whitespace, .NET's <see cref="char.IsWhiteSpace(char)"/> does not; the reference metric tools
/// (sacreBLEU, rouge-score, NLTK) all use Python's set, so every metric here uses this class.
/// </summary>
public static class PythonWhitespace
{
    /// <summary>True for exactly the code points Python 3.11's <c>str.isspace()</c> accepts.</summary>
    public static bool IsSpace(int codePoint) => codePoint switch
    {
        >= 0x09 and <= 0x0D => true,
        >= 0x1C and <= 0x20 => true,
        0x85 or 0xA0 or 0x1680 => true,
        >= 0x2000 and <= 0x200A => true,
        0x2028 or 0x2029 or 0x202F or 0x205F or 0x3000 => true,
        _ => false,
    };

    /// <summary>Python whitespace test on one UTF-16 unit (all whitespace code points are in the BMP).</summary>
    public static bool IsSpace(char c) => IsSpace((int)c);

    /// <summary>Python's argument-less <c>str.split()</c>: runs of whitespace separate, empty pieces are dropped.</summary>
    public static List<string> Split(string text)
    {
        var parts = new List<string>();
        int i = 0;
        while (i < text.Length)
        {
            while (i < text.Length && IsSpace(text[i])) i++;
            int start = i;
            while (i < text.Length && !IsSpace(text[i])) i++;
            if (i > start) parts.Add(text.Substring(start, i - start));
        }
        return parts;
    }

    /// <summary>Python's <c>' '.join(text.split())</c>: trims and collapses every whitespace run to one space.</summary>
    public static string Collapse(string text)
    {
        var sb = new StringBuilder(text.Length);
        int i = 0;
        while (i < text.Length)
        {
            while (i < text.Length && IsSpace(text[i])) i++;
            int start = i;
            while (i < text.Length && !IsSpace(text[i])) i++;
            if (i > start)
            {
                if (sb.Length > 0) sb.Append(' ');
                sb.Append(text, start, i - start);
            }
        }
        return sb.ToString();
    }

    /// <summary>Python's <c>str.rstrip()</c>.</summary>
    public static string RStrip(string text)
    {
        int end = text.Length;
        while (end > 0 && IsSpace(text[end - 1])) end--;
        return end == text.Length ? text : text.Substring(0, end);
    }

    /// <summary>Python's <c>str.strip()</c>.</summary>
    public static string Strip(string text)
    {
        int start = 0, end = text.Length;
        while (start < end && IsSpace(text[start])) start++;
        while (end > start && IsSpace(text[end - 1])) end--;
        return start == 0 && end == text.Length ? text : text.Substring(start, end - start);
    }

    /// <summary>Removes every whitespace character (what sacreBLEU's chrF does before taking character n-grams).</summary>
    public static string RemoveAll(string text)
    {
        var sb = new StringBuilder(text.Length);
        foreach (char c in text) if (!IsSpace(c)) sb.Append(c);
        return sb.ToString();
    }
}
