using SharpAlign.Data;
using SharpAlign.Models.Layers;
using SharpAlign.Tensors;

namespace SharpAlign.Models;

/// <summary>Per scored entry log-probabilities (and token entropies when asked) from <see cref="CausalLM.Forward"/>.</summary>
/// <param name="LogProbs">log p(target) per scored entry of the batch. [S]</param>
/// <param name="Entropy">Entropy of the predicted distribution per scored entry, or null when not asked. [S]</param>
public sealed record ForwardResult(float[] LogProbs, float[]? Entropy);

/// <summary>
/// A decoder-only language model (Llama, Qwen2, Mistral, Gemma-2) in float32 with forward and
/// backward on packed batches, LoRA, and the chunked log-prob head. Parameters keep their
/// Hugging Face (and PEFT) names. A forward with <c>training: true</c> keeps what the backward
/// needs; one with <c>training: false</c> (e.g. the reference, adapters off) uses separate
/// scratch and leaves the saved training state untouched.
/// </summary>
public sealed partial class CausalLM : IDisposable
{
    /// <summary>The model's configuration.</summary>
    public ModelConfig Config { get; }

    /// <summary>model.embed_tokens.</summary>
    public Embedding Embedding { get; }

    /// <summary>model.layers.</summary>
    public IReadOnlyList<DecoderBlock> Layers => _blocks;

    /// <summary>model.norm.</summary>
    public RmsNorm FinalNorm { get; }

    /// <summary>lm_head (sharing the embedding parameter when tied).</summary>
    public LogProbHead Head { get; }

    /// <summary>Rotary tables shared by all layers.</summary>
    public Rotary Rope { get; }

    /// <summary>When true, the backward recomputes each layer's forward instead of keeping every layer's activations.</summary>
    public bool ActivationCheckpointing { get; set; }

    private readonly DecoderBlock[] _blocks;
    private readonly List<Parameter> _baseParameters;
    private ReleasableBuffer? _gradBlock;
    private ulong _dropoutSeed;
    private long _step;

    // training state (kept for Backward)
    private float[][] _resid = [];
    private DecoderBlockState[] _states = [];
    private readonly DecoderBlockState _recomputeState = new();
    private float[] _recomputeOut = [];
    private readonly RmsNormState _finalState = new();
    private readonly LogProbHeadState _headState = new();
    private float[] _gathered = [], _normed = [];
    private PackedBatch? _batch;
    private PackedAttention? _ctx;
    private bool _adapters;
    private ulong _stepKey;
    // inference scratch
    private float[] _inA = [], _inB = [], _inGathered = [], _inNormed = [];
    private readonly DecoderBlockState _inState = new();
    private readonly RmsNormState _inFinalState = new();
    private readonly LogProbHeadState _inHeadState = new();
    // backward scratch
    private readonly Workspace _ws = new();
    private float[] _dres = [], _dNormed = [], _dGathered = [];

    /// <summary>
    /// Builds the model from float32 tensors with Hugging Face names (the model takes ownership of them).
    /// All parameters start frozen; call <see cref="SetFullTraining"/> or <see cref="EnableLora"/>.
    /// </summary>
    public CausalLM(ModelConfig config, IReadOnlyDictionary<string, Tensor> tensors)
    {
        Config = config;
        ValidateConfig(config);
        _baseParameters = new List<Parameter>();
        int h = config.HiddenSize, inter = config.IntermediateSize, d = config.HeadDim;
        Parameter Take(string name, params int[] shape)
        {
            if (!tensors.TryGetValue(name, out var t))
                throw new InputException($"checkpoint: tensor \"{name}\" [{string.Join(", ", shape)}] is missing");
            if (!t.Shape.AsSpan().SequenceEqual(shape))
                throw new InputException($"checkpoint: tensor \"{name}\" has shape [{string.Join(", ", t.Shape)}], expected [{string.Join(", ", shape)}]");
            var p = new Parameter(name, t, trainable: false);
            _baseParameters.Add(p);
            return p;
        }
        Linear Lin(string prefix, int outF, int inF, bool bias) =>
            new(Take(prefix + ".weight", outF, inF), bias ? Take(prefix + ".bias", outF) : null);

        var embed = Take("model.embed_tokens.weight", config.VocabSize, h);
        Embedding = new Embedding(embed, config.ScaleEmbeddings ? (float)Math.Sqrt(h) : 1f,
            config.PadTokenId is { } pad && pad >= 0 && pad < config.VocabSize ? pad : -1);
        Rope = new Rotary(d, config.RopeTheta, config.RopeScaling);
        bool gelu = GatedActivation.IsGeluTanh(config.HiddenAct);
        _blocks = new DecoderBlock[config.NumLayers];
        for (int l = 0; l < config.NumLayers; l++)
        {
            string p = $"model.layers.{l}.";
            RmsNorm Norm(string name) => new(Take(p + name + ".weight", h), config.RmsNormEps, config.NormAddsOne);
            var inNorm = Norm("input_layernorm");
            var attn = new SelfAttention(l,
                Lin(p + "self_attn.q_proj", config.NumHeads * d, h, config.AttentionBias),
                Lin(p + "self_attn.k_proj", config.NumKvHeads * d, h, config.AttentionBias),
                Lin(p + "self_attn.v_proj", config.NumKvHeads * d, h, config.AttentionBias),
                Lin(p + "self_attn.o_proj", h, config.NumHeads * d, config.OutputBias),
                SpecFor(config, l), Rope);
            var postAttn = Norm("post_attention_layernorm");
            var preFf = config.SandwichNorms ? Norm("pre_feedforward_layernorm") : null;
            var postFf = config.SandwichNorms ? Norm("post_feedforward_layernorm") : null;
            var mlp = new GatedMlp(
                Lin(p + "mlp.gate_proj", inter, h, config.MlpBias),
                Lin(p + "mlp.up_proj", inter, h, config.MlpBias),
                Lin(p + "mlp.down_proj", h, inter, config.MlpBias), gelu);
            _blocks[l] = new DecoderBlock(inNorm, postAttn, preFf, postFf, attn, mlp);
        }
        FinalNorm = new RmsNorm(Take("model.norm.weight", h), config.RmsNormEps, config.NormAddsOne);
        var headWeight = config.TieWordEmbeddings ? embed : Take("lm_head.weight", config.VocabSize, h);
        Head = new LogProbHead(headWeight, config.FinalLogitSoftcapping ?? 0f);
    }

    /// <summary>Loads a Hugging Face model folder (config.json + safetensors in F32/BF16/F16) as float32, all parameters frozen.</summary>
    public static CausalLM Load(string modelDir)
    {
        var loaded = IO.CheckpointLoader.Load(modelDir);
        try
        {
            return new CausalLM(loaded.Config, loaded.Tensors);
        }
        catch
        {
            foreach (var t in loaded.Tensors.Values) t.Dispose();
            throw;
        }
    }

    private static void ValidateConfig(ModelConfig c)
    {
        void Positive(int v, string field) { if (v <= 0) throw new InputException($"config.json: {field} must be positive, got {v}"); }
        Positive(c.HiddenSize, "hidden_size");
        Positive(c.IntermediateSize, "intermediate_size");
        Positive(c.NumLayers, "num_hidden_layers");
        Positive(c.NumHeads, "num_attention_heads");
        Positive(c.NumKvHeads, "num_key_value_heads");
        Positive(c.HeadDim, "head_dim");
        Positive(c.VocabSize, "vocab_size");
        if (c.NumHeads % c.NumKvHeads != 0)
            throw new InputException($"config.json: num_attention_heads {c.NumHeads} is not a multiple of num_key_value_heads {c.NumKvHeads}");
        if (!(c.QueryPreAttnScalar > 0)) throw new InputException($"config.json: query_pre_attn_scalar must be positive, got {c.QueryPreAttnScalar}");
    }

    /// <summary>The attention rules of layer <paramref name="layer"/>: Gemma-2 slides on even layers only, Mistral on all.</summary>
    public static AttentionSpec SpecFor(ModelConfig c, int layer)
    {
        int window = c.SlidingWindow is { } w && (!c.AlternatingSlidingWindow || layer % 2 == 0) ? w : 0;
        return new AttentionSpec(c.NumHeads, c.NumKvHeads, c.HeadDim, 1f / MathF.Sqrt(c.QueryPreAttnScalar), c.AttnLogitSoftcapping ?? 0f, window);
    }

    /// <summary>Every parameter once, base weights in Hugging Face order, then LoRA adapters.</summary>
    public IReadOnlyList<Parameter> Parameters
    {
        get
        {
            var list = new List<Parameter>(_baseParameters);
            foreach (var (_, lin) in NamedLinears())
                if (lin.Lora is { } lora) { list.Add(lora.A); list.Add(lora.B); }
            return list;
        }
    }

    /// <summary>The parameters the optimizer updates.</summary>
    public IReadOnlyList<Parameter> TrainableParameters => Parameters.Where(p => p.Trainable).ToList();

    /// <summary>Every linear inside the layers with its module path ("model.layers.0.self_attn.q_proj").</summary>
    public IEnumerable<(string Module, Linear Layer)> NamedLinears()
    {
        for (int l = 0; l < _blocks.Length; l++)
            foreach (var (path, lin) in _blocks[l].Linears)
                yield return ($"model.layers.{l}.{path}", lin);
    }

    /// <summary>
    /// Full-parameter training: every base weight trainable (true) or frozen (false). The weight
    /// gradients live in one <see cref="ReleasableBuffer"/>, which <see cref="ZeroGrad"/> hands back to
    /// the OS after each update and the backward takes again layer by layer, so they are resident only
    /// while the saved activations are already being given back.
    /// </summary>
    public unsafe void SetFullTraining(bool trainable)
    {
        if (!trainable)
        {
            foreach (var p in _baseParameters) p.SetTrainable(false);
            _gradBlock?.Dispose();
            _gradBlock = null;
            return;
        }
        if (_gradBlock is not null) return;
        static long Padded(long n) => (n + 15) / 16 * 16;
        _gradBlock = new ReleasableBuffer(_baseParameters.Sum(p => Padded(p.Value.Length)));
        long offset = 0;
        foreach (var p in _baseParameters)
        {
            p.SetTrainable(Tensor.View(_gradBlock.Data + offset, p.Value.Shape));
            offset += Padded(p.Value.Length);
        }
    }

    /// <summary>
    /// True in full-parameter training without activation checkpointing: the backward gives each
    /// layer's saved activations back to the OS once it has used them, while that layer's weight
    /// gradients become resident, so activations and gradients never peak together (at the price of
    /// taking the pages back at the next forward). With LoRA the gradients are small and this would
    /// not lower the peak, so the activations stay resident.
    /// </summary>
    public bool ReleasesActivations => _gradBlock is not null && !ActivationCheckpointing;

    /// <summary>Zeroes the gradients of all trainable parameters (giving the weight gradients' pages back to the OS).</summary>
    public void ZeroGrad()
    {
        _gradBlock?.Release();
        foreach (var p in Parameters)
            if (p.Grad is { } g && !InGradBlock(g)) p.ZeroGrad();
    }

    private unsafe bool InGradBlock(Tensor g) => _gradBlock is { } b && b.Contains(g.Data);

    /// <summary>Largest token id + 1 the model accepts.</summary>
    public int VocabSize => Config.VocabSize;

    private void ValidateBatch(PackedBatch batch)
    {
        int v = Config.VocabSize;
        if (batch.TokenCount == 0) throw new InputException("batch has no tokens");
        for (int i = 0; i < batch.Tokens.Length; i++)
            if ((uint)batch.Tokens[i] >= (uint)v)
                throw new InputException($"token id {batch.Tokens[i]} (at stream index {i}) is outside the vocabulary [0, {v})");
        for (int i = 0; i < batch.ScoreTarget.Length; i++)
        {
            if ((uint)batch.ScoreTarget[i] >= (uint)v)
                throw new InputException($"target token id {batch.ScoreTarget[i]} (scored entry {i}) is outside the vocabulary [0, {v})");
            if ((uint)batch.ScoreSource[i] >= (uint)batch.TokenCount)
                throw new ArgumentException($"scored entry {i} reads row {batch.ScoreSource[i]} of a {batch.TokenCount}-token batch");
        }
        foreach (int p in batch.Positions)
            if (p < 0) throw new ArgumentException("negative rotary position in batch");
    }

    /// <summary>
    /// Runs the model on a packed batch and returns log p(target) for every scored entry (and the
    /// entropy of each predicted distribution when <paramref name="entropy"/>). With
    /// <paramref name="training"/> the activations are kept for <see cref="Backward"/> and LoRA dropout is
    /// active; <paramref name="adaptersEnabled"/> false gives the base model (the reference).
    /// </summary>
    public ForwardResult Forward(PackedBatch batch, bool training, bool adaptersEnabled = true, bool entropy = false)
    {
        ValidateBatch(batch);
        int t = batch.TokenCount, h = Config.HiddenSize, s = batch.ScoredCount, layers = _blocks.Length;
        var ctx = new PackedAttention(batch);
        Rope.EnsurePositions(batch.Positions.Max());
        var logp = new float[s];
        var ent = entropy ? new float[s] : null;
        Span<float> last;
        if (training)
        {
            _step++;
            _stepKey = Dropout.Hash(_dropoutSeed, (ulong)_step);
            if (_resid.Length != layers + 1) _resid = Enumerable.Range(0, layers + 1).Select(_ => Array.Empty<float>()).ToArray();
            if (_states.Length != layers) _states = Enumerable.Range(0, layers).Select(_ => new DecoderBlockState()).ToArray();
            for (int l = 0; l <= layers; l++) Buffers.Ensure(ref _resid[l], (long)t * h);
            Embedding.Forward(batch.Tokens, _resid[0]);
            for (int l = 0; l < layers; l++)
            {
                var st = ActivationCheckpointing ? _recomputeState : _states[l];
                if (ReleasesActivations)
                {
                    // the last backward released these pages: take them back in a few calls rather than a fault per page
                    st.SetResident(true);
                    MemoryPages.SetResident(_resid[l + 1], true);
                }
                _blocks[l].Forward(_resid[l], _resid[l + 1], t, st, ctx, adaptersEnabled, true, LayerKey(l));
            }
            last = _resid[layers];
            HeadForward(batch, last, ref _gathered, ref _normed, _finalState, _headState, logp, ent);
            _batch = batch;
            _ctx = ctx;
            _adapters = adaptersEnabled;
        }
        else
        {
            var a = Buffers.Ensure(ref _inA, (long)t * h);
            var b = Buffers.Ensure(ref _inB, (long)t * h);
            Embedding.Forward(batch.Tokens, a);
            for (int l = 0; l < layers; l++)
            {
                _blocks[l].Forward(a, b, t, _inState, ctx, adaptersEnabled, false, 0);
                (a, b) = (b, a);
            }
            HeadForward(batch, a, ref _inGathered, ref _inNormed, _inFinalState, _inHeadState, logp, ent);
        }
        return new ForwardResult(logp, ent);
    }

    private ulong LayerKey(int layer) => _stepKey + ((ulong)layer << 4);

    private void HeadForward(PackedBatch batch, ReadOnlySpan<float> last, ref float[] gathered, ref float[] normed,
        RmsNormState normState, LogProbHeadState headState, Span<float> logp, float[]? ent)
    {
        int s = batch.ScoredCount, h = Config.HiddenSize;
        var g = Buffers.Ensure(ref gathered, (long)s * h);
        var n = Buffers.Ensure(ref normed, (long)s * h);
        for (int i = 0; i < s; i++) last.Slice(batch.ScoreSource[i] * h, h).CopyTo(g.AsSpan(i * h, h));
        FinalNorm.Forward(g, n, s, normState);
        Head.Forward(n.AsSpan(0, s * h), batch.ScoreTarget, logp, ent, headState);
    }

    /// <summary>
    /// Backward of the last training <see cref="Forward"/>: adds ∂L/∂θ to the gradient of every trainable
    /// parameter, given ∂L/∂logp per scored entry and optionally ∂L/∂entropy (empty when unused).
    /// Frozen weights get no gradient and layers below the lowest trainable parameter are skipped.
    /// </summary>
    public void Backward(ReadOnlySpan<float> dLogp, ReadOnlySpan<float> dEntropy = default)
    {
        var batch = _batch ?? throw new InvalidOperationException("Backward needs a preceding Forward with training: true (each forward serves one backward: the backward releases the saved activations as it goes)");
        var ctx = _ctx!;
        int t = batch.TokenCount, h = Config.HiddenSize, s = batch.ScoredCount, layers = _blocks.Length;
        if (dLogp.Length != s) throw new ArgumentException($"dLogp has {dLogp.Length} entries, the batch scores {s}");
        if (!dEntropy.IsEmpty && dEntropy.Length != s) throw new ArgumentException($"dEntropy has {dEntropy.Length} entries, the batch scores {s}");
        _batch = null;
        var dn = Buffers.Ensure(ref _dNormed, (long)s * h).AsSpan(0, s * h);
        var dg = Buffers.Ensure(ref _dGathered, (long)s * h).AsSpan(0, s * h);
        if (_gradBlock is not null) Head.Weight.CommitGradient();
        Head.Backward(_normed.AsSpan(0, s * h), batch.ScoreTarget, dLogp, dEntropy, dn, _headState);
        int lowest = LowestTrainableLayer();
        if (lowest >= layers && !FinalNorm.Weight.Trainable) return;
        FinalNorm.Backward(_gathered.AsSpan(0, s * h), dn, dg, s, _finalState, accumulate: false);
        if (lowest >= layers) return;
        var dres = Buffers.Ensure(ref _dres, (long)t * h).AsSpan(0, t * h);
        dres.Clear();
        for (int i = 0; i < s; i++)
        {
            var dst = dres.Slice(batch.ScoreSource[i] * h, h);
            System.Numerics.Tensors.TensorPrimitives.Add(dst, dg.Slice(i * h, h), dst);
        }
        for (int l = layers - 1; l >= Math.Max(lowest, 0); l--)
        {
            var st = _states.Length == layers && !ActivationCheckpointing ? _states[l] : _recomputeState;
            if (ActivationCheckpointing)
                _blocks[l].Forward(_resid[l], Buffers.Ensure(ref _recomputeOut, (long)t * h), t, st, ctx, _adapters, true, LayerKey(l));
            if (_gradBlock is not null) _blocks[l].CommitGradients();
            _blocks[l].Backward(_resid[l], dres, t, st, ctx, _ws);
            if (ReleasesActivations)
            {
                st.SetResident(false);
                MemoryPages.SetResident(_resid[l + 1], false);
            }
        }
        if (lowest < 0) Embedding.Backward(batch.Tokens, dres);
    }

    /// <summary>-1 when the embedding is trainable, else the first layer holding a trainable parameter (layer count when none does).</summary>
    private int LowestTrainableLayer()
    {
        if (Embedding.Weight.Trainable) return -1;
        for (int l = 0; l < _blocks.Length; l++)
        {
            var b = _blocks[l];
            bool any = b.InputNorm.Weight.Trainable || b.PostAttentionNorm.Weight.Trainable
                || (b.PreFeedForwardNorm?.Weight.Trainable ?? false) || (b.PostFeedForwardNorm?.Weight.Trainable ?? false)
                || b.Linears.Any(x => x.Layer.Weight.Trainable || (x.Layer.Bias?.Trainable ?? false)
                    || (x.Layer.Lora is { } lo && (lo.A.Trainable || lo.B.Trainable)));
            if (any) return l;
        }
        return _blocks.Length;
    }

    /// <summary>Sum of per-entry values (e.g. log-probs) for each scored sequence of the batch, accumulated in double.</summary>
    public static float[] SequenceSums(PackedBatch batch, ReadOnlySpan<float> perEntry)
    {
        if (perEntry.Length != batch.ScoredCount) throw new ArgumentException($"{perEntry.Length} values for {batch.ScoredCount} scored entries");
        return SequenceStats.Sums(batch, perEntry).Select(x => (float)x).ToArray();
    }

    /// <summary>Spreads a per-sequence gradient (∂L/∂Σlogp) to every scored entry of that sequence.</summary>
    public static float[] SequenceGradToEntries(PackedBatch batch, ReadOnlySpan<float> perSequence)
    {
        if (perSequence.Length != batch.Sequences.Length) throw new ArgumentException($"{perSequence.Length} values for {batch.Sequences.Length} sequences");
        var d = new float[batch.ScoredCount];
        for (int i = 0; i < d.Length; i++) d[i] = perSequence[batch.ScoreSequence[i]];
        return d;
    }

    /// <summary>
    /// Full logits [rows.Length, V] (after any soft-capping) at the given stream rows, from an inference
    /// forward. For generation checks and tests; training uses the chunked head.
    /// </summary>
    public float[] Logits(PackedBatch batch, ReadOnlySpan<int> rows, bool adaptersEnabled = true)
    {
        ValidateBatch(batch);
        Rope.EnsurePositions(batch.Positions.Max());
        return RunRows(batch.Tokens, new PackedAttention(batch), adaptersEnabled, rows);
    }

    /// <summary>
    /// Inference forward of <paramref name="tokens"/> (one row each) with attention supplied by
    /// <paramref name="ctx"/>, returning logits [logitRows.Length, V]. Token ids must be in range and
    /// the rotary table must cover the context's positions.
    /// </summary>
    internal float[] RunRows(ReadOnlySpan<int> tokens, AttentionContext ctx, bool adaptersEnabled, ReadOnlySpan<int> logitRows)
    {
        int t = tokens.Length, h = Config.HiddenSize;
        var a = Buffers.Ensure(ref _inA, (long)t * h);
        var b = Buffers.Ensure(ref _inB, (long)t * h);
        Embedding.Forward(tokens, a);
        for (int l = 0; l < _blocks.Length; l++)
        {
            _blocks[l].Forward(a, b, t, _inState, ctx, adaptersEnabled, false, 0);
            (a, b) = (b, a);
        }
        return FinalLogits(a, logitRows);
    }

    /// <summary>final norm + head on selected rows of the last hidden states [*, H] → [rows, V].</summary>
    internal float[] FinalLogits(ReadOnlySpan<float> hidden, ReadOnlySpan<int> rows)
    {
        int h = Config.HiddenSize, n = rows.Length;
        var g = new float[n * h];
        var normed = new float[n * h];
        for (int i = 0; i < n; i++) hidden.Slice(rows[i] * h, h).CopyTo(g.AsSpan(i * h, h));
        FinalNorm.Forward(g, normed, n, new RmsNormState());
        var logits = new float[n * Config.VocabSize];
        Head.Logits(normed, logits, n);
        return logits;
    }

    /// <inheritdoc />
    public void Dispose()
    {
        foreach (var p in Parameters) p.Dispose();
        _gradBlock?.Dispose();
    }
}
