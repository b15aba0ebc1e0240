using System.Runtime.InteropServices;

namespace SharpAlign.Evaluation.Metrics;

/// <summary>Maps token strings to small integer ids (ordinal comparison), shared by the sequences being compared.</summary>
public sealed class TokenVocabulary
{
    private readonly Dictionary<string, int> _ids = new(StringComparer.Ordinal);

    /// <summary>The ids of <paramref name="tokens"/>, adding unseen tokens.</summary>
    public int[] Encode(IReadOnlyList<string> tokens)
    {
        var ids = new int[tokens.Count];
        for (int i = 0; i < ids.Length; i++)
        {
            ref int id = ref CollectionsMarshal.GetValueRefOrAddDefault(_ids, tokens[i], out bool exists);
            if (!exists) id = _ids.Count - 1;
            ids[i] = id;
        }
        return ids;
    }
}
