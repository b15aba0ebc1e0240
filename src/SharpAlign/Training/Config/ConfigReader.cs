using YamlDotNet.Core;
using YamlDotNet.RepresentationModel;

namespace SharpAlign.Training.Config;

/// <summary>A parsed configuration with the warnings produced while reading it.</summary>
/// <param name="Config">The run's configuration.</param>
/// <param name="Warnings">One line per ignored key (and per note worth showing), in file order.</param>
public sealed record ConfigReadResult(TrainingConfig Config, IReadOnlyList<string> Warnings);

/// <summary>
/// Reads a YAML recipe (TRL / transformers / alignment-handbook / CustomPOs field names) and
/// command-line overrides (<c>--key value</c>, which win over the file) into a <see cref="TrainingConfig"/>.
/// Unknown keys are errors that suggest the closest known name.
/// </summary>
public static class ConfigReader
{
    /// <summary>Reads <paramref name="path"/> (may be null for overrides only) and applies <paramref name="overrides"/>.</summary>
    public static ConfigReadResult Read(string? path, IReadOnlyList<string>? overrides = null)
    {
        var entries = new List<ConfigValue>();
        if (path is not null) entries.AddRange(ReadYaml(path));
        if (overrides is not null) entries.AddRange(ParseOverrides(overrides));
        return Apply(entries);
    }

    /// <summary>Reads YAML text (for tests and embedded recipes); <paramref name="name"/> is used in messages.</summary>
    public static ConfigReadResult ReadText(string yaml, string name = "config", IReadOnlyList<string>? overrides = null)
    {
        var entries = ParseYaml(new StringReader(yaml), name);
        if (overrides is not null) entries.AddRange(ParseOverrides(overrides));
        return Apply(entries);
    }

    private static List<ConfigValue> ReadYaml(string path)
    {
        if (!File.Exists(path)) throw new InputException($"config file not found: {path}");
        using var reader = new StreamReader(path);
        return ParseYaml(reader, path);
    }

    private static List<ConfigValue> ParseYaml(TextReader reader, string name)
    {
        var stream = new YamlStream();
        try { stream.Load(reader); }
        catch (YamlException e)
        {
            throw new InputException($"{name}:{e.Start.Line}:{e.Start.Column}: not valid YAML: {e.InnerException?.Message ?? e.Message}");
        }
        var entries = new List<ConfigValue>();
        if (stream.Documents.Count == 0) return entries;
        if (stream.Documents[0].RootNode is not YamlMappingNode root)
            throw new InputException($"{name}: a config must be a mapping of `key: value` lines");
        foreach (var (k, v) in root.Children)
        {
            string key = ((YamlScalarNode)k).Value ?? "";
            entries.Add(new ConfigValue(key, ToObject(v), $"{name}:{k.Start.Line}"));
        }
        return entries;
    }

    private static object? ToObject(YamlNode node) => node switch
    {
        YamlScalarNode s => s.Style == ScalarStyle.Plain && s.Value is "null" or "~" or "" ? null : s.Value,
        YamlSequenceNode seq => seq.Children.Select(ToObject).ToList(),
        YamlMappingNode map => map.Children.ToDictionary(kv => (object)(((YamlScalarNode)kv.Key).Value ?? ""), kv => ToObject(kv.Value)),
        _ => null,
    };

    /// <summary>Turns <c>--key value</c> / <c>--key=value</c> pairs into entries; dashes in keys read as underscores.</summary>
    public static List<ConfigValue> ParseOverrides(IReadOnlyList<string> args)
    {
        var entries = new List<ConfigValue>();
        for (int i = 0; i < args.Count; i++)
        {
            string a = args[i];
            if (!a.StartsWith("--")) throw new InputException($"command line: expected --key value, got \"{a}\"");
            string key = a[2..], value;
            int eq = key.IndexOf('=');
            if (eq >= 0) { value = key[(eq + 1)..]; key = key[..eq]; }
            else if (i + 1 < args.Count && !args[i + 1].StartsWith("--")) value = args[++i];
            else value = "true";
            entries.Add(new ConfigValue(key.Replace('-', '_'), value, "command line"));
        }
        return entries;
    }

    private static ConfigReadResult Apply(List<ConfigValue> entries)
    {
        var config = new TrainingConfig();
        var warnings = new List<string>();
        ConfigValue? optimizerType = null;
        bool optimGiven = false;
        foreach (var e in entries)
        {
            if (ConfigKeys.Supported.TryGetValue(e.Key, out var apply))
            {
                apply(config, e);
                optimGiven |= e.Key == "optim";
            }
            else if (ConfigKeys.LossOptions.Contains(e.Key))
                config.LossOptions[e.Key] = e.Raw is string ? e.AsScalar() : e.AsString();
            else if (e.Key == "optimizer_type") optimizerType = e;
            else if (ConfigKeys.Ignored.TryGetValue(e.Key, out string? why))
                warnings.Add($"{e.Source}: `{e.Key}` is ignored: {why}");
            else
                throw new InputException($"{e.Source}: unknown key `{e.Key}`{Suggest(e.Key)}");
        }
        if (optimizerType is { } ot)
        {
            if (optimGiven)
                warnings.Add($"{ot.Source}: `optimizer_type` is ignored because `optim` is given");
            else
            {
                ConfigKeys.Supported["optim"](config, ot with { Key = "optimizer_type" });
                warnings.Add($"{ot.Source}: `optimizer_type: {config.Optim}` is used as `optim` (the original CustomPOs code never read it and trained with AdamW; set `optim: adamw_torch` to reproduce that)");
            }
        }
        if (config.LossWeights is { } w && w.Count != config.LossType.Count)
            throw new InputException($"`loss_weights` has {w.Count} entries but `loss_type` has {config.LossType.Count}");
        return new ConfigReadResult(config, warnings);
    }

    private static string Suggest(string key) =>
        NameMatcher.Closest(key, ConfigKeys.All.Distinct()) is { } best ? $"; did you mean `{best}`?" : "";
}
