namespace SharpAlign.Objectives.Dpo;

/// <summary>
/// TRL's DPOTrainer loss (research/losses.md §4): one or more loss types combined as
/// loss = Σ_k w_k · mean_i(ω_i · L_k,i), where ω_i is the WPO pair weight (1 without
/// <c>use_weighting</c>). Before the terms: LD-DPO re-weighting ℓ̂ = α·ℓ + (1−α)·ℓ_shared (§4.5),
/// log-ratios r = ℓ̂_θ − ℓ̂_ref, f-divergence scores s = f(r) (§4.3).
/// Metrics (§4.8): rewards/chosen = mean β·r_w, rewards/rejected, rewards/margins,
/// rewards/accuracies (strict β·r_w &gt; β·r_l), logps/chosen = mean ℓ̂_θ(y_w), logps/rejected.
/// Source: huggingface/trl trl/trainer/dpo_trainer.py (main f2cd577).
/// </summary>
public sealed class DpoObjective : IPairedObjective
{
    private readonly DpoOptions _options;
    private readonly IPairLossTerm[] _terms;
    private readonly double[] _weights;
    private readonly bool _needsReference;
    private readonly FDivergence _f;

    /// <inheritdoc />
    public ObjectiveInfo Info { get; }

    /// <summary>Combines <paramref name="terms"/> with <paramref name="weights"/> (same length) under <paramref name="options"/>.</summary>
    public DpoObjective(ObjectiveInfo info, DpoOptions options, IReadOnlyList<IPairLossTerm> terms, IReadOnlyList<double> weights, bool needsReference)
    {
        if (terms.Count == 0) throw new InputException($"objective '{info.Name}': no loss types");
        if (weights.Count != terms.Count)
            throw new InputException($"objective '{info.Name}': loss_weights has {weights.Count} entries but loss_type has {terms.Count}");
        if (options.UseWeighting && terms.FirstOrDefault(t => t is AotLoss) is { } aot)
            throw new InputException($"objective '{info.Name}': use_weighting (WPO) is not allowed with '{aot.Name}' (TRL rejects it: aot pairs sorted values, not pairs)");
        Info = info;
        _options = options;
        _terms = terms.ToArray();
        _weights = weights.ToArray();
        _needsReference = needsReference && !options.ReferenceFree;
        _f = new FDivergence(options.FDivergenceType, options.FAlphaDivergenceCoef);
    }

    /// <inheritdoc />
    public ObjectiveResult<PreferenceGradient> Compute(PreferenceBatch batch)
    {
        batch.Validate();
        if (_needsReference) batch.RequireReference(Info.Name);
        int n = batch.Count;
        var grad = new PreferenceGradient(batch);
        var zeros = new double[n];
        double alpha = _options.LdAlpha ?? 1;
        bool ld = _options.LdAlpha is not null;
        bool useRef = !_options.ReferenceFree && batch.ReferenceChosen is not null;
        bool ldRef = ld && useRef && _options.LdOnReference;
        if (ld)
        {
            Require(batch.PolicyChosenShared, nameof(batch.PolicyChosenShared));
            Require(batch.PolicyRejectedShared, nameof(batch.PolicyRejectedShared));
            if (ldRef)
            {
                Require(batch.ReferenceChosenShared, nameof(batch.ReferenceChosenShared));
                Require(batch.ReferenceRejectedShared, nameof(batch.ReferenceRejectedShared));
            }
        }
        var pw = ld ? Mix(batch.PolicyChosen, batch.PolicyChosenShared!, alpha) : batch.PolicyChosen;
        var pl = ld ? Mix(batch.PolicyRejected, batch.PolicyRejectedShared!, alpha) : batch.PolicyRejected;
        var rw = !useRef ? zeros : ldRef ? Mix(batch.ReferenceChosen!, batch.ReferenceChosenShared!, alpha) : batch.ReferenceChosen!;
        var rl = !useRef ? zeros : ldRef ? Mix(batch.ReferenceRejected!, batch.ReferenceRejectedShared!, alpha) : batch.ReferenceRejected!;

        var pairWeight = new double[n];
        var weightPasses = new bool[n];
        for (int i = 0; i < n; i++) { pairWeight[i] = 1; weightPasses[i] = true; }
        if (_options.UseWeighting)
        {
            var w = batch.Weights ?? throw new InputException($"objective '{Info.Name}': use_weighting (WPO) needs per-pair Weights in the batch");
            for (int i = 0; i < n; i++)
            {
                pairWeight[i] = _options.WpoClamp ? Math.Min(1, w[i]) : w[i];
                weightPasses[i] = !_options.WpoClamp || w[i] < 1;
            }
        }

        var ctx = new PairContext(batch, grad, _options.Beta, pw, pl, rw, rl, _f);
        double loss = 0;
        var upstream = new double[n];
        var losses = new double[n];
        for (int k = 0; k < _terms.Length; k++)
        {
            for (int i = 0; i < n; i++) upstream[i] = _weights[k] * pairWeight[i] / n;
            Array.Clear(losses);
            _terms[k].Evaluate(ctx, upstream, losses);
            for (int i = 0; i < n; i++)
            {
                loss += upstream[i] * losses[i];
                if (_options.UseWeighting && weightPasses[i]) grad.Weights![i] += _weights[k] * losses[i] / n;
            }
        }

        for (int i = 0; i < n; i++)
        {
            double dw = ctx.GradScoreChosen[i] * _f.Derivative(ctx.RatioChosen[i]);
            double dl = ctx.GradScoreRejected[i] * _f.Derivative(ctx.RatioRejected[i]);
            ctx.GradPolicyChosen[i] += dw;
            ctx.GradReferenceChosen[i] -= dw;
            ctx.GradPolicyRejected[i] += dl;
            ctx.GradReferenceRejected[i] -= dl;
        }
        Spread(ctx.GradPolicyChosen, grad.PolicyChosen, grad.PolicyChosenShared, alpha, ld);
        Spread(ctx.GradPolicyRejected, grad.PolicyRejected, grad.PolicyRejectedShared, alpha, ld);
        if (useRef)
        {
            Spread(ctx.GradReferenceChosen, grad.ReferenceChosen!, grad.ReferenceChosenShared, alpha, ldRef);
            Spread(ctx.GradReferenceRejected, grad.ReferenceRejected!, grad.ReferenceRejectedShared, alpha, ldRef);
        }

        var metricRefW = useRef ? rw : batch.ReferenceChosen ?? zeros;
        var metricRefL = useRef ? rl : batch.ReferenceRejected ?? zeros;
        var metrics = RewardMetrics.Paired(_options.Beta, pw, pl, metricRefW, metricRefL);
        foreach (var (key, value) in ctx.Metrics) metrics[key] = value;
        return new ObjectiveResult<PreferenceGradient> { Loss = loss, Gradient = grad, Metrics = metrics };
    }

    private void Require(double[]? a, string field)
    {
        if (a is null)
            throw new InputException($"objective '{Info.Name}': ld_alpha (LD-DPO) needs {field} — the log-prob of the first min(n_w, n_l) completion tokens — in the batch");
    }

    private static double[] Mix(double[] full, double[] shared, double alpha)
    {
        var r = new double[full.Length];
        for (int i = 0; i < r.Length; i++) r[i] = alpha * full[i] + (1 - alpha) * shared[i];
        return r;
    }

    /// <summary>∂/∂ℓ̂ → ∂/∂ℓ (α·g) and ∂/∂ℓ_shared ((1−α)·g).</summary>
    private static void Spread(double[] g, double[] full, double[]? shared, double alpha, bool ld)
    {
        for (int i = 0; i < g.Length; i++)
        {
            full[i] += ld ? alpha * g[i] : g[i];
            if (ld && shared is not null) shared[i] += (1 - alpha) * g[i];
        }
    }
}
