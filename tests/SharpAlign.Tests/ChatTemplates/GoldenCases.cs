using System.Text.Json;

namespace SharpAlign.Tests.ChatTemplates;

/// <summary>
/// Loads the golden files written by tests/generators/chattemplates_golden.py (Jinja2 3.1.6 configured
/// as transformers configures it). Each case has a template, variables, and either the expected
/// output or the error Jinja2 raised.
/// </summary>
internal static class GoldenCases
{
    public static string DataDir => Path.Combine(AppContext.BaseDirectory, "TestData", "ChatTemplates");

    /// <summary>The clock the generator used for strftime_now.</summary>
    public static DateTime Clock => new(2024, 7, 26, 14, 5, 9);

    private static readonly System.Collections.Concurrent.ConcurrentDictionary<string, IReadOnlyList<JsonElement>> Cache = new();

    public static IReadOnlyList<JsonElement> Read(string file) => Cache.GetOrAdd(file, f =>
        File.ReadLines(Path.Combine(DataDir, f)).Where(l => l.Length > 0)
            .Select(l => JsonDocument.Parse(l).RootElement.Clone()).ToList());

    public static TheoryData<string> Names(string file)
    {
        var data = new TheoryData<string>();
        foreach (var c in Read(file)) data.Add(c.GetProperty("name").GetString()!);
        return data;
    }

    public static JsonElement Find(string file, string name) =>
        Read(file).Single(c => c.GetProperty("name").GetString() == name);

    public static Dictionary<string, object?> Variables(JsonElement c) =>
        c.GetProperty("variables").EnumerateObject().ToDictionary(p => p.Name, p => (object?)p.Value.Clone());
}
