namespace SharpAlign.Evaluation.Metrics;

/// <summary>
/// Word-level Levenshtein distance (unit costs) from a hypothesis to a fixed reference, restricted to a
/// beam around the pseudo-diagonal j ≈ i·|ref|/|hyp| (width 25, widened for extreme length ratios;
/// the last row is always complete), with the operation trace — sacreBLEU lib_ter.py's
/// <c>BeamEditDistance</c>. Ties prefer match/substitution, then 'd' (consume a hypothesis word),
/// then 'i' (consume a reference word). Rows depend only on the hypothesis prefix, so the rows of the
/// previous call are reused for the common prefix (upstream caches them in a trie; same result).
/// All hypotheses passed to one instance must have the same length (shifts keep the length).
/// </summary>
public sealed class BeamEditDistance
{
    /// <summary>Trace operation: words equal.</summary>
    public const char OpNop = ' ';
    /// <summary>Trace operation: substitution.</summary>
    public const char OpSub = 's';
    /// <summary>Trace operation: consume a reference word.</summary>
    public const char OpIns = 'i';
    /// <summary>Trace operation: consume a hypothesis word.</summary>
    public const char OpDel = 'd';
    private const char OpUndefined = 'x';
    private const int BeamWidth = 25;
    private const int Infinity = int.MaxValue / 2;

    private readonly int[] _reference;
    private readonly int _hypLength;
    private readonly int[][] _cost;
    private readonly char[][] _op;
    private readonly int[] _cachedWords;
    private int _validRows; // rows 0.._validRows-1 hold the matrix for _cachedWords' prefix
    private readonly double _lengthRatio;
    private readonly int _beam;

    /// <summary>Prepares the distance to <paramref name="reference"/> for hypotheses of length <paramref name="hypLength"/>.</summary>
    public BeamEditDistance(int[] reference, int hypLength)
    {
        _reference = reference;
        _hypLength = hypLength;
        int m = reference.Length;
        _cost = new int[hypLength + 1][];
        _op = new char[hypLength + 1][];
        for (int i = 0; i <= hypLength; i++) { _cost[i] = new int[m + 1]; _op[i] = new char[m + 1]; }
        for (int j = 0; j <= m; j++) { _cost[0][j] = j; _op[0][j] = OpIns; }
        _cachedWords = new int[hypLength];
        _validRows = 1;
        _lengthRatio = hypLength > 0 ? (double)m / hypLength : 1.0;
        _beam = BeamWidth < _lengthRatio / 2 ? (int)Math.Ceiling(_lengthRatio / 2 + BeamWidth) : BeamWidth;
    }

    /// <summary>The (beam) edit distance of <paramref name="words"/> to the reference, and the operation trace.</summary>
    public int Distance(int[] words, out char[] trace)
    {
        if (words.Length != _hypLength) throw new ArgumentException("hypothesis length differs from the one this distance was prepared for");
        int n = words.Length, m = _reference.Length;
        int start = 0;
        while (start < n && start + 1 < _validRows && _cachedWords[start] == words[start]) start++;
        for (int i = start + 1; i <= n; i++)
        {
            _cachedWords[i - 1] = words[i - 1];
            int[] cost = _cost[i], prev = _cost[i - 1];
            char[] op = _op[i];
            Array.Fill(cost, Infinity);
            Array.Fill(op, OpUndefined);
            int diag = (int)Math.Floor(i * _lengthRatio);
            int minJ = Math.Max(0, diag - _beam);
            int maxJ = i == n ? m + 1 : Math.Min(m + 1, diag + _beam);
            int word = words[i - 1];
            for (int j = minJ; j < maxJ; j++)
            {
                if (j == 0)
                {
                    cost[0] = prev[0] + 1;
                    op[0] = OpDel;
                    continue;
                }
                bool equal = word == _reference[j - 1];
                int best = prev[j - 1] + (equal ? 0 : 1);
                char bestOp = equal ? OpNop : OpSub;
                if (prev[j] + 1 < best) { best = prev[j] + 1; bestOp = OpDel; }
                if (cost[j - 1] + 1 < best) { best = cost[j - 1] + 1; bestOp = OpIns; }
                // Upstream starts each cell at infinity and keeps the first strictly smaller option.
                if (best < Infinity) { cost[j] = best; op[j] = bestOp; }
            }
        }
        _validRows = n + 1;

        var ops = new List<char>(n + m);
        int a = n, b = m;
        while (a > 0 || b > 0)
        {
            char o = _op[a][b];
            ops.Add(o);
            switch (o)
            {
                case OpNop or OpSub: a--; b--; break;
                case OpIns: b--; break;
                case OpDel: a--; break;
                default: throw new InvalidOperationException("TER edit trace left the beam");
            }
        }
        ops.Reverse();
        trace = ops.ToArray();
        return _cost[n][m];
    }
}
