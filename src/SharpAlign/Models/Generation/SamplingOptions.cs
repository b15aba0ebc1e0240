namespace SharpAlign.Models.Generation;

/// <summary>How to pick tokens, with transformers' generate() meanings; plain data.</summary>
public sealed record SamplingOptions
{
    /// <summary>Tokens to generate at most per prompt.</summary>
    public int MaxNewTokens { get; init; } = 32;

    /// <summary>0 (or below) means greedy decoding; otherwise logits are divided by it before sampling.</summary>
    public float Temperature { get; init; }

    /// <summary>Keep only the k most likely tokens (0 = off).</summary>
    public int TopK { get; init; }

    /// <summary>Keep the smallest set of most likely tokens whose probability reaches p (1 = off).</summary>
    public float TopP { get; init; } = 1f;

    /// <summary>Seed of the sampler: the same seed, prompts and model give the same tokens.</summary>
    public int Seed { get; init; }

    /// <summary>Generation of a sequence stops after it emits one of these (the EOS token is kept in the output).</summary>
    public IReadOnlyList<int> EosTokenIds { get; init; } = [];

    /// <summary>Checks the values, naming the bad one.</summary>
    public void Validate()
    {
        if (MaxNewTokens < 0) throw new InputException($"--max-new-tokens must be ≥ 0, got {MaxNewTokens}");
        if (float.IsNaN(Temperature)) throw new InputException("--temperature is NaN");
        if (TopK < 0) throw new InputException($"--top-k must be ≥ 0, got {TopK}");
        if (!(TopP > 0 && TopP <= 1)) throw new InputException($"--top-p must be in (0, 1], got {TopP}");
    }
}
