using System.Text.Json;

namespace SharpAlign.Models.IO;

/// <summary>
/// Reads the rotary-embedding settings of a config.json: either the 4.x layout (top-level
/// <c>rope_theta</c> plus an optional <c>rope_scaling</c> object whose type is under <c>rope_type</c>
/// or the older <c>type</c>) or the 5.x <c>rope_parameters</c> object (which carries <c>rope_theta</c>
/// itself). Supported types: default, linear (<c>factor</c>), llama3 (<c>factor</c>,
/// <c>low_freq_factor</c>, <c>high_freq_factor</c>, <c>original_max_position_embeddings</c>).
/// </summary>
internal static class RopeConfigReader
{
    /// <summary>Returns θ and the scaling (null for plain RoPE).</summary>
    public static (double Theta, RopeScaling? Scaling) Read(JsonFields f, double defaultTheta)
    {
        double topTheta = f.Double("rope_theta", defaultTheta);
        var parameters = f.Object("rope_parameters");
        if (parameters is not null)
        {
            parameters = SingleParameterSet(f, parameters);
            double theta = parameters.Double("rope_theta", topTheta);
            CheckTheta(parameters, "rope_theta", theta);
            return (theta, ReadScaling(parameters));
        }
        CheckTheta(f, "rope_theta", topTheta);
        var scaling = f.Object("rope_scaling");
        return (topTheta, scaling is null ? null : ReadScaling(scaling));
    }

    /// <summary>
    /// transformers 5.x may key <c>rope_parameters</c> by layer type ("full_attention",
    /// "sliding_attention"); that is accepted only when every layer type uses the same settings.
    /// </summary>
    private static JsonFields SingleParameterSet(JsonFields f, JsonFields parameters)
    {
        var names = parameters.Names.ToList();
        bool perLayerType = names.Count > 0 && names.All(n => parameters.Raw(n) is { ValueKind: JsonValueKind.Object });
        if (!perLayerType) return parameters;
        var sets = names.Select(n => parameters.Object(n)!).ToList();
        string first = Canonical(sets[0]);
        if (sets.Any(s => Canonical(s) != first))
            throw f.Error("rope_parameters", "must use the same settings for every layer type (per-layer-type rotary settings are not supported)");
        return sets[0];
    }

    private static string Canonical(JsonFields s) =>
        string.Join(",", s.Names.Order(StringComparer.Ordinal).Select(n => $"{n}={s.Raw(n)?.GetRawText()}"));

    private static void CheckTheta(JsonFields f, string name, double theta)
    {
        if (!(theta > 0)) throw f.Error(name, "must be a positive number");
    }

    private static RopeScaling? ReadScaling(JsonFields s)
    {
        string typeKey = s.Has("rope_type") ? "rope_type" : "type";
        string type = s.String(typeKey, "default")!;
        switch (type)
        {
            case "default":
                return null;
            case "linear":
                return new RopeScaling("linear", Factor(s));
            case "llama3":
                double factor = Factor(s);
                double low = RequiredPositive(s, "low_freq_factor");
                double high = RequiredPositive(s, "high_freq_factor");
                if (high <= low) throw s.Error("high_freq_factor", $"must be greater than low_freq_factor ({low})");
                int orig = s.OptionalInt("original_max_position_embeddings") ?? throw Missing(s, "original_max_position_embeddings", "llama3");
                if (orig <= 0) throw s.Error("original_max_position_embeddings", "must be a positive integer");
                return new RopeScaling("llama3", factor, low, high, orig);
            default:
                throw s.Error(typeKey, "is not a supported rotary scaling type (expected \"default\", \"linear\" or \"llama3\")");
        }
    }

    private static double Factor(JsonFields s) => RequiredPositive(s, "factor");

    private static double RequiredPositive(JsonFields s, string name)
    {
        double v = s.OptionalDouble(name) ?? throw Missing(s, name, s.String(s.Has("rope_type") ? "rope_type" : "type"));
        if (!(v > 0)) throw s.Error(name, "must be a positive number");
        return v;
    }

    private static InputException Missing(JsonFields s, string name, string? type) =>
        new($"{s.File}: field '{s.Path(name)}' is required for rotary scaling type \"{type}\"");
}
