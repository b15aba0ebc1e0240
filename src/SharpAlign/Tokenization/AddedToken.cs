namespace SharpAlign.Tokenization;

/// <summary>
/// An entry of tokenizer.json's <c>added_tokens</c>: text matched before the model runs.
/// </summary>
/// <param name="Id">Token id.</param>
/// <param name="Content">The exact text of the token.</param>
/// <param name="SingleWord">Only match when not inside a word.</param>
/// <param name="LStrip">Absorb (and drop) the whitespace before the match.</param>
/// <param name="RStrip">Absorb (and drop) the whitespace after the match.</param>
/// <param name="Normalized">Match against normalized text (true) or the raw input (false).</param>
/// <param name="Special">Special tokens are skipped by <c>Decode(skipSpecialTokens: true)</c>.</param>
public sealed record AddedToken(int Id, string Content, bool SingleWord, bool LStrip, bool RStrip, bool Normalized, bool Special);
