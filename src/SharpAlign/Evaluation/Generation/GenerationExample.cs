namespace SharpAlign.Evaluation.Generation;

/// <summary>One prompt to generate for, with the reference text(s) the output is scored against.</summary>
/// <param name="Index">Position in the dataset (0-based), kept in every output.</param>
/// <param name="Prompt">The prompt (source sentence, article, instruction).</param>
/// <param name="References">One or more reference outputs.</param>
public sealed record GenerationExample(int Index, string Prompt, IReadOnlyList<string> References);
