namespace SharpAlign.Data.Tokenizing;

/// <summary>How a sequence longer than max_length is cut (TRL's <c>truncation_mode</c>).</summary>
public enum TruncationMode
{
    /// <summary>Keep the first max_length tokens of [prompt ‖ completion]: completions lose their tail (TRL-new default).</summary>
    KeepStart,
    /// <summary>Keep the last max_length tokens: the prompt loses its start.</summary>
    KeepEnd,
}
