using SharpAlign.Objectives.Cpo;
using SharpAlign.Objectives.Dpo;
using SharpAlign.Objectives.Kto;
using SharpAlign.Objectives.Orpo;
using static SharpAlign.Objectives.HyperParameter;

namespace SharpAlign.Objectives;

/// <summary>
/// The catalogue behind <see cref="ObjectiveRegistry"/>: one entry per objective of
/// research/losses.md §2, with its hyperparameters (TRL / paper names and defaults), formula and source.
/// Where TRL versions disagree, defaults follow current TRL and the legacy behaviour is a named option.
/// </summary>
internal static class ObjectiveCatalog
{
    private const string Trl = "huggingface/trl trl/trainer/dpo_trainer.py";
    private const string CustomPOs = "martimfasantos/CustomPOs-for-SLMs algorithms/custom_po_trainer.py";
    private const string TrlCpo = "huggingface/trl trl/experimental/cpo/cpo_trainer.py";

    /// <summary>The DPOTrainer pipeline settings every DPO-family loss type accepts.</summary>
    internal static readonly HyperParameter[] DpoPipeline =
    [
        Number("beta", 0.1, "β: inverse temperature of the implicit reward (τ for IPO)", min: 0, minExclusive: true),
        Number("label_smoothing", 0.0, "ε: assumed label-flip rate, read by cdpo, robust, exo_pair, aot, aot_unpaired, dpo-gamma (and sigmoid with legacy_sigmoid_smoothing)", min: 0, max: 1, maxExclusive: true),
        Choice("f_divergence_type", "reverse_kl", "f-DPO score s(r): reverse_kl s=r, forward_kl s=−e^{−r}, js_divergence s=log σ(r), alpha_divergence s=e^{(α−1)r}/(α−1)", FDivergence.Types),
        Number("f_alpha_divergence_coef", 0.5, "α of alpha_divergence (TRL-legacy α' = 1 − α)"),
        Number("ld_alpha", null, "LD-DPO α: ℓ̂ = ℓ_shared + α·ℓ_tail over the first min(n_w, n_l) tokens (needs the *Shared statistics)", min: 0, max: 1),
        Bool("ld_on_reference", true, "LD-DPO on policy and reference (TRL-new); false = policy only (TRL-legacy intent)"),
        Bool("use_weighting", false, "WPO: multiply each per-pair loss by the batch's pair weight w(y_w)·w(y_l)"),
        Bool("wpo_clamp", false, "clamp the WPO pair weight at 1 (WPO authors, TRL-legacy); TRL-new does not"),
        Bool("reference_free", false, "TRL-legacy: reference log-ratios are 0 in the loss (rewards still logged against the reference)"),
        List("loss_weights", "weights of the loss types (default all 1)"),
    ];

    internal static readonly HyperParameter[] ScorePenaltyParameters =
    [
        Number("coefficient", null, "λ ≥ 0, the penalty weight", min: 0) with { Required = true },
        Text("chosen_column", null, "batch column with the chosen completions' scores v_w"),
        Text("rejected_column", null, "batch column with the rejected completions' scores v_l"),
    ];

    internal static IReadOnlyList<ObjectiveInfo> Build() =>
    [
        DpoTerm("sigmoid", "−log σ(βΔ)", Trl + "; Rafailov et al. 2023, Eq. 7",
            v => new SigmoidLoss(v.Bool("legacy_sigmoid_smoothing") ? v.Number("label_smoothing") : 0),
            [Bool("legacy_sigmoid_smoothing", false, "TRL ≤ v0.27: apply label_smoothing inside sigmoid (cDPO); current TRL ignores it")],
            usesLs: v => v.Bool("legacy_sigmoid_smoothing"), aliases: ["dpo"]),
        DpoTerm("cdpo", "−(1−ε)·log σ(βΔ) − ε·log σ(−βΔ)", "eric-mitchell/direct-preference-optimization trainers.py; TRL-legacy sigmoid with label_smoothing",
            v => new SigmoidLoss(v.Number("label_smoothing"), "cdpo"), [], usesLs: _ => true),
        DpoTerm("robust", "[−(1−ε)·log σ(βΔ) + ε·log σ(−βΔ)] / (1−2ε), ε ∈ [0, 0.5)", Trl,
            v => new RobustLoss(v.Number("label_smoothing")), [], usesLs: _ => true),
        DpoTerm("hinge", "max(0, 1 − βΔ)  (SLiC-DPO)", Trl + "; " + CustomPOs + " (hinge with reference)",
            _ => new HingeLoss(), [], aliases: ["slic-dpo"]),
        DpoTerm("ipo", "length_normalized: (r_w/n_w − r_l/n_l − 1/(2β))²; summed: (Δ − 1/(2β))²",
            Trl + " (length-normalised); eric-mitchell/direct-preference-optimization trainers.py (summed)",
            v => new IpoLoss(v.Text("ipo_variant") == "length_normalized"),
            [Choice("ipo_variant", "length_normalized", "length_normalized (TRL) or summed (IPO paper, authors' DPO repo)", IpoLoss.Variants)]),
        DpoTerm("exo_pair", "σ(z)(log σ(z) − log(1−ε)) + σ(−z)(log σ(−z) − log ε), z = βΔ, ε > 0", Trl,
            v => new ExoPairLoss(v.Number("label_smoothing")),
            [Number("label_smoothing", 1e-3, "ε ∈ (0, 1); default 1e-3 as the EXO paper (TRL's default 0 is rejected by TRL for exo_pair)", min: 0, max: 1, maxExclusive: true)],
            usesLs: _ => true),
        DpoTerm("nca_pair", "−log σ(βr_w) − ½·log σ(−βr_w) − ½·log σ(−βr_l)", Trl, _ => new NcaPairLoss(), []),
        DpoTerm("bco_pair", "−log σ(βr_w − δ) − log σ(−(βr_l − δ)); δ = 0 (TRL-new) or running mean of rewards (legacy)", Trl,
            v => new BcoPairLoss(v.Text("bco_shift") == "running_mean"),
            [Choice("bco_shift", "none", "none (TRL-new) or running_mean (TRL-legacy; stateful across calls)", BcoPairLoss.Shifts)]),
        DpoTerm("sppo_hard", "(r_w − 1/(2β))² + (r_l + 1/(2β))²", Trl, _ => new SppoHardLoss(), []),
        DpoTerm("aot", "sort m_i and m_ref,i over the batch; d_k = m_(k) − m_ref,(k); −(1−ε)·log σ(βd) − ε·log σ(−βd)", Trl,
            v => new AotLoss(false, v.Number("label_smoothing")), [], usesLs: _ => true),
        DpoTerm("aot_unpaired", "sort r_w,i and r_l,i over the batch; d_k = r_w,(k) − r_l,(k); −(1−ε)·log σ(βd) − ε·log σ(−βd)", Trl,
            v => new AotLoss(true, v.Number("label_smoothing")), [], usesLs: _ => true, aliases: ["aot_pair"]),
        DpoTerm("apo_zero", "1 − σ(βr_w) + σ(βr_l)", Trl, _ => new ApoLoss(false), []),
        DpoTerm("apo_down", "σ(βr_w) + 1 − σ(βΔ)", Trl, _ => new ApoLoss(true), []),
        DpoTerm("discopop", "z = βΔ, w = σ(z/τ): (1−w)·(−log σ(z)) + w·e^{−z}", Trl,
            v => new DiscoPopLoss(v.Number("discopop_tau")),
            [Number("discopop_tau", 0.05, "τ of the log-ratio modulation", min: 0, minExclusive: true)]),
        DpoTerm("sigmoid_norm", "−log σ(β·(r_w/n_w − r_l/n_l))", Trl + " (since v1.4.0)", _ => new SigmoidNormLoss(), []),
        DpoTerm("sft", "token-mean NLL of the chosen (or best) completions, pooled over the micro-batch", Trl,
            _ => new SftLoss(), [], needsRef: false),
        new ObjectiveInfo
        {
            Name = "rpo", Family = "dpo", NeedsReference = true,
            Formula = "−log σ(βΔ) + α·NLL(y_w)  (= loss_type [sigmoid, sft], loss_weights [1, α])",
            Source = "TRL-legacy rpo_alpha (huggingface/trl v0.27.2 dpo_trainer.py); Pang et al. 2024",
            Parameters = [.. DpoPipeline.Where(p => p.Name != "loss_weights"), Number("rpo_alpha", 1.0, "α: weight of the NLL term (paper: 1.0)", min: 0)],
            MainParameters = [DpoPipeline[0], Number("rpo_alpha", 1.0, "α: weight of the NLL term (paper: 1.0)", min: 0)],
            Factory = v => BuildRpo(v),
        },
        DpoTerm("dpo-gamma", "−(1−ε)·log σ(βΔ − γ) − ε·log σ(−(βΔ − γ))", CustomPOs + " (dpo-gamma)",
            v => new DpoGammaLoss(v.Number("gamma"), v.Number("label_smoothing")),
            [Number("gamma", 0.5, "γ: target reward margin (as in SimPO)")], usesLs: _ => true, aliases: ["dpo_gamma"]),
        DpoTerm("fpo", "−(1 − σ(βΔ))^γ · log σ(βΔ)", CustomPOs + " (fpo)",
            v => new FocalLoss(v.Number("gamma"), false), [Number("gamma", 2.0, "γ: focusing exponent", min: 0)]),
        DpoTerm("fcpo", "−(1 − σ(βΔ))^γ · log σ(β·(ℓ_θ(y_w) − ℓ_θ(y_l)))", CustomPOs + " (fcpo)",
            v => new FocalLoss(v.Number("gamma"), true), [Number("gamma", 2.0, "γ: focusing exponent", min: 0)]),
        DpoTerm("ropo", "−(4α/(1+α)²)·log σ(βΔ) + (4α²/(1+α)²)·σ(−βΔ)", CustomPOs + " (ropo); Liang et al. 2024, Eq. 9",
            v => new RopoLoss(v.Number("alpha_ropo")), [Number("alpha_ropo", 14.0, "α of ROPO (trainer default 14)", min: 0, minExclusive: true)]),
        DpoTerm("soft-label", "−p·log σ(βΔ) − (1−p)·log σ(−βΔ), p given or σ(s_w − s_l) from scores", CustomPOs + " (mpo)",
            v => new SoftLabelLoss(v.Bool("use_reward_logit")),
            [Bool("use_reward_logit", false, "p = σ(logit(s_w) − logit(s_l)) with scores clamped to [1e-8, 1−1e-8]")],
            aliases: ["mpo", "probabilistic-dpo"]),
        DpoTerm("mallows-dpo", "−log σ(2φ*·log(H̄/log V)·βΔ), H̄ = mean of the two summed token entropies", CustomPOs + " (mallows-dpo); Chen et al. 2024, Eq. 12",
            v => new MallowsDpoLoss(v.Number("phi_star"), v.Number("vocab_size")),
            [Number("phi_star", -0.8, "φ* (trainer default −0.8)"),
             new HyperParameter("vocab_size", HyperParameterKind.Integer, null, "V: tokenizer vocabulary size") { Required = true, Min = 2 }]),
        DpoTerm("kto_pair", "½[1 − σ(β(r_w − KL_l))] + ½[1 − σ(β(KL_w − r_l))], KL = max(0, batch mean r)", "huggingface/trl v0.8 dpo_trainer.py; " + CustomPOs,
            _ => new KtoPairLoss(), []),

        Cpo("cpo", "−(1−ε)·log σ(βM − γ) − ε·log σ(−(βM − γ)) + cpo_alpha·NLL; M from ℓ_θ (sigmoid/hinge) or a_θ (ipo/simpo)", TrlCpo,
            [
                Number("beta", 0.1, "β", min: 0, minExclusive: true),
                Choice("loss_type", "sigmoid", "sigmoid, hinge, ipo, simpo, alphapo (TRL CPOConfig)", "sigmoid", "hinge", "ipo", "simpo", "alphapo"),
                Number("label_smoothing", 0.0, "ε (sigmoid/simpo)", min: 0, max: 0.5),
                Number("cpo_alpha", 1.0, "weight of the chosen NLL (0 skips it; forced 0 for alphapo)", min: 0),
                Number("simpo_gamma", 0.5, "γ: target margin for simpo/alphapo"),
                Number("alpha", 0.0, "AlphaPO α (0 = off)"),
            ], v =>
            {
                string t = v.Text("loss_type");
                bool simpo = t is "simpo" or "alphapo";
                return new CpoOptions
                {
                    Beta = v.Number("beta"),
                    Form = simpo ? "sigmoid" : t,
                    Gamma = simpo ? v.Number("simpo_gamma") : 0,
                    LabelSmoothing = v.Number("label_smoothing"),
                    AverageLogProb = t is "ipo" or "simpo" or "alphapo",
                    Alpha = v.Number("alpha"),
                    NllWeight = t == "alphapo" ? 0 : v.Number("cpo_alpha"),
                };
            }),
        Cpo("simpo", "−(1−ε)·log σ(β·m̄ − γ) − ε·log σ(−(β·m̄ − γ)) (+ sft_weight·NLL); hinge: max(0, 1 − β·m̄ + γ)",
            "princeton-nlp/SimPO scripts/simpo_trainer.py; " + TrlCpo + " (loss_type simpo)",
            [
                Number("beta", 2.0, "β (SimPO repo default 2.0)", min: 0, minExclusive: true),
                Number("gamma_beta_ratio", 0.25, "γ/β (SimPO repo); γ = β·ratio", min: 0),
                Number("simpo_gamma", null, "γ directly (TRL); overrides gamma_beta_ratio"),
                Number("label_smoothing", 0.0, "ε", min: 0, max: 0.5),
                Number("sft_weight", 0.0, "weight of the chosen NLL", min: 0),
                Choice("loss_type", "sigmoid", "sigmoid or hinge", "sigmoid", "hinge"),
                Bool("average_log_prob", true, "length-normalise log-probs (false: summed, i.e. CPO with a margin)"),
            ], v =>
            {
                if (v.IsGiven("simpo_gamma") && v.IsGiven("gamma_beta_ratio"))
                    throw new InputException("objective 'simpo': give either simpo_gamma (γ) or gamma_beta_ratio (γ/β), not both");
                double beta = v.Number("beta");
                return new CpoOptions
                {
                    Beta = beta,
                    Form = v.Text("loss_type"),
                    Gamma = v.OptionalNumber("simpo_gamma") ?? beta * v.Number("gamma_beta_ratio"),
                    LabelSmoothing = v.Number("label_smoothing"),
                    AverageLogProb = v.Bool("average_log_prob"),
                    NllWeight = v.Number("sft_weight"),
                };
            }),
        Cpo("cpo-simpo", "SimPO (TRL form, γ = simpo_gamma) + cpo_alpha·NLL(y_w)", TrlCpo + " (loss_type simpo, cpo_alpha > 0)",
            [
                Number("beta", 0.1, "β", min: 0, minExclusive: true),
                Number("simpo_gamma", 0.5, "γ"),
                Number("label_smoothing", 0.0, "ε", min: 0, max: 0.5),
                Number("cpo_alpha", 1.0, "weight of the chosen NLL", min: 0),
            ], v => new CpoOptions
            {
                Beta = v.Number("beta"), Form = "sigmoid", Gamma = v.Number("simpo_gamma"), LabelSmoothing = v.Number("label_smoothing"),
                AverageLogProb = true, NllWeight = v.Number("cpo_alpha"),
            }),
        Cpo("alphapo", "SimPO on rewards R = (1 − e^{−α·a_θ})/α: −log σ(β(R_w − R_l) − γ)", TrlCpo + " (loss_type alphapo); Gupta et al. 2025",
            [
                Number("beta", 0.1, "β", min: 0, minExclusive: true),
                Number("alpha", null, "α ≠ 0 of the reward shape (no default: tune it)") with { Required = true },
                Number("simpo_gamma", 0.5, "γ"),
                Number("label_smoothing", 0.0, "ε", min: 0, max: 0.5),
            ], v =>
            {
                if (v.Number("alpha") == 0) throw new InputException("objective 'alphapo': alpha must be non-zero (alpha = 0 is SimPO)");
                return new CpoOptions
                {
                    Beta = v.Number("beta"), Form = "sigmoid", Gamma = v.Number("simpo_gamma"), LabelSmoothing = v.Number("label_smoothing"),
                    AverageLogProb = true, Alpha = v.Number("alpha"),
                };
            }),
        Cpo("slic", "max(0, 1 − β·(ℓ_θ(y_w) − ℓ_θ(y_l))) + λ_sft·NLL(y_w)", CustomPOs + " (hinge, reference_free); Zhao et al. 2023",
            [
                Number("beta", 0.1, "β (margin 1/β)", min: 0, minExclusive: true),
                Number("lambda_sft", 1.0, "weight of the chosen NLL", min: 0),
            ], v => new CpoOptions { Beta = v.Number("beta"), Form = "hinge", NllWeight = v.Number("lambda_sft") }),
        new ObjectiveInfo
        {
            Name = "orpo", Family = "orpo", NeedsReference = false,
            Formula = "NLL(prompt+y_w) − β·log σ(L), L = (a_w − a_l) − [log(1−e^{a_w}) − log(1−e^{a_l})]",
            Source = "huggingface/trl trl/experimental/orpo/orpo_trainer.py; Hong et al. 2024",
            Parameters = [Number("beta", 0.1, "β = λ of the paper", min: 0)],
            Factory = v => new OrpoObjective(ObjectiveRegistry.Get("orpo"), v.Number("beta")),
        },
        Kto("kto", "desirable λ_D·(1 − σ(β(r − z₀))), undesirable λ_U·(1 − σ(β(z₀ − r))), z₀ = max(0, KL estimate)", apoZero: false),
        Kto("apo_zero_unpaired", "desirable λ_D·(1 − σ(βr)), undesirable λ_U·σ(βr)", apoZero: true),
    ];

    private static ObjectiveInfo DpoTerm(string name, string formula, string source, Func<HyperParameterValues, IPairLossTerm> term,
        HyperParameter[] termParameters, Func<HyperParameterValues, bool>? usesLs = null, bool needsRef = true, string[]? aliases = null) =>
        new()
        {
            Name = name, Aliases = aliases ?? [], Family = "dpo", NeedsReference = needsRef, Formula = formula, Source = source,
            Parameters = [.. DpoPipeline.Where(p => termParameters.All(t => t.Name != p.Name)), .. termParameters],
            TermParameters = termParameters, Term = term,
            MainParameters =
            [
                DpoPipeline[0],
                .. usesLs is not null && name != "sigmoid" && termParameters.All(t => t.Name != "label_smoothing") ? [DpoPipeline[1]] : Array.Empty<HyperParameter>(),
                .. termParameters,
            ],
            UsesLabelSmoothing = usesLs ?? (_ => false),
            Factory = v => BuildDpo(ObjectiveRegistry.Get(name), [ObjectiveRegistry.Get(name)], v),
        };

    private static ObjectiveInfo Cpo(string name, string formula, string source, HyperParameter[] parameters, Func<HyperParameterValues, CpoOptions> options) =>
        new()
        {
            Name = name, Family = "cpo", NeedsReference = false, Formula = formula, Source = source, Parameters = parameters,
            Factory = v => new CpoObjective(ObjectiveRegistry.Get(name), options(v)),
        };

    private static ObjectiveInfo Kto(string name, string formula, bool apoZero) =>
        new()
        {
            Name = name, Family = "kto", Kind = ObjectiveKind.Unpaired, NeedsReference = true, Formula = formula,
            Source = "huggingface/trl trl/trainer/kto_trainer.py" + (apoZero ? "" : "; Ethayarajh et al. 2024"),
            Parameters =
            [
                Number("beta", 0.1, "β", min: 0, minExclusive: true),
                Number("desirable_weight", 1.0, "λ_D", min: 0),
                Number("undesirable_weight", 1.0, "λ_U", min: 0),
            ],
            Factory = v => new KtoObjective(ObjectiveRegistry.Get(name), v.Number("beta"), v.Number("desirable_weight"), v.Number("undesirable_weight"), apoZero),
        };

    private static DpoOptions Options(HyperParameterValues v) => new()
    {
        Beta = v.Number("beta"),
        FDivergenceType = v.Text("f_divergence_type"),
        FAlphaDivergenceCoef = v.Number("f_alpha_divergence_coef"),
        LdAlpha = v.OptionalNumber("ld_alpha"),
        LdOnReference = v.Bool("ld_on_reference"),
        UseWeighting = v.Bool("use_weighting"),
        WpoClamp = v.Bool("wpo_clamp"),
        ReferenceFree = v.Bool("reference_free"),
    };

    /// <summary>Builds a DPOTrainer objective from one or more DPO-family entries.</summary>
    internal static DpoObjective BuildDpo(ObjectiveInfo info, IReadOnlyList<ObjectiveInfo> members, HyperParameterValues v)
    {
        if (v.Number("label_smoothing") > 0 && !members.Any(m => m.UsesLabelSmoothing(v)))
            throw new InputException($"objective '{info.Name}': label_smoothing is set but no loss type here reads it (current TRL's sigmoid has no label smoothing: use 'cdpo', or legacy_sigmoid_smoothing: true)");
        var terms = members.Select(m => m.Term!(v)).ToArray();
        var weights = v.NumberList("loss_weights") ?? Enumerable.Repeat(1.0, terms.Length).ToArray();
        return new DpoObjective(info, Options(v), terms, weights, members.Any(m => m.NeedsReference));
    }

    private static DpoObjective BuildRpo(HyperParameterValues v)
    {
        var info = ObjectiveRegistry.Get("rpo");
        if (v.Number("label_smoothing") > 0)
            throw new InputException("objective 'rpo': label_smoothing is set but RPO's sigmoid does not read it (use loss_type [cdpo, sft] for smoothing)");
        return new DpoObjective(info, Options(v), [new SigmoidLoss(0), new SftLoss()], [1, v.Number("rpo_alpha")], needsReference: true);
    }
}
