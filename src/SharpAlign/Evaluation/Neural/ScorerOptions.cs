namespace SharpAlign.Evaluation.Neural;

/// <summary>Plain-data options shared by learned scorers; a family reads the ones that apply to it.</summary>
public sealed record ScorerOptions
{
    /// <summary>Inputs per forward batch.</summary>
    public int BatchSize { get; init; } = 16;

    /// <summary>Maximum tokens per encoded input (longer inputs are truncated the way the Python tool truncates).</summary>
    public int MaxTokens { get; init; } = 512;

    /// <summary>BERTScore: hidden layer to use (null = the model's bert_score default, e.g. 17 for roberta-large).</summary>
    public int? Layer { get; init; }

    /// <summary>BERTScore: weight tokens by idf estimated on the references.</summary>
    public bool Idf { get; init; }

    /// <summary>BERTScore: rescale with the baseline file found in the model folder ((s − b) / (1 − b)).</summary>
    public bool RescaleWithBaseline { get; init; }

    /// <summary>Reward models: render prompt and response through the model's chat template before scoring.</summary>
    public bool UseChatTemplate { get; init; } = true;
}
