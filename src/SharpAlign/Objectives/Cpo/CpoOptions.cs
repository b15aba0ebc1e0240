namespace SharpAlign.Objectives.Cpo;

/// <summary>Settings of the reference-free CPO / SimPO / AlphaPO / SLiC family (plain data).</summary>
public sealed record CpoOptions
{
    /// <summary>β.</summary>
    public double Beta { get; init; } = 0.1;

    /// <summary>Per-pair form: <c>sigmoid</c>, <c>hinge</c> or <c>ipo</c>.</summary>
    public string Form { get; init; } = "sigmoid";

    /// <summary>Target margin γ subtracted from β·M (SimPO; 0 for CPO).</summary>
    public double Gamma { get; init; }

    /// <summary>Label smoothing ε of the sigmoid form.</summary>
    public double LabelSmoothing { get; init; }

    /// <summary>Use the length-averaged log-prob a_θ = ℓ_θ/n instead of the sum ℓ_θ.</summary>
    public bool AverageLogProb { get; init; }

    /// <summary>AlphaPO α: reward (1 − e^{−α·ℓ})/α instead of ℓ; 0 = off.</summary>
    public double Alpha { get; init; }

    /// <summary>Weight of the pooled token-mean NLL of the chosen (or best) response; 0 skips it.</summary>
    public double NllWeight { get; init; }
}
