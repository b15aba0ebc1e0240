using SharpAlign.Data.Reading;
using SharpAlign.Data.Schema;
using SharpAlign.Tokenization;

namespace SharpAlign.Data.Tokenizing;

/// <summary>
/// Turns validated examples into prompt and completion ids by the chosen <see cref="TokenizationRule"/>
/// (TRL-new's by default, losses.md §3.2 d) and truncates them (§3.2 d, §12.5, §12.9).
/// <para>
/// Joint rule: the model input of each sequence is exactly the tokenization of prompt+completion
/// (plus the EOS id for string completions).
/// The shared prompt is the longest run of prompt-alone ids that every joint tokenization starts
/// with; when a tokenizer merges across the boundary (the last prompt token changes) the prompt is
/// shortened by those tokens and they become the first completion tokens (counted in
/// <see cref="TokenizationStats.BoundaryMerges"/>). TRL-new instead slices at len(prompt ids) with
/// a warning, which feeds the model a sequence the tokenizer never produces.
/// </para>
/// <para>
/// EOS: TRL-new appends the EOS *text* to string completions. We append the EOS *id* after
/// tokenizing (dropping an EOS text the completion already ends with), so every string completion
/// ends with exactly one EOS id: with Llama-2's tokenizer the text "&lt;/s&gt;" right after a word
/// does not become the EOS id (the added token is normalized to "▁&lt;/s&gt;", which "Answer&lt;/s&gt;"
/// does not contain), so the text rule would silently train on the pieces "&lt;/", "s", "&gt;".
/// </para>
/// <para>
/// Truncation, in order: max_prompt_length keeps the prompt's last tokens (and its leading BOS);
/// max_completion_length keeps each completion's first tokens; max_length with keep_start drops
/// examples whose prompt alone reaches max_length and cuts completions to the room left, with
/// keep_end drops the start of the prompt (keeping BOS) so the longest completion fits — one
/// prompt for both completions, as prefix sharing needs. A completion that truncation leaves
/// empty or whitespace-only drops the example; so does an empty prompt (nothing would predict the
/// first completion token).
/// </para>
/// </summary>
public sealed class PreferenceTokenizer
{
    private readonly ITokenizer? _tokenizer;
    private readonly IChatRenderer? _renderer;
    private readonly TokenizationOptions _options;
    private bool _doubledBos;

    /// <summary>
    /// <paramref name="tokenizer"/> may be null only for pre-tokenized data; <paramref name="renderer"/>
    /// is needed for conversational rows.
    /// </summary>
    public PreferenceTokenizer(ITokenizer? tokenizer, IChatRenderer? renderer, TokenizationOptions options)
    {
        options.Validate();
        (_tokenizer, _renderer, _options) = (tokenizer, renderer, options);
    }

    /// <summary>What tokenization adjusted so far.</summary>
    public TokenizationStats Stats { get; } = new();

    /// <summary>Tokenizes and truncates one example; exactly one result is non-null.</summary>
    public (TokenizedExample? Example, RowProblem? Problem) Tokenize(PreferenceExample example)
    {
        var names = example.IsPair
            ? example.BestResponse is null ? new[] { "chosen", "rejected" } : ["chosen", "rejected", "best_response"]
            : ["completion"];
        int[] prompt;
        int[][] completions;
        _doubledBos = false;
        if (example.PromptIds is not null)
        {
            prompt = example.PromptIds;
            completions = [example.ChosenIds!, example.RejectedIds!];
            names = ["chosen_input_ids", "rejected_input_ids"];
            var bad = CheckIds(prompt, "prompt_input_ids") ?? CheckIds(completions[0], names[0]) ?? CheckIds(completions[1], names[1]);
            if (bad is not null) return (null, bad);
        }
        else
        {
            var texts = example.IsPair
                ? example.BestResponse is null ? new[] { example.Chosen!, example.Rejected! } : [example.Chosen!, example.Rejected!, example.BestResponse]
                : [example.Completion!];
            (prompt, completions) = _options.Rule == TokenizationRule.TrlJoint ? Joint(example.Prompt!, texts) : Separate(example.Prompt!, texts);
            if (_doubledBos) Stats.DoubledBosRemoved++;
        }
        var problem = Truncate(ref prompt, completions, names);
        if (problem is not null) return (null, problem);
        return (new TokenizedExample
        {
            Origin = example.Origin,
            Prompt = prompt,
            Chosen = completions[0],
            Rejected = example.IsPair ? completions[1] : null,
            BestResponse = completions.Length > 2 ? completions[2] : null,
            Label = example.Label,
            ScoreChosen = example.ScoreChosen,
            ScoreRejected = example.ScoreRejected,
            Weight = example.Weight ?? 1,
        }, null);
    }

    private ITokenizer Tokenizer => _tokenizer ?? throw new InputException("text rows need a tokenizer (--tokenizer DIR); only pre-tokenized datasets can be used without one");

    private IChatRenderer Renderer => _renderer ?? throw new InputException("conversational rows need a chat template to render them, and none is available for this tokenizer");

    /// <summary>TRL-new: tokenize prompt and each prompt+completion; completion = joint minus the shared prompt prefix.</summary>
    private (int[] Prompt, int[][] Completions) Joint(RowText prompt, RowText[] completions)
    {
        var tok = Tokenizer;
        int[] promptIds;
        var joint = new int[completions.Length][];
        if (prompt.IsConversation)
        {
            string promptText = Renderer.Render(prompt.Messages!, addGenerationPrompt: true);
            promptIds = Encode(promptText, special: false);
            bool eosLost = false;
            for (int i = 0; i < completions.Length; i++)
            {
                string full = Renderer.Render([.. prompt.Messages!, .. completions[i].Messages!], addGenerationPrompt: false);
                joint[i] = Encode(full, special: false);
                eosLost |= tok.EosToken is { Length: > 0 } eos && tok.EosId is int eosId
                    && full.IndexOf(eos, Math.Min(promptText.Length, full.Length), StringComparison.Ordinal) >= 0
                    && !joint[i].AsSpan(Math.Min(promptIds.Length, joint[i].Length)).Contains(eosId);
            }
            if (eosLost) Stats.EosTextNotEosId++;
        }
        else
        {
            promptIds = Encode(prompt.Text!, special: true);
            for (int i = 0; i < completions.Length; i++)
                joint[i] = WithEosId(Encode(prompt.Text! + WithoutEosText(completions[i].Text!, tok), special: true), tok);
        }
        int shared = promptIds.Length;
        foreach (var j in joint) shared = Math.Min(shared, promptIds.AsSpan().CommonPrefixLength(j));
        if (shared < promptIds.Length) Stats.BoundaryMerges++;
        var result = new int[completions.Length][];
        for (int i = 0; i < joint.Length; i++) result[i] = joint[i][shared..];
        return (promptIds[..shared], result);
    }

    /// <summary>TRL-legacy: prompt and completions tokenized separately without special tokens; EOS id appended to string completions.</summary>
    private (int[] Prompt, int[][] Completions) Separate(RowText prompt, RowText[] completions)
    {
        var tok = Tokenizer;
        var result = new int[completions.Length][];
        if (prompt.IsConversation)
        {
            string p = Renderer.Render(prompt.Messages!, addGenerationPrompt: true);
            for (int i = 0; i < completions.Length; i++)
            {
                string full = Renderer.Render([.. prompt.Messages!, .. completions[i].Messages!], addGenerationPrompt: false);
                int cut = full.StartsWith(p, StringComparison.Ordinal) ? p.Length : p.AsSpan().CommonPrefixLength(full);
                result[i] = tok.Encode(full[cut..], addSpecialTokens: false);
            }
            return (tok.Encode(p, addSpecialTokens: false), result);
        }
        for (int i = 0; i < completions.Length; i++)
            result[i] = WithEosId(tok.Encode(WithoutEosText(completions[i].Text!, tok), addSpecialTokens: false), tok);
        return (tok.Encode(prompt.Text!, addSpecialTokens: false), result);
    }

    /// <summary>The completion without a trailing EOS text (the id is appended after tokenization instead).</summary>
    private static string WithoutEosText(string completion, ITokenizer tok) =>
        tok.EosToken is { Length: > 0 } eos && completion.EndsWith(eos, StringComparison.Ordinal) ? completion[..^eos.Length] : completion;

    /// <summary>Appends the EOS id unless the ids already end with it (a post-processor may add it).</summary>
    private static int[] WithEosId(int[] ids, ITokenizer tok) =>
        tok.EosId is int eos && (ids.Length == 0 || ids[^1] != eos) ? [.. ids, eos] : ids;

    /// <summary>Encodes and removes a doubled leading BOS (text that already starts with BOS text, plus the tokenizer's own).</summary>
    private int[] Encode(string text, bool special)
    {
        var ids = Tokenizer.Encode(text, special);
        if (Tokenizer.BosId is int bos && ids.Length >= 2 && ids[0] == bos && ids[1] == bos)
        {
            _doubledBos = true;
            int n = 1;
            while (n < ids.Length && ids[n] == bos) n++;
            return ids[(n - 1)..];
        }
        return ids;
    }

    private RowProblem? CheckIds(int[] ids, string field)
    {
        if (_tokenizer is null) return null;
        foreach (int id in ids)
            if (id >= _tokenizer.VocabSize)
                return new RowProblem(DropReason.TokenIdOutOfRange, field, $"token id {id} is outside the tokenizer's vocabulary (size {_tokenizer.VocabSize})");
        return null;
    }

    private RowProblem? Truncate(ref int[] prompt, int[][] completions, string[] names)
    {
        var cut = new bool[completions.Length];
        if (_options.MaxPromptLength is int mp && prompt.Length > mp) prompt = KeepLast(prompt, mp);
        if (_options.MaxCompletionLength is int mc)
            for (int i = 0; i < completions.Length; i++)
                if (completions[i].Length > mc) { completions[i] = completions[i][..mc]; cut[i] = true; }
        if (_options.MaxLength is int ml)
        {
            if (_options.TruncationMode == TruncationMode.KeepStart)
            {
                if (prompt.Length >= ml)
                    return new RowProblem(DropReason.PromptTooLong, "prompt", $"the prompt has {prompt.Length} tokens, max_length is {ml}: nothing would be left for the completion");
                for (int i = 0; i < completions.Length; i++)
                    if (prompt.Length + completions[i].Length > ml) { completions[i] = completions[i][..(ml - prompt.Length)]; cut[i] = true; }
            }
            else
            {
                int longest = completions.Max(c => c.Length);
                int room = ml - longest;
                if (room < 1)
                    return new RowProblem(DropReason.CompletionTooLong, names[Array.FindIndex(completions, c => c.Length == longest)],
                        $"keep_end: the completion alone has {longest} tokens, max_length is {ml}");
                if (prompt.Length > room) prompt = KeepLast(prompt, room);
            }
        }
        if (prompt.Length == 0)
            return new RowProblem(DropReason.EmptyPrompt, "prompt", "the prompt has no tokens, so nothing predicts the first completion token");
        for (int i = 0; i < completions.Length; i++)
        {
            if (completions[i].Length == 0)
                return new RowProblem(cut[i] ? DropReason.CompletionEmptyAfterTruncation : DropReason.EmptyCompletion, names[i], "completion has no tokens" + (cut[i] ? " after truncation" : ""));
            if (!cut[i]) continue;
            Stats.CompletionsTruncated++;
            if (_tokenizer is not null && string.IsNullOrWhiteSpace(_tokenizer.Decode(completions[i], skipSpecialTokens: true)))
                return new RowProblem(DropReason.CompletionEmptyAfterTruncation, names[i], "truncation left only whitespace or special tokens of the completion");
        }
        return null;
    }

    /// <summary>The last <paramref name="n"/> tokens, keeping a leading BOS in front when there is room for it and one more.</summary>
    private int[] KeepLast(int[] prompt, int n)
    {
        Stats.PromptsTruncated++;
        if (n >= 2 && _tokenizer?.BosId is int bos && prompt[0] == bos) return [bos, .. prompt[^(n - 1)..]];
        return prompt[^n..];
    }
}
