using System.Collections.Concurrent;
using System.Text;

namespace SharpAlign.Tokenization.Models;

/// <summary>
/// The tokenizer.json <c>BPE</c> model: a word is split into characters, unknown characters go
/// to byte-fallback tokens or the unk token, and then adjacent pairs are merged, lowest merge
/// rank first (leftmost on ties), until no pair has a merge. Results are cached per word.
/// </summary>
internal sealed class BpeModel
{
    private const int MaxCachedWordLength = 256;
    private const char SpaceMarker = '\u2581';
    private const int CacheCapacity = 100_000;

    private readonly Dictionary<string, int> _vocab;
    private readonly Dictionary<string, int>.AlternateLookup<ReadOnlySpan<char>> _vocabBySpan;
    private readonly string[] _idToToken;
    private readonly Dictionary<long, long> _merges;
    private readonly int[] _byteTokens;
    private readonly int? _unkId;
    private readonly ConcurrentDictionary<string, int[]> _cache = new();
    private readonly bool _splitBeforeSpaceMarker;
    private int _cacheCount;

    /// <summary>Settings that change how a word is split (the JSON fields of the same names).</summary>
    public sealed record Options(string? UnkToken, string? ContinuingSubwordPrefix, string? EndOfWordSuffix,
        bool FuseUnk, bool ByteFallback, bool IgnoreMerges);

    private readonly Options _options;

    /// <summary>
    /// Builds the model. <paramref name="merges"/> are (left, right) token pairs in rank order.
    /// Throws <see cref="FormatException"/> when a merge names a token missing from the vocabulary.
    /// </summary>
    public BpeModel(Dictionary<string, int> vocab, IReadOnlyList<(string Left, string Right)> merges, Options options)
    {
        _vocab = vocab;
        _vocabBySpan = vocab.GetAlternateLookup<ReadOnlySpan<char>>();
        _options = options;
        int maxId = vocab.Count == 0 ? -1 : vocab.Values.Max();
        _idToToken = new string[maxId + 1];
        foreach (var (token, id) in vocab)
        {
            if (id < 0) throw new FormatException($"vocab token \"{token}\" has negative id {id}");
            _idToToken[id] = token;
        }
        _merges = new Dictionary<long, long>(merges.Count);
        int prefixLength = options.ContinuingSubwordPrefix?.Length ?? 0;
        for (int rank = 0; rank < merges.Count; rank++)
        {
            var (left, right) = merges[rank];
            int a = Lookup(left, rank), b = Lookup(right, rank);
            // As in tokenizers, the right part loses the continuing-subword prefix: a + ##b → ab.
            if (right.Length < prefixLength) throw new FormatException($"merge #{rank} (\"{left}\", \"{right}\") is shorter than the continuing_subword_prefix");
            int merged = Lookup(left + right[prefixLength..], rank);
            _merges[Key(a, b)] = ((long)rank << 32) | (uint)merged;
        }
        _byteTokens = new int[256];
        for (int b = 0; b < 256; b++)
            _byteTokens[b] = options.ByteFallback && vocab.TryGetValue($"<0x{b:X2}>", out int id) ? id : -1;
        // SentencePiece-style vocabularies never glue "▁" to a preceding character, so no merge can
        // cross the point before a "▁" that follows another character: a long word (a whole
        // paragraph when there is no pre-tokenizer) can be cut there into parts that are merged
        // independently — and cached — with the same result.
        _splitBeforeSpaceMarker = string.IsNullOrEmpty(options.ContinuingSubwordPrefix) && string.IsNullOrEmpty(options.EndOfWordSuffix)
            && vocab.ContainsKey(SpaceMarker.ToString()) && !vocab.Keys.Any(GluesSpaceMarker);
        if (options.UnkToken is not null)
        {
            if (!vocab.TryGetValue(options.UnkToken, out int unk))
                throw new FormatException($"unk_token \"{options.UnkToken}\" is not in the vocabulary");
            _unkId = unk;
        }
    }

    private static bool GluesSpaceMarker(string token)
    {
        for (int i = 1; i < token.Length; i++)
            if (token[i] == SpaceMarker && token[i - 1] != SpaceMarker) return true;
        return false;
    }

    private int Lookup(string token, int rank) => _vocab.TryGetValue(token, out int id) ? id
        : throw new FormatException($"merge #{rank} refers to \"{token}\", which is not in the vocabulary");

    private static long Key(int a, int b) => ((long)a << 32) | (uint)b;

    /// <summary>Number of entries of the model vocabulary (max id + 1).</summary>
    public int Size => _idToToken.Length;

    /// <summary>The id of a vocabulary token, if present.</summary>
    public int? TokenToId(string token) => _vocab.TryGetValue(token, out int id) ? id : null;

    /// <summary>The token string of an id, if present.</summary>
    public string? IdToToken(int id) => id >= 0 && id < _idToToken.Length ? _idToToken[id] : null;

    /// <summary>Appends the ids of one pre-tokenized word.</summary>
    public void Tokenize(string word, List<int> output)
    {
        if (word.Length == 0) return;
        if (_options.IgnoreMerges && _vocab.TryGetValue(word, out int whole))
        {
            output.Add(whole);
            return;
        }
        if (_splitBeforeSpaceMarker)
        {
            int start = 0;
            for (int i = 1; i < word.Length; i++)
            {
                if (word[i] != SpaceMarker || word[i - 1] == SpaceMarker) continue;
                TokenizeCached(word[start..i], output);
                start = i;
            }
            if (start > 0)
            {
                TokenizeCached(word[start..], output);
                return;
            }
        }
        TokenizeCached(word, output);
    }

    private void TokenizeCached(string word, List<int> output)
    {
        if (_cache.TryGetValue(word, out var cached))
        {
            output.AddRange(cached);
            return;
        }
        int before = output.Count;
        MergeWord(word, output);
        if (word.Length <= MaxCachedWordLength && _cacheCount < CacheCapacity && _cache.TryAdd(word, output.GetRange(before, output.Count - before).ToArray()))
            Interlocked.Increment(ref _cacheCount);
    }

    private struct Symbol
    {
        public int Id, Prev, Next;
        public bool Removed;
    }

    [ThreadStatic] private static List<Symbol>? _symbols;
    [ThreadStatic] private static PriorityQueue<(int Pos, int NewId), long>? _queue;

    private void MergeWord(string word, List<int> output)
    {
        var symbols = _symbols ??= new List<Symbol>();
        symbols.Clear();
        InitialSymbols(word, symbols);

        var queue = _queue ??= new PriorityQueue<(int, int), long>();
        queue.Clear();
        for (int i = 0; i + 1 < symbols.Count; i++)
            if (_merges.TryGetValue(Key(symbols[i].Id, symbols[i + 1].Id), out long m))
                queue.Enqueue((i, (int)m), (m & ~0xFFFFFFFFL) | (uint)i);

        var span = System.Runtime.InteropServices.CollectionsMarshal.AsSpan(symbols);
        while (queue.TryDequeue(out var top, out long priority))
        {
            ref var cur = ref span[top.Pos];
            if (cur.Removed || cur.Next < 0) continue;
            int nextPos = cur.Next;
            ref var right = ref span[nextPos];
            // Skip entries made stale by an earlier merge.
            if (!_merges.TryGetValue(Key(cur.Id, right.Id), out long now) || (int)now != top.NewId) continue;

            cur.Id = top.NewId;
            cur.Next = right.Next;
            right.Removed = true;
            if (cur.Next >= 0) span[cur.Next].Prev = top.Pos;

            if (cur.Prev >= 0 && _merges.TryGetValue(Key(span[cur.Prev].Id, cur.Id), out long mp))
                queue.Enqueue((cur.Prev, (int)mp), (mp & ~0xFFFFFFFFL) | (uint)cur.Prev);
            if (cur.Next >= 0 && _merges.TryGetValue(Key(cur.Id, span[cur.Next].Id), out long mn))
                queue.Enqueue((top.Pos, (int)mn), (mn & ~0xFFFFFFFFL) | (uint)top.Pos);
        }
        foreach (var s in span)
            if (!s.Removed) output.Add(s.Id);
    }

    /// <summary>One symbol per character, following tokenizers' <c>merge_word</c> rules for unknowns.</summary>
    private void InitialSymbols(string word, List<Symbol> symbols)
    {
        string? prefix = _options.ContinuingSubwordPrefix is { Length: > 0 } p ? p : null;
        string? suffix = _options.EndOfWordSuffix is { Length: > 0 } s ? s : null;
        int pendingUnkId = -1;
        Span<char> buffer = stackalloc char[64];
        Span<byte> utf8 = stackalloc byte[256];
        for (int i = 0; i < word.Length;)
        {
            int len = char.IsHighSurrogate(word[i]) && i + 1 < word.Length && char.IsLowSurrogate(word[i + 1]) ? 2 : 1;
            bool first = i == 0, last = i + len == word.Length;
            scoped ReadOnlySpan<char> piece = word.AsSpan(i, len);
            i += len;
            if ((!first && prefix is not null) || (last && suffix is not null))
            {
                string joined = string.Concat(!first && prefix is not null ? prefix : "", piece, last && suffix is not null ? suffix : "");
                if (joined.Length <= buffer.Length) { joined.CopyTo(buffer); piece = buffer[..joined.Length]; }
                else piece = joined;
            }
            if (_vocabBySpan.TryGetValue(piece, out int id))
            {
                if (pendingUnkId >= 0) { Push(symbols, pendingUnkId); pendingUnkId = -1; }
                Push(symbols, id);
                continue;
            }
            if (_options.ByteFallback)
            {
                int n = piece.Length * 3 <= utf8.Length ? Encoding.UTF8.GetBytes(piece, utf8) : -1;
                bool all = n > 0;
                for (int k = 0; all && k < n; k++) all = _byteTokens[utf8[k]] >= 0;
                if (all)
                {
                    for (int k = 0; k < n; k++) Push(symbols, _byteTokens[utf8[k]]);
                    continue;
                }
            }
            if (_unkId is int unk)
            {
                if (pendingUnkId >= 0 && !_options.FuseUnk) Push(symbols, pendingUnkId);
                pendingUnkId = unk;
            }
        }
        if (pendingUnkId >= 0) Push(symbols, pendingUnkId);
    }

    private static void Push(List<Symbol> symbols, int id)
    {
        int pos = symbols.Count;
        if (pos > 0)
        {
            var prev = symbols[pos - 1];
            prev.Next = pos;
            symbols[pos - 1] = prev;
        }
        symbols.Add(new Symbol { Id = id, Prev = pos - 1, Next = -1 });
    }
}
