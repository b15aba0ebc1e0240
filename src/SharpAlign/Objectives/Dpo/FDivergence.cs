namespace SharpAlign.Objectives.Dpo;

/// <summary>
/// f-DPO scores s(r) replacing the log-ratio r (TRL <c>f_divergence_type</c>, research/losses.md §4.3):
/// reverse_kl s = r; forward_kl s = −e^{−r}; js_divergence s = log σ(r);
/// alpha_divergence s = e^{(α−1)r}/(α−1) (r when |α−1| &lt; 1e-6).
/// Exponents are clamped at ±80 before exp (TRL's fp32 cap) so scores stay finite for |r| up to 1e4;
/// beyond the clamp the score is flat and its derivative 0, as with torch.clamp.
/// TRL-legacy wrote the α-divergence logit as (e^{−α'r_l} − e^{−α'r_w})/α' with default α' = 1:
/// that is this form with α = 1 − α' (legacy default = <c>forward_kl</c>).
/// </summary>
public sealed class FDivergence
{
    /// <summary>The TRL names, in order.</summary>
    public static readonly string[] Types = ["reverse_kl", "forward_kl", "js_divergence", "alpha_divergence"];

    private const double ExpCap = 80;
    private readonly string _type;
    private readonly double _alpha;

    /// <summary>Creates the map for <paramref name="type"/> with α = <paramref name="alpha"/> (alpha_divergence only).</summary>
    public FDivergence(string type, double alpha)
    {
        _type = type;
        _alpha = alpha;
    }

    /// <summary>True for reverse KL (s = r), including α-divergence with α → 1.</summary>
    public bool IsIdentity => _type == "reverse_kl" || (_type == "alpha_divergence" && Math.Abs(_alpha - 1) < 1e-6);

    /// <summary>s(r).</summary>
    public double Score(double r)
    {
        if (IsIdentity) return r;
        return _type switch
        {
            "forward_kl" => -Math.Exp(Math.Clamp(-r, -ExpCap, ExpCap)),
            "js_divergence" => StableMath.LogSigmoid(r),
            _ => Math.Exp(Math.Clamp((_alpha - 1) * r, -ExpCap, ExpCap)) / (_alpha - 1),
        };
    }

    /// <summary>ds/dr.</summary>
    public double Derivative(double r)
    {
        if (IsIdentity) return 1;
        switch (_type)
        {
            case "forward_kl":
                return Math.Abs(r) > ExpCap ? 0 : Math.Exp(-r);
            case "js_divergence":
                return StableMath.Sigmoid(-r);
            default:
                double e = (_alpha - 1) * r;
                return Math.Abs(e) > ExpCap ? 0 : Math.Exp(e);
        }
    }
}
