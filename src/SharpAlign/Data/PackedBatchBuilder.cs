namespace SharpAlign.Data;

/// <summary>
/// Builds a <see cref="PackedBatch"/> from tokenized examples. Token ids are used exactly as
/// given: nothing is added or removed here.
/// </summary>
public sealed class PackedBatchBuilder
{
    private readonly List<int> _tokens = new(), _positions = new(), _segmentOf = new();
    private readonly List<Segment> _segments = new();
    private readonly List<int> _source = new(), _target = new(), _sequence = new();
    private readonly List<ScoredSequence> _sequences = new();
    private readonly List<ExampleInfo> _info = new();
    private int _examples;

    /// <summary>Number of tokens added so far.</summary>
    public int TokenCount => _tokens.Count;

    /// <summary>Number of examples added so far.</summary>
    public int ExampleCount => _examples;

    /// <summary>
    /// Adds a preference pair. With <paramref name="prefixSharing"/> the prompt is one segment
    /// with chosen and rejected as its children; otherwise two root segments
    /// [prompt+chosen] and [prompt+rejected] (TRL's layout, for comparison).
    /// Returns the example index.
    /// </summary>
    public int AddPair(ReadOnlySpan<int> prompt, ReadOnlySpan<int> chosen, ReadOnlySpan<int> rejected, bool prefixSharing = true)
    {
        if (prompt.Length == 0) throw new ArgumentException("a preference pair needs a non-empty prompt (the first completion token is predicted from the prompt's last token)", nameof(prompt));
        if (chosen.Length == 0) throw new ArgumentException("chosen completion is empty", nameof(chosen));
        if (rejected.Length == 0) throw new ArgumentException("rejected completion is empty", nameof(rejected));
        int example = _examples++;
        if (prefixSharing)
        {
            int p = AddSegment(prompt, -1, 0);
            int lastPrompt = _segments[p].Start + prompt.Length - 1;
            AddScored(example, SequenceRole.Chosen, AddSegment(chosen, p, prompt.Length), lastPrompt, chosen);
            AddScored(example, SequenceRole.Rejected, AddSegment(rejected, p, prompt.Length), lastPrompt, rejected);
        }
        else
        {
            AddJoined(example, SequenceRole.Chosen, prompt, chosen);
            AddJoined(example, SequenceRole.Rejected, prompt, rejected);
        }
        return example;
    }

    /// <summary>
    /// Adds a preference pair with a best response for an SFT term (role <see cref="SequenceRole.BestResponse"/>):
    /// with <paramref name="prefixSharing"/> a third child of the prompt segment, otherwise a third
    /// root segment [prompt+best]. Returns the example index.
    /// </summary>
    public int AddPair(ReadOnlySpan<int> prompt, ReadOnlySpan<int> chosen, ReadOnlySpan<int> rejected, ReadOnlySpan<int> bestResponse, bool prefixSharing = true)
    {
        if (bestResponse.Length == 0) throw new ArgumentException("best response is empty", nameof(bestResponse));
        int example = AddPair(prompt, chosen, rejected, prefixSharing);
        if (prefixSharing)
        {
            int p = _segments.Count - 3;
            int lastPrompt = _segments[p].Start + prompt.Length - 1;
            AddScored(example, SequenceRole.BestResponse, AddSegment(bestResponse, p, prompt.Length), lastPrompt, bestResponse);
        }
        else AddJoined(example, SequenceRole.BestResponse, prompt, bestResponse);
        return example;
    }

    /// <summary>
    /// Also scores the prompt of pair <paramref name="example"/> (role <see cref="SequenceRole.Prompt"/>):
    /// tokens 1..P−1 of the prompt, each predicted from the one before it, in either layout — what an
    /// NLL over prompt + chosen (ORPO) needs besides the chosen completion.
    /// </summary>
    public void ScorePrompt(int example)
    {
        var chosen = _sequences.First(q => q.Example == example && q.Role == SequenceRole.Chosen);
        var seg = _segments[chosen.Segment];
        var (start, length) = seg.Parent >= 0 ? (_segments[seg.Parent].Start, _segments[seg.Parent].Length) : (seg.Start, seg.Length - chosen.TokenCount);
        int seq = _sequences.Count;
        for (int j = 1; j < length; j++)
        {
            _source.Add(start + j - 1);
            _target.Add(_tokens[start + j]);
            _sequence.Add(seq);
        }
        _sequences.Add(new ScoredSequence(example, SequenceRole.Prompt, seg.Parent >= 0 ? seg.Parent : chosen.Segment, length - 1));
    }

    /// <summary>Attaches per-example data (label, weight, scores, id) to an example already added.</summary>
    public void SetInfo(int example, ExampleInfo info)
    {
        if ((uint)example >= (uint)_examples) throw new ArgumentOutOfRangeException(nameof(example));
        while (_info.Count < _examples) _info.Add(ExampleInfo.None);
        _info[example] = info;
    }

    /// <summary>
    /// Adds one prompt + completion sequence (SFT, unpaired examples). With an empty prompt the
    /// first completion token has no predictor and is not scored. Returns the example index.
    /// </summary>
    public int AddCompletion(ReadOnlySpan<int> prompt, ReadOnlySpan<int> completion, SequenceRole role = SequenceRole.Completion)
    {
        if (completion.Length == 0) throw new ArgumentException("completion is empty", nameof(completion));
        int example = _examples++;
        AddJoined(example, role, prompt, completion);
        return example;
    }

    private void AddJoined(int example, SequenceRole role, ReadOnlySpan<int> prompt, ReadOnlySpan<int> completion)
    {
        int[] joined = new int[prompt.Length + completion.Length];
        prompt.CopyTo(joined);
        completion.CopyTo(joined.AsSpan(prompt.Length));
        int seg = AddSegment(joined, -1, 0);
        int start = _segments[seg].Start;
        int seq = _sequences.Count;
        int count = 0;
        for (int j = 0; j < completion.Length; j++)
        {
            int row = start + prompt.Length + j - 1;
            if (row < start) continue;
            _source.Add(row); _target.Add(completion[j]); _sequence.Add(seq); count++;
        }
        _sequences.Add(new ScoredSequence(example, role, seg, count));
    }

    private void AddScored(int example, SequenceRole role, int seg, int firstSource, ReadOnlySpan<int> completion)
    {
        int seq = _sequences.Count;
        int start = _segments[seg].Start;
        for (int j = 0; j < completion.Length; j++)
        {
            _source.Add(j == 0 ? firstSource : start + j - 1);
            _target.Add(completion[j]);
            _sequence.Add(seq);
        }
        _sequences.Add(new ScoredSequence(example, role, seg, completion.Length));
    }

    private int AddSegment(ReadOnlySpan<int> tokens, int parent, int firstPosition)
    {
        int index = _segments.Count;
        _segments.Add(new Segment(_tokens.Count, tokens.Length, parent));
        for (int i = 0; i < tokens.Length; i++)
        {
            _tokens.Add(tokens[i]);
            _positions.Add(firstPosition + i);
            _segmentOf.Add(index);
        }
        return index;
    }

    /// <summary>Freezes what was added into a batch.</summary>
    public PackedBatch Build() => new()
    {
        Tokens = _tokens.ToArray(),
        Positions = _positions.ToArray(),
        SegmentOf = _segmentOf.ToArray(),
        Segments = _segments.ToArray(),
        ScoreSource = _source.ToArray(),
        ScoreTarget = _target.ToArray(),
        ScoreSequence = _sequence.ToArray(),
        Sequences = _sequences.ToArray(),
        ExampleCount = _examples,
        Examples = [.. _info, .. Enumerable.Repeat(ExampleInfo.None, _examples - _info.Count)],
    };
}
