namespace SharpAlign.Models.Generation;

/// <summary>
/// Incremental decoding of several sequences with a KV cache: <see cref="Append"/> feeds new tokens
/// to some sequences and returns the next-token logits of each. Positions continue from each cache's
/// length, so a prompt is a first append and every generated token a one-token append.
/// </summary>
public sealed class DecodingSession
{
    private readonly CausalLM _model;
    private readonly KvCache[] _caches;
    private readonly bool _adapters;

    /// <summary>Opens caches for <paramref name="sequences"/> sequences of up to <paramref name="capacity"/> tokens.</summary>
    public DecodingSession(CausalLM model, int sequences, int capacity, bool adaptersEnabled = true)
    {
        if (sequences <= 0) throw new ArgumentOutOfRangeException(nameof(sequences));
        if (capacity <= 0) throw new ArgumentOutOfRangeException(nameof(capacity));
        _model = model;
        _adapters = adaptersEnabled;
        var c = model.Config;
        _caches = Enumerable.Range(0, sequences).Select(_ => new KvCache(c.NumLayers, capacity, c.NumKvHeads * c.HeadDim)).ToArray();
        model.Rope.EnsurePositions(capacity);
    }

    /// <summary>Tokens held by sequence <paramref name="sequence"/>.</summary>
    public int Length(int sequence) => _caches[sequence].Length;

    /// <summary>
    /// Appends tokens[i] to sequence sequences[i] (each sequence at most once per call) and returns the
    /// logits after the last appended token of each, [sequences.Length, V].
    /// </summary>
    public float[] Append(IReadOnlyList<int> sequences, IReadOnlyList<int[]> tokens)
    {
        if (sequences.Count != tokens.Count) throw new ArgumentException("one token list per sequence");
        if (sequences.Distinct().Count() != sequences.Count) throw new ArgumentException("a sequence may appear once per call");
        int rows = tokens.Sum(t => t.Length);
        var ids = new int[rows];
        var seqOf = new int[rows];
        var pos = new int[rows];
        var last = new int[sequences.Count];
        int row = 0;
        for (int i = 0; i < sequences.Count; i++)
        {
            var cache = _caches[sequences[i]];
            if (tokens[i].Length == 0) throw new ArgumentException($"no tokens for sequence {sequences[i]}");
            if (cache.Length + tokens[i].Length > cache.Capacity)
                throw new InvalidOperationException($"sequence {sequences[i]} would hold {cache.Length + tokens[i].Length} tokens; the cache holds {cache.Capacity}");
            for (int j = 0; j < tokens[i].Length; j++, row++)
            {
                int id = tokens[i][j];
                if ((uint)id >= (uint)_model.VocabSize) throw new InputException($"token id {id} is outside the vocabulary [0, {_model.VocabSize})");
                ids[row] = id;
                seqOf[row] = sequences[i];
                pos[row] = cache.Length + j;
            }
            last[i] = row - 1;
        }
        var logits = _model.RunRows(ids, new CachedAttention(_caches, seqOf, pos), _adapters, last);
        for (int i = 0; i < sequences.Count; i++) _caches[sequences[i]].Length += tokens[i].Length;
        return logits;
    }
}
