using System.Buffers;
using SharpAlign.Tokenization.Normalizers;
using SharpAlign.Tokenization.Text;

namespace SharpAlign.Tokenization;

/// <summary>
/// Finds added tokens in text the way tokenizers' <c>AddedVocabulary</c> does: one
/// leftmost-longest search over the tokens with <c>normalized=false</c> on the raw input, and one
/// over the normalized forms of the tokens with <c>normalized=true</c> on normalized pieces;
/// <c>single_word</c> rejects matches touching word characters, <c>lstrip</c>/<c>rstrip</c>
/// absorb neighbouring whitespace.
/// </summary>
internal sealed class AddedVocabulary
{
    private readonly Dictionary<int, AddedToken> _byId = new();
    private readonly Dictionary<string, AddedToken> _byContent = new();
    private readonly Matcher _raw;
    private readonly Matcher _normalized;
    private readonly bool _splitSpecialTokens;

    /// <summary>A piece of text after splitting: either an added token's id or plain text (<see cref="Id"/> = -1).</summary>
    public readonly record struct Segment(int Start, int End, int Id);

    /// <summary>
    /// Builds the vocabulary; normalized tokens are matched through <paramref name="normalizer"/>.
    /// With <paramref name="splitSpecialTokens"/> (transformers' <c>split_special_tokens</c>)
    /// special tokens found in the text are left to the model as ordinary text.
    /// </summary>
    public AddedVocabulary(IReadOnlyList<AddedToken> tokens, INormalizer? normalizer, bool splitSpecialTokens = false)
    {
        _splitSpecialTokens = splitSpecialTokens;
        // tokenizers puts special tokens before the others when building its matchers.
        var ordered = tokens.Where(t => t.Special).Concat(tokens.Where(t => !t.Special)).Where(t => t.Content.Length > 0).ToList();
        foreach (var t in tokens)
        {
            _byId[t.Id] = t;
            _byContent[t.Content] = t;
        }
        _raw = new Matcher(ordered.Where(t => !t.Normalized).Select(t => (t.Content, t)));
        _normalized = new Matcher(ordered.Where(t => t.Normalized)
            .Select(t => (normalizer?.Normalize(t.Content) ?? t.Content, t))
            .Where(p => p.Item1.Length > 0));
    }

    /// <summary>All added tokens by id.</summary>
    public IReadOnlyDictionary<int, AddedToken> ById => _byId;

    /// <summary>The added token with this exact content, if any.</summary>
    public AddedToken? Find(string content) => _byContent.GetValueOrDefault(content);

    /// <summary>Splits raw input on tokens with <c>normalized=false</c>.</summary>
    public void SplitRaw(string text, List<Segment> output) => Split(text, _raw, output);

    /// <summary>Splits a normalized piece on tokens with <c>normalized=true</c>.</summary>
    public void SplitNormalized(string text, List<Segment> output) => Split(text, _normalized, output);

    private void Split(string sentence, Matcher matcher, List<Segment> output)
    {
        int startOffset = 0;
        int pos = 0;
        while (matcher.FindNext(sentence, pos, out int start, out int length, out var token))
        {
            int stop = start + length;
            pos = stop;
            if (_splitSpecialTokens && token.Special) continue;
            if (token.SingleWord)
            {
                bool startSpace = start == 0 || !EndsWithWord(sentence, start);
                bool stopSpace = stop == sentence.Length || !StartsWithWord(sentence, stop);
                if (!startSpace || !stopSpace) continue;
            }
            if (token.LStrip)
            {
                int newStart = start;
                while (newStart > 0)
                {
                    int len = UnicodeClasses.CodePointBefore(sentence, newStart, out int cp);
                    if (!UnicodeClasses.IsWhiteSpace(cp)) break;
                    newStart -= len;
                }
                start = Math.Max(newStart, startOffset);
            }
            if (token.RStrip)
            {
                while (stop < sentence.Length)
                {
                    int len = UnicodeClasses.CodePointAt(sentence, stop, out int cp);
                    if (!UnicodeClasses.IsWhiteSpace(cp)) break;
                    stop += len;
                }
            }
            if (startOffset < start) output.Add(new Segment(startOffset, start, -1));
            output.Add(new Segment(start, stop, token.Id));
            startOffset = stop;
        }
        if (startOffset != sentence.Length) output.Add(new Segment(startOffset, sentence.Length, -1));
    }

    private static bool EndsWithWord(string s, int end)
    {
        UnicodeClasses.CodePointBefore(s, end, out int cp);
        return UnicodeClasses.IsWordChar(cp);
    }

    private static bool StartsWithWord(string s, int start)
    {
        UnicodeClasses.CodePointAt(s, start, out int cp);
        return UnicodeClasses.IsWordChar(cp);
    }

    /// <summary>A character trie answering leftmost-longest, non-overlapping matches.</summary>
    private sealed class Matcher
    {
        private sealed class Node
        {
            public readonly Dictionary<char, Node> Children = new();
            public AddedToken? Token;
        }

        private readonly Node _root = new();
        private readonly SearchValues<char> _firstChars;
        private readonly bool _empty;

        public Matcher(IEnumerable<(string Pattern, AddedToken Token)> patterns)
        {
            var first = new HashSet<char>();
            foreach (var (pattern, token) in patterns)
            {
                var node = _root;
                foreach (char c in pattern)
                {
                    if (!node.Children.TryGetValue(c, out var child)) node.Children[c] = child = new Node();
                    node = child;
                }
                node.Token ??= token; // the first pattern wins among identical ones
                first.Add(pattern[0]);
            }
            _empty = first.Count == 0;
            _firstChars = SearchValues.Create(first.ToArray());
        }

        public bool FindNext(string text, int from, out int start, out int length, out AddedToken token)
        {
            start = length = 0;
            token = null!;
            if (_empty) return false;
            int i = from;
            while (i < text.Length)
            {
                int k = text.AsSpan(i).IndexOfAny(_firstChars);
                if (k < 0) return false;
                i += k;
                var node = _root;
                AddedToken? best = null;
                int bestLen = 0;
                for (int j = i; j < text.Length && node.Children.TryGetValue(text[j], out var child); j++)
                {
                    node = child;
                    if (node.Token is not null) { best = node.Token; bestLen = j - i + 1; }
                }
                if (best is not null)
                {
                    start = i;
                    length = bestLen;
                    token = best;
                    return true;
                }
                i++;
            }
            return false;
        }
    }
}
