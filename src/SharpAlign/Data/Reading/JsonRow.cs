using System.Text.Json;

namespace SharpAlign.Data.Reading;

/// <summary>Turns the bytes of one JSON value into a <see cref="RawRow"/>, checking UTF-8, syntax and that it is an object.</summary>
internal static class JsonRow
{
    /// <summary>Parses exactly one JSON object from <paramref name="bytes"/> (surrounding whitespace allowed).</summary>
    public static RawRow Parse(ReadOnlySpan<byte> bytes, RowOrigin origin)
    {
        var bad = Utf8Check.Validate(bytes, origin.Line);
        if (bad is not null) return new RawRow { Origin = origin, Problem = bad };
        JsonElement value;
        try
        {
            var reader = new Utf8JsonReader(bytes, new JsonReaderOptions { CommentHandling = JsonCommentHandling.Skip });
            value = JsonElement.ParseValue(ref reader);
            var rest = bytes[(int)reader.BytesConsumed..];
            if (rest.TrimStart(" \t\r\n"u8).Length != 0)
                return Problem(origin, DropReason.Malformed, "unexpected text after the JSON object (one object per line is expected)");
        }
        catch (JsonException e)
        {
            return Problem(origin, DropReason.Malformed, $"malformed JSON: {Short(e.Message)}");
        }
        if (value.ValueKind != JsonValueKind.Object)
            return Problem(origin, DropReason.NotAnObject, $"expected a JSON object per row, found {value.ValueKind.ToString().ToLowerInvariant()}");
        return new RawRow { Origin = origin, Value = value };
    }

    private static RawRow Problem(RowOrigin origin, string reason, string message) =>
        new() { Origin = origin, Problem = new RowProblem(reason, null, message) };

    /// <summary>System.Text.Json messages end with a path/position sentence that confuses more than it helps.</summary>
    internal static string Short(string message)
    {
        int cut = message.IndexOf(" LineNumber:", StringComparison.Ordinal);
        if (cut < 0) cut = message.IndexOf(" Path:", StringComparison.Ordinal);
        return cut > 0 ? message[..cut] : message;
    }
}
