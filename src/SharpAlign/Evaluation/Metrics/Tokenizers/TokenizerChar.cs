using System.Text;
using SharpAlign.Evaluation.Text;

namespace SharpAlign.Evaluation.Metrics.Tokenizers;

/// <summary>sacreBLEU's <c>char</c> tokenizer: every code point joined by one space (so whitespace characters vanish in the split).</summary>
public sealed class TokenizerChar : IBleuTokenizer
{
    /// <inheritdoc />
    public string Name => "char";

    /// <inheritdoc />
    public string Tokenize(string line)
    {
        int[] at = CodePoints.Offsets(line);
        var sb = new StringBuilder(line.Length * 2);
        for (int i = 0; i < at.Length - 1; i++)
        {
            if (i > 0) sb.Append(' ');
            sb.Append(line, at[i], at[i + 1] - at[i]);
        }
        return sb.ToString();
    }
}
