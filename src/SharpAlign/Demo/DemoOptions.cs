namespace SharpAlign.Demo;

/// <summary>One preference-training run of the demo: a loss from the objective catalogue at a β.</summary>
/// <param name="LossType">The <c>loss_type</c> (sigmoid, ipo, hinge, dpo-gamma, simpo, …).</param>
/// <param name="Beta">β of the loss.</param>
public sealed record DemoRun(string LossType, double Beta)
{
    /// <summary>Folder-safe run name, e.g. <c>sigmoid-b0.1</c>.</summary>
    public string Name => $"{LossType}-b{Beta.ToString("0.###", System.Globalization.CultureInfo.InvariantCulture)}";
}

/// <summary>
/// Everything the demo pipeline does, as plain data: sizes of the language corpus, tokenizer and
/// model, the SFT and preference-training budgets, the sampling and evaluation sizes, and the runs.
/// <see cref="Quick"/> and <see cref="Default"/> are the two presets of <c>sharpalign demo</c>.
/// </summary>
public sealed record DemoOptions
{
    /// <summary>Where every artifact (and report.html, summary.json) is written.</summary>
    public string OutDir { get; init; } = "demo-out";
    /// <summary>Seed of the corpus, the model initialisation, sampling and training.</summary>
    public int Seed { get; init; } = 1;

    /// <summary>Reviews in the SFT corpus.</summary>
    public int CorpusSize { get; init; } = 3000;
    /// <summary>BPE vocabulary size (special and byte tokens included).</summary>
    public int VocabSize { get; init; } = 600;

    /// <summary>Model <c>hidden_size</c>.</summary>
    public int HiddenSize { get; init; } = 64;
    /// <summary>Model <c>num_hidden_layers</c>.</summary>
    public int NumLayers { get; init; } = 2;
    /// <summary>Model <c>num_attention_heads</c> (key/value heads: half of them).</summary>
    public int NumHeads { get; init; } = 4;
    /// <summary>Model <c>intermediate_size</c>.</summary>
    public int IntermediateSize { get; init; } = 128;

    /// <summary>SFT optimizer steps.</summary>
    public int SftSteps { get; init; } = 500;
    /// <summary>SFT examples per step.</summary>
    public int SftBatchSize { get; init; } = 32;
    /// <summary>SFT peak learning rate (linear decay).</summary>
    public double SftLearningRate { get; init; } = 5e-3;

    /// <summary>
    /// Prompts sampled for preference pairs. Fresh pairs matter: with about one pass over the pairs
    /// (prompts ≈ steps × batch) the policy gains reward at a fraction of the KL and fluency cost of
    /// several epochs over fewer pairs, which the tiny model memorises.
    /// </summary>
    public int PairPrompts { get; init; } = 1280;
    /// <summary>Completions sampled per prompt; chosen is the best-scored, rejected the worst.</summary>
    public int SamplesPerPrompt { get; init; } = 4;
    /// <summary>Token limit of every sampled completion.</summary>
    public int MaxNewTokens { get; init; } = 40;

    /// <summary>Preference-training optimizer steps per run.</summary>
    public int PreferenceSteps { get; init; } = 40;
    /// <summary>Pairs per preference step.</summary>
    public int PreferenceBatchSize { get; init; } = 32;
    /// <summary>Preference-training peak learning rate (full fine-tuning, linear decay).</summary>
    public double PreferenceLearningRate { get; init; } = 5e-4;

    /// <summary>Held-out prompts for evaluation.</summary>
    public int EvalPrompts { get; init; } = 256;
    /// <summary>Completions sampled per held-out prompt.</summary>
    public int EvalSamplesPerPrompt { get; init; } = 2;
    /// <summary>Sample completions shown in the report.</summary>
    public int ReportSamples { get; init; } = 8;

    /// <summary>The preference-training runs.</summary>
    public IReadOnlyList<DemoRun> Runs { get; init; } = DefaultRuns(DefaultLosses, null);

    /// <summary>The losses of the default run.</summary>
    public static readonly IReadOnlyList<string> DefaultLosses = ["sigmoid", "ipo", "hinge", "dpo-gamma", "simpo"];

    /// <summary>Extra β values the default run tries for the sigmoid (DPO) loss.</summary>
    public static readonly IReadOnlyList<double> ExtraSigmoidBetas = [0.05, 0.3];

    /// <summary>
    /// The β a loss uses when none is given: 0.1 for the DPO family; 2.0 for SimPO, whose β scales a
    /// length-normalised margin (the SimPO repository's default); 0.5 for IPO, whose target margin 1/(2β) is per token here.
    /// </summary>
    public static double DefaultBeta(string lossType) => lossType switch
    {
        "simpo" => 2.0,
        "ipo" => 0.5,
        _ => 0.1,
    };

    /// <summary>
    /// Runs for <paramref name="losses"/>: every loss at every β of <paramref name="betas"/> when given,
    /// otherwise each at its <see cref="DefaultBeta"/>, plus <see cref="ExtraSigmoidBetas"/> for sigmoid.
    /// </summary>
    public static IReadOnlyList<DemoRun> DefaultRuns(IReadOnlyList<string> losses, IReadOnlyList<double>? betas, bool extraSigmoidBetas = true)
    {
        var runs = new List<DemoRun>();
        foreach (var loss in losses)
        {
            if (betas is { Count: > 0 }) runs.AddRange(betas.Select(b => new DemoRun(loss, b)));
            else
            {
                runs.Add(new DemoRun(loss, DefaultBeta(loss)));
                if (loss == "sigmoid" && extraSigmoidBetas) runs.AddRange(ExtraSigmoidBetas.Select(b => new DemoRun(loss, b)));
            }
        }
        return runs.Distinct().ToList();
    }

    /// <summary>The default demo: five losses (three β values for sigmoid) on a 2-layer model.</summary>
    public static DemoOptions Default() => new();

    /// <summary>The <c>--quick</c> demo: half the corpus, half the held-out prompts, sigmoid and IPO only.</summary>
    public static DemoOptions Quick() => new()
    {
        CorpusSize = 1500,
        EvalPrompts = 128,
        Runs = DefaultRuns(["sigmoid", "ipo"], null, extraSigmoidBetas: false),
    };

    /// <summary>
    /// A copy with one numeric option changed by its property name (case-insensitive), e.g.
    /// <c>SftSteps=400</c>: the command line's <c>--set</c> for tuning sizes and budgets.
    /// </summary>
    public DemoOptions WithSetting(string assignment)
    {
        int eq = assignment.IndexOf('=');
        if (eq <= 0) throw new InputException($"--set {assignment}: expected NAME=VALUE");
        string name = assignment[..eq].Trim(), text = assignment[(eq + 1)..].Trim();
        var prop = typeof(DemoOptions).GetProperties().FirstOrDefault(p => p.CanWrite && string.Equals(p.Name, name, StringComparison.OrdinalIgnoreCase)
            && (p.PropertyType == typeof(int) || p.PropertyType == typeof(double)))
            ?? throw new InputException($"--set {assignment}: no numeric demo option '{name}' (options: {string.Join(", ", typeof(DemoOptions).GetProperties()
                .Where(p => p.PropertyType == typeof(int) || p.PropertyType == typeof(double)).Select(p => p.Name))})");
        var inv = System.Globalization.CultureInfo.InvariantCulture;
        object value = prop.PropertyType == typeof(int)
            ? int.TryParse(text, System.Globalization.NumberStyles.Integer, inv, out int i) ? (object)i : throw new InputException($"--set {assignment}: '{text}' is not an integer")
            : double.TryParse(text, System.Globalization.NumberStyles.Float, inv, out double d) ? (object)d : throw new InputException($"--set {assignment}: '{text}' is not a number");
        var copy = this with { };
        prop.SetValue(copy, value);
        return copy;
    }

    /// <summary>Checks the values, naming the bad one.</summary>
    public void Validate()
    {
        void Positive(int v, string name) { if (v <= 0) throw new InputException($"demo option {name} must be positive, got {v}"); }
        Positive(CorpusSize, nameof(CorpusSize)); Positive(VocabSize, nameof(VocabSize)); Positive(HiddenSize, nameof(HiddenSize));
        Positive(NumLayers, nameof(NumLayers)); Positive(NumHeads, nameof(NumHeads)); Positive(IntermediateSize, nameof(IntermediateSize));
        Positive(SftSteps, nameof(SftSteps)); Positive(SftBatchSize, nameof(SftBatchSize)); Positive(PairPrompts, nameof(PairPrompts));
        Positive(MaxNewTokens, nameof(MaxNewTokens)); Positive(PreferenceSteps, nameof(PreferenceSteps)); Positive(PreferenceBatchSize, nameof(PreferenceBatchSize));
        Positive(EvalPrompts, nameof(EvalPrompts)); Positive(EvalSamplesPerPrompt, nameof(EvalSamplesPerPrompt));
        if (SamplesPerPrompt < 2) throw new InputException($"demo option SamplesPerPrompt must be at least 2 (a pair needs two completions), got {SamplesPerPrompt}");
        if (HiddenSize % NumHeads != 0 || NumHeads % 2 != 0) throw new InputException($"demo option NumHeads ({NumHeads}) must be even and divide HiddenSize ({HiddenSize})");
        if (Runs.Count == 0) throw new InputException("the demo needs at least one loss to train");
        foreach (var r in Runs)
            if (!(r.Beta > 0) || !double.IsFinite(r.Beta)) throw new InputException($"β of {r.LossType} must be a positive number, got {r.Beta}");
    }
}
