using System.Diagnostics;
using SharpAlign.Evaluation.Metrics;
using SharpAlign.Models;
using SharpAlign.Models.Generation;
using SharpAlign.Tokenization;
using SharpAlign.Tokenization.Templates;

namespace SharpAlign.Evaluation.Generation;

/// <summary>
/// Generates an output for every prompt (batched, KV cache, the model's sampling options) and scores
/// the outputs against the references: corpus scores with <see cref="CorpusMetrics"/> and per-example
/// scores with <see cref="SentenceMetrics"/>. A prompt is rendered as one user turn through the chat
/// template when one is given (encoded without extra special tokens, as transformers'
/// <c>apply_chat_template</c> does), else encoded as plain text with the tokenizer's special tokens.
/// Outputs are decoded without special tokens and trimmed of surrounding whitespace.
/// </summary>
public static class GenerationEvaluator
{
    /// <summary>The token ids the model is given for <paramref name="prompt"/>.</summary>
    public static int[] EncodePrompt(ITokenizer tokenizer, ChatTemplate? template, string prompt) =>
        template is null
            ? tokenizer.Encode(prompt, addSpecialTokens: true)
            : tokenizer.Encode(template.Render([new ChatMessage("user", prompt)], addGenerationPrompt: true), addSpecialTokens: false);

    /// <summary>Runs the evaluation; <paramref name="progress"/> receives the number of examples done so far.</summary>
    public static GenerationEvalResult Run(CausalLM model, ITokenizer tokenizer, ChatTemplate? template, IReadOnlyList<GenerationExample> examples,
        GenerationEvalOptions options, IProgress<int>? progress = null)
    {
        if (options.Metrics.Count == 0) throw new InputException("no metrics to score with");
        foreach (string m in options.Metrics)
            if (!CorpusMetrics.IsKnown(m)) throw new InputException($"unknown metric '{m}'; expected one of {string.Join(", ", CorpusMetrics.Names)}");
        if (options.BatchSize < 1) throw new InputException($"batch size must be at least 1, got {options.BatchSize}");
        options.Sampling.Validate();

        var prompts = examples.Select(e => EncodePrompt(tokenizer, template, e.Prompt)).ToArray();
        for (int i = 0; i < prompts.Length; i++)
        {
            if (prompts[i].Length == 0) throw new InputException($"example {i}: the prompt encodes to no tokens");
            foreach (int id in prompts[i])
                if ((uint)id >= (uint)model.VocabSize)
                    throw new InputException($"example {i}: token id {id} is outside the model's vocabulary [0, {model.VocabSize}) — tokenizer and model do not match");
        }

        var sw = Stopwatch.StartNew();
        var hypotheses = new string[examples.Count];
        var newTokens = new int[examples.Count];
        long generated = 0;
        for (int start = 0, batch = 0; start < prompts.Length; start += options.BatchSize, batch++)
        {
            int count = Math.Min(options.BatchSize, prompts.Length - start);
            var outputs = Generator.Generate(model, prompts[start..(start + count)], options.Sampling with { Seed = options.Sampling.Seed + batch });
            for (int k = 0; k < count; k++)
            {
                hypotheses[start + k] = tokenizer.Decode(outputs[k], skipSpecialTokens: true).Trim();
                newTokens[start + k] = outputs[k].Length;
                generated += outputs[k].Length;
            }
            progress?.Report(start + count);
        }
        double seconds = sw.Elapsed.TotalSeconds;

        var refs = examples.Select(e => (IReadOnlyList<string?>)e.References.Select(r => (string?)r).ToList()).ToList();
        var corpus = options.Metrics.Select(m => CorpusMetrics.Score(m, hypotheses, refs, options.MetricSettings)).ToList();
        var sentence = new SentenceMetrics(options.MetricSettings);
        var predictions = examples.Select((e, i) => new GenerationPrediction(e.Index, e.Prompt, e.References, hypotheses[i], newTokens[i],
            options.Metrics.ToDictionary(m => m, m => sentence.Score(m, hypotheses[i], refs[i])))).ToList();
        return new GenerationEvalResult(predictions, corpus, seconds, generated);
    }
}
