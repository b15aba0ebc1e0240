namespace SharpAlign.Tokenization;

/// <summary>
/// Text to token ids and back, as a Hugging Face tokenizer does. The data pipeline and the
/// trainer see tokenizers only through this seam.
/// </summary>
public interface ITokenizer
{
    /// <summary>Number of ids (model vocabulary plus added tokens).</summary>
    int VocabSize { get; }

    /// <summary>Beginning-of-sequence token text and id, when the tokenizer has one.</summary>
    string? BosToken { get; }
    /// <inheritdoc cref="BosToken"/>
    int? BosId { get; }

    /// <summary>End-of-sequence token text and id, when the tokenizer has one.</summary>
    string? EosToken { get; }
    /// <inheritdoc cref="EosToken"/>
    int? EosId { get; }

    /// <summary>Encodes text; <paramref name="addSpecialTokens"/> applies the post-processor (BOS/EOS insertion).</summary>
    int[] Encode(string text, bool addSpecialTokens = true);

    /// <summary>Decodes ids back to text.</summary>
    string Decode(ReadOnlySpan<int> ids, bool skipSpecialTokens = false);
}
