namespace SharpAlign.Data.Reading;

/// <summary>Why a row cannot be used: a reason code (for counting), the field at fault and a message for the user.</summary>
/// <param name="Reason">One of the <see cref="DropReason"/> codes.</param>
/// <param name="Field">The field (column) at fault, or null when the row as a whole is bad.</param>
/// <param name="Message">What is wrong and what was expected.</param>
public sealed record RowProblem(string Reason, string? Field, string Message)
{
    /// <summary>The full message with the row's origin: "file, line N (row M), field 'x': message".</summary>
    public string Describe(RowOrigin origin) =>
        Field is null ? $"{origin}: {Message}" : $"{origin}, field '{Field}': {Message}";
}
