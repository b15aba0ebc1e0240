using SharpAlign.Tokenization.Templates;

namespace SharpAlign.Tests.ChatTemplates;

/// <summary>Float printing and round() against Python's own results (float_cases.jsonl, from the generator).</summary>
public class PythonFormattingTests
{
    [Fact]
    public void Float_repr_matches_python_for_every_golden_value()
    {
        var cases = GoldenCases.Read("float_cases.jsonl");
        Assert.True(cases.Count > 300);
        foreach (var c in cases)
        {
            var value = BitConverter.UInt64BitsToDouble(c.GetProperty("bits").GetUInt64());
            Assert.Equal(c.GetProperty("repr").GetString(), new FloatValue(value).ToPythonString());
        }
    }

    [Fact]
    public void Round_filter_matches_python_round_for_every_golden_value()
    {
        var template = Template.Parse("{{ x | round(n) }}");
        foreach (var c in GoldenCases.Read("float_cases.jsonl"))
        {
            var value = BitConverter.UInt64BitsToDouble(c.GetProperty("bits").GetUInt64());
            var rendered = template.Render(new Dictionary<string, object?> { ["x"] = value, ["n"] = c.GetProperty("ndigits").GetInt32() });
            Assert.True(c.GetProperty("round").GetString() == rendered, $"round({value:R}, {c.GetProperty("ndigits")}) = {rendered}, Python says {c.GetProperty("round")}");
        }
    }
}
