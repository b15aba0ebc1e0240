namespace SharpAlign.Tokenization.PreTokenizers;

/// <summary>
/// One piece of text on its way to the model. <see cref="AtStart"/> is true only for the piece
/// that begins at offset 0 of the original input (what Metaspace's "first" scheme checks).
/// </summary>
internal readonly record struct PreToken(string Text, bool AtStart);
