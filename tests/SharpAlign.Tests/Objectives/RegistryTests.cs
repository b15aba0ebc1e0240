using SharpAlign.Objectives;
using static SharpAlign.Tests.Objectives.Fixtures;

namespace SharpAlign.Tests.Objectives;

/// <summary>The registry: every catalogued name, defaults, validation and helpful errors.</summary>
public class RegistryTests
{
    /// <summary>The names of research/losses.md §2 (as TRL / the papers spell them).</summary>
    public static readonly string[] CatalogueNames =
    [
        "sigmoid", "cdpo", "robust", "hinge", "slic-dpo", "ipo", "exo_pair", "nca_pair", "bco_pair", "sppo_hard", "aot", "aot_unpaired",
        "apo_zero", "apo_down", "discopop", "sigmoid_norm", "sft", "rpo", "dpo-gamma", "cpo", "simpo", "cpo-simpo", "alphapo", "slic",
        "orpo", "kto", "apo_zero_unpaired", "kto_pair", "fpo", "fcpo", "ropo", "soft-label", "mpo", "mallows-dpo",
    ];

    [Fact]
    public void EveryCatalogueNameResolves()
    {
        foreach (var name in CatalogueNames) Assert.NotNull(ObjectiveRegistry.Get(name));
        Assert.Equal("dpo-gamma", ObjectiveRegistry.Get("DPO_Gamma").Name);
        Assert.Equal("aot_unpaired", ObjectiveRegistry.Get("aot_pair").Name);
        Assert.Equal(ObjectiveRegistry.All.Count, ObjectiveRegistry.All.Select(e => e.Name).Distinct().Count());
    }

    [Fact]
    public void EveryEntryBuildsWithItsDefaultsOrNamesWhatIsMissing()
    {
        foreach (var info in ObjectiveRegistry.All)
        {
            var required = info.Parameters.Where(p => p.Required).ToArray();
            if (required.Length == 0) Assert.NotNull(ObjectiveRegistry.Create(info.Name));
            else Assert.Contains(required[0].Name, Assert.Throws<InputException>(() => ObjectiveRegistry.Create(info.Name)).Message);
            Assert.False(string.IsNullOrWhiteSpace(info.Formula));
            Assert.False(string.IsNullOrWhiteSpace(info.Source));
        }
    }

    [Fact]
    public void DefaultsFollowCurrentTrlAndThePapers()
    {
        double Default(string objective, string p) => (double)ObjectiveRegistry.Get(objective).Parameters.Single(x => x.Name == p).Default!;
        Assert.Equal(0.1, Default("sigmoid", "beta"));
        Assert.Equal(0.0, Default("sigmoid", "label_smoothing"));
        Assert.Equal(1e-3, Default("exo_pair", "label_smoothing"));  // the paper's ε; TRL's 0 is invalid for exo_pair
        Assert.Contains("exo_pair", Assert.Throws<InputException>(() => ObjectiveRegistry.Create(["sigmoid", "exo_pair"])).Message);
        Assert.Equal(0.5, Default("dpo-gamma", "gamma"));
        Assert.Equal(0.05, Default("discopop", "discopop_tau"));
        Assert.Equal(2.0, Default("simpo", "beta"));
        Assert.Equal(0.25, Default("simpo", "gamma_beta_ratio"));
        Assert.Equal(1.0, Default("cpo", "cpo_alpha"));
        Assert.Equal(14.0, Default("ropo", "alpha_ropo"));
        Assert.Equal(-0.8, Default("mallows-dpo", "phi_star"));
        Assert.Equal(0.5, Default("sigmoid", "f_alpha_divergence_coef"));
        Assert.Equal("length_normalized", ObjectiveRegistry.Get("ipo").Parameters.Single(x => x.Name == "ipo_variant").Default);
        Assert.False(ObjectiveRegistry.Get("simpo").NeedsReference);
        Assert.True(ObjectiveRegistry.Get("dpo-gamma").NeedsReference);
        Assert.Equal(ObjectiveKind.Unpaired, ObjectiveRegistry.Get("kto").Kind);
    }

    [Theory]
    [InlineData("sigmod", "sigmoid")]
    [InlineData("dpo_gama", "dpo-gamma")]
    [InlineData("simpo2", "simpo")]
    [InlineData("kto-pair", null)]
    public void UnknownNamesSuggestTheClosest(string name, string? suggestion)
    {
        if (suggestion is null) { Assert.Equal("kto_pair", ObjectiveRegistry.Get(name).Name); return; }
        var e = Assert.Throws<InputException>(() => ObjectiveRegistry.Get(name));
        Assert.Contains($"did you mean '{suggestion}'", e.Message);
    }

    [Theory]
    [InlineData("sigmoid", "betta", "0.1", "did you mean 'beta'")]
    [InlineData("sigmoid", "beta", "-1", "outside the allowed range")]
    [InlineData("sigmoid", "beta", "abc", "expected a finite number")]
    [InlineData("sigmoid", "label_smoothing", "0.1", "use 'cdpo'")]
    [InlineData("robust", "label_smoothing", "0.5", "[0, 0.5)")]
    [InlineData("exo_pair", "label_smoothing", "0", "must be in (0, 1)")]
    [InlineData("sigmoid", "f_divergence_type", "forward_k", "did you mean 'forward_kl'")]
    [InlineData("sigmoid", "loss_weights", "[1, 2]", "loss_weights has 2 entries")]
    [InlineData("sigmoid", "use_weighting", "maybe", "expected true or false")]
    [InlineData("mallows-dpo", "vocab_size", "1000.5", "whole number")]
    [InlineData("alphapo", "alpha", "0", "non-zero")]
    [InlineData("aot", "use_weighting", "true", "not allowed")]
    [InlineData("kto", "cpo_alpha", "1", "has no hyperparameter")]
    public void InvalidHyperparametersAreRejected(string name, string key, string value, string message)
    {
        var hp = new Dictionary<string, object?> { [key] = value };
        if (name == "mallows-dpo" && key != "vocab_size") hp["vocab_size"] = 100;
        var e = Assert.Throws<InputException>(() => ObjectiveRegistry.Create(name, hp));
        Assert.Contains(message, e.Message);
    }

    [Fact]
    public void SimpoRejectsBothGammaForms()
    {
        var e = Assert.Throws<InputException>(() => ObjectiveRegistry.Create("simpo", Hp(("simpo_gamma", 0.5), ("gamma_beta_ratio", 0.3))));
        Assert.Contains("not both", e.Message);
    }

    [Fact]
    public void ValuesFromConfigTextAreParsed()
    {
        var b = Batch(0, 1);
        var fromText = ObjectiveRegistry.Create(["sigmoid", "sft"], new Dictionary<string, object?> { ["beta"] = "0.2", ["loss_weights"] = "[1, 0.5]", ["use_weighting"] = "false" });
        var typed = ObjectiveRegistry.Create(["sigmoid", "sft"], Hp(("beta", 0.2), ("loss_weights", new List<object> { 1, 0.5 })));
        Assert.Equal(typed.Compute(b).Loss, fromText.Compute(b).Loss);
    }

    [Fact]
    public void CombinationsAcceptTheUnionOfTheirParametersAndRejectNonDpoMembers()
    {
        var combo = ObjectiveRegistry.Create(["ipo", "discopop", "dpo-gamma"], Hp(("ipo_variant", "summed"), ("discopop_tau", 0.1), ("gamma", 0.3)));
        var names = combo.Info.Parameters.Select(p => p.Name).ToArray();
        Assert.Contains("ipo_variant", names);
        Assert.Contains("discopop_tau", names);
        Assert.Equal("ipo+discopop+dpo-gamma", combo.Info.Name);
        Assert.Contains("only DPO-family", Assert.Throws<InputException>(() => ObjectiveRegistry.Create(["sigmoid", "simpo"])).Message);
        Assert.Contains("[sigmoid, sft]", Assert.Throws<InputException>(() => ObjectiveRegistry.Create(["rpo", "ipo"])).Message);
        Assert.Throws<InputException>(() => ObjectiveRegistry.Create(Array.Empty<string>()));
    }

    [Fact]
    public void PairedAndUnpairedAreKeptApart()
    {
        Assert.Contains("unpaired", Assert.Throws<InputException>(() => ObjectiveRegistry.CreatePaired("kto")).Message);
        Assert.Contains("paired", Assert.Throws<InputException>(() => ObjectiveRegistry.CreateUnpaired("sigmoid")).Message);
    }
}

public class RegistryConfigTests
{
    [Fact]
    public void FromConfigSelectsByLossTypeAndReturnsUnusedKeys()
    {
        var config = new Dictionary<string, object?>
        {
            ["loss_type"] = new List<object> { "sigmoid", "sft" }, ["loss_weights"] = "[1, 0.5]", ["beta"] = 0.2, ["learning_rate"] = 1e-6,
        };
        var objective = ObjectiveRegistry.FromConfig(config, out var unused);
        Assert.Equal(["learning_rate"], unused);
        var b = Fixtures.Batch(0, 1, 2);
        Assert.Equal(ObjectiveRegistry.CreatePaired("rpo", Fixtures.Hp(("beta", 0.2), ("rpo_alpha", 0.5))).Compute(b).Loss,
            ((IPairedObjective)objective).Compute(b).Loss, 14);
        var simpo = ObjectiveRegistry.FromConfig(new Dictionary<string, object?> { ["loss_type"] = "simpo", ["gamma_beta_ratio"] = 0.5, ["max_length"] = 512 }, out unused);
        Assert.Equal("simpo", simpo.Info.Name);
        Assert.Equal(["max_length"], unused);
        Assert.Contains("loss_type", Assert.Throws<InputException>(() => ObjectiveRegistry.FromConfig(new Dictionary<string, object?>(), out _)).Message);
    }
}
