using System.Text.Json;
using SharpAlign.Cli;
using SharpAlign.Cli.Commands;
using SharpAlign.Objectives;

namespace SharpAlign.Tests.Objectives;

/// <summary><c>sharpalign losses</c>: the table and the JSON list every registry entry.</summary>
public class LossesCommandTests
{
    [Fact]
    public void CommandIsDiscoveredWithJsonOption()
    {
        var losses = Program.BuildRoot().Subcommands.Single(c => c.Name == "losses");
        Assert.Contains(losses.Options, o => o.Name == "--json");
    }

    [Fact]
    public void JsonListsEveryObjectiveWithHyperparametersAndDefaults()
    {
        var w = new StringWriter();
        LossesCommand.WriteJson(w, ObjectiveRegistry.All, includeConstraints: true);
        using var doc = JsonDocument.Parse(w.ToString());
        var objectives = doc.RootElement.GetProperty("objectives").EnumerateArray().ToArray();
        var names = objectives.Select(o => o.GetProperty("name").GetString()!).ToHashSet();
        foreach (var info in ObjectiveRegistry.All) Assert.Contains(info.Name, names);
        var gamma = objectives.Single(o => o.GetProperty("name").GetString() == "dpo-gamma");
        Assert.True(gamma.GetProperty("needs_reference").GetBoolean());
        var hp = gamma.GetProperty("hyperparameters").EnumerateArray().ToDictionary(h => h.GetProperty("name").GetString()!, h => h);
        Assert.Equal(0.1, hp["beta"].GetProperty("default").GetDouble());
        Assert.Equal(0.5, hp["gamma"].GetProperty("default").GetDouble());
        Assert.Contains("reverse_kl", hp["f_divergence_type"].GetProperty("choices").EnumerateArray().Select(c => c.GetString()));
        var simpo = objectives.Single(o => o.GetProperty("name").GetString() == "simpo");
        Assert.False(simpo.GetProperty("needs_reference").GetBoolean());
        Assert.Contains("SimPO", simpo.GetProperty("source").GetString());
        Assert.Equal("score_likelihood_penalty", doc.RootElement.GetProperty("constraints")[0].GetProperty("name").GetString());
    }

    [Fact]
    public void TableShowsNamesFormulasAndSources()
    {
        var w = new StringWriter();
        LossesCommand.Render(w, ObjectiveRegistry.All, detail: false, width: 220);
        string text = w.ToString();
        foreach (var info in ObjectiveRegistry.All) Assert.Contains(info.Name, text);
        Assert.Contains("gamma=0.5", text);
        Assert.Contains("max(0, 1 − βΔ)", text);
        var detail = new StringWriter();
        LossesCommand.Render(detail, [ObjectiveRegistry.Get("kto")], detail: true, width: 160);
        Assert.Contains("desirable_weight", detail.ToString());
        Assert.Contains("unpaired", detail.ToString());
    }
}
