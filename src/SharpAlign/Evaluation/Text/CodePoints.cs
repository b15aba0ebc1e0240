namespace SharpAlign.Evaluation.Text;

/// <summary>
/// Python indexes strings by code point, C# by UTF-16 unit. These helpers give the code-point view
/// (each element is one code point as a string, surrogate pairs kept together) that the
/// character-level metrics need.
/// </summary>
public static class CodePoints
{
    /// <summary>Number of code points (Python's <c>len(s)</c>).</summary>
    public static int Count(string text)
    {
        int n = 0;
        for (int i = 0; i < text.Length; i++)
        {
            if (char.IsHighSurrogate(text[i]) && i + 1 < text.Length && char.IsLowSurrogate(text[i + 1])) i++;
            n++;
        }
        return n;
    }

    /// <summary>UTF-16 start offset of every code point, plus <c>text.Length</c> at the end (length Count+1).</summary>
    public static int[] Offsets(string text)
    {
        var offsets = new List<int>(text.Length + 1);
        for (int i = 0; i < text.Length; i++)
        {
            offsets.Add(i);
            if (char.IsHighSurrogate(text[i]) && i + 1 < text.Length && char.IsLowSurrogate(text[i + 1])) i++;
        }
        offsets.Add(text.Length);
        return offsets.ToArray();
    }
}
