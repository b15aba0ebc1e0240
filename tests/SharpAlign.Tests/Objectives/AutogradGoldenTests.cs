using System.Text.Json;
using SharpAlign.Objectives;

namespace SharpAlign.Tests.Objectives;

/// <summary>
/// Losses and gradients against an independent PyTorch implementation differentiated by autograd
/// (float64), committed in TestData/Objectives/autograd_golden.json by tests/generators/objectives_autograd.py.
/// Tolerance: loss and every gradient entry within 1e-10 relative + 1e-13 absolute. Gradient arrays
/// the golden file omits (autograd: unused input) must be exactly 0.
/// </summary>
public class AutogradGoldenTests
{
    private static readonly Lazy<JsonElement[]> Cases = new(() =>
    {
        var path = Path.Combine(AppContext.BaseDirectory, "TestData", "Objectives", "autograd_golden.json");
        using var doc = JsonDocument.Parse(File.ReadAllText(path));
        return doc.RootElement.GetProperty("cases").EnumerateArray().Select(c => c.Clone()).ToArray();
    });

    public static TheoryData<int> Indices() => new(Enumerable.Range(0, Cases.Value.Length));

    private static double[] D(JsonElement b, string key) => b.GetProperty(key).EnumerateArray().Select(e => e.GetDouble()).ToArray();
    private static int[] I(JsonElement b, string key) => b.GetProperty(key).EnumerateArray().Select(e => (int)e.GetDouble()).ToArray();

    private static object? Value(JsonElement e) => e.ValueKind switch
    {
        JsonValueKind.Number => e.GetDouble(),
        JsonValueKind.True => true,
        JsonValueKind.False => false,
        JsonValueKind.Array => e.EnumerateArray().Select(Value).ToList(),
        _ => e.GetString(),
    };

    [Theory]
    [MemberData(nameof(Indices))]
    public void MatchesPyTorchAutograd(int index)
    {
        var c = Cases.Value[index];
        string name = c.GetProperty("name").GetString()!;
        var hp = c.GetProperty("hp").EnumerateObject().ToDictionary(p => p.Name, p => Value(p.Value));
        var b = c.GetProperty("batch");
        var expected = c.GetProperty("grad").EnumerateObject().ToDictionary(p => p.Name, p => p.Value.EnumerateArray().Select(e => e.GetDouble()).ToArray());
        string label = $"case {index} {name} {string.Join(",", hp.Select(kv => kv.Key + "=" + HyperParameter.Format(kv.Value)))}";
        double loss = c.GetProperty("loss").GetDouble();

        Dictionary<string, double[]?> got;
        double gotLoss;
        if (c.GetProperty("kind").GetString() == "unpaired")
        {
            var batch = new UnpairedBatch
            {
                PolicyLogp = D(b, "PolicyLogp"), ReferenceLogp = D(b, "ReferenceLogp"), Tokens = I(b, "Tokens"),
                Desirable = b.GetProperty("Desirable").EnumerateArray().Select(e => e.GetBoolean()).ToArray(),
                KlPolicyLogp = D(b, "KlPolicyLogp"), KlReferenceLogp = D(b, "KlReferenceLogp"),
            };
            var r = ObjectiveRegistry.CreateUnpaired(name, hp).Compute(batch);
            gotLoss = r.Loss;
            got = new() { ["PolicyLogp"] = r.Gradient.PolicyLogp, ["ReferenceLogp"] = r.Gradient.ReferenceLogp };
        }
        else
        {
            var batch = new PreferenceBatch
            {
                PolicyChosen = D(b, "PolicyChosen"), PolicyRejected = D(b, "PolicyRejected"),
                ReferenceChosen = D(b, "ReferenceChosen"), ReferenceRejected = D(b, "ReferenceRejected"),
                ChosenTokens = I(b, "ChosenTokens"), RejectedTokens = I(b, "RejectedTokens"),
                PolicyChosenShared = D(b, "PolicyChosenShared"), PolicyRejectedShared = D(b, "PolicyRejectedShared"),
                ReferenceChosenShared = D(b, "ReferenceChosenShared"), ReferenceRejectedShared = D(b, "ReferenceRejectedShared"),
                ChosenEntropy = D(b, "ChosenEntropy"), RejectedEntropy = D(b, "RejectedEntropy"),
                ScoreChosen = D(b, "ScoreChosen"), ScoreRejected = D(b, "ScoreRejected"),
                Weights = D(b, "Weights"), NllLogp = D(b, "NllLogp"), NllTokens = I(b, "NllTokens"),
            };
            var objective = name.Contains('+') ? ObjectiveRegistry.Create(name.Split('+'), hp) : ObjectiveRegistry.CreatePaired(name, hp);
            var r = objective.Compute(batch);
            gotLoss = r.Loss;
            var g = r.Gradient;
            got = new()
            {
                ["PolicyChosen"] = g.PolicyChosen, ["PolicyRejected"] = g.PolicyRejected, ["ReferenceChosen"] = g.ReferenceChosen, ["ReferenceRejected"] = g.ReferenceRejected,
                ["PolicyChosenShared"] = g.PolicyChosenShared, ["PolicyRejectedShared"] = g.PolicyRejectedShared,
                ["ReferenceChosenShared"] = g.ReferenceChosenShared, ["ReferenceRejectedShared"] = g.ReferenceRejectedShared,
                ["ChosenEntropy"] = g.ChosenEntropy, ["RejectedEntropy"] = g.RejectedEntropy, ["ScoreChosen"] = g.ScoreChosen, ["ScoreRejected"] = g.ScoreRejected,
                ["NllLogp"] = g.NllLogp,
            };
            if (expected.ContainsKey("Weights")) got["Weights"] = g.Weights;
        }
        Fixtures.Close(loss, gotLoss, 1e-10, 1e-13, label + " loss");
        foreach (var (key, arr) in got)
        {
            Assert.NotNull(arr);
            for (int i = 0; i < arr!.Length; i++)
            {
                if (expected.TryGetValue(key, out var want)) Fixtures.Close(want[i], arr[i], 1e-10, 1e-13, $"{label} ∂{key}[{i}]");
                else Assert.True(arr[i] == 0, $"{label}: ∂{key}[{i}] = {arr[i]} but the loss does not use {key}");
            }
        }
    }
}
