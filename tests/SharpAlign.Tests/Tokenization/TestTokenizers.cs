using SharpAlign.Tokenization;

namespace SharpAlign.Tests.Tokenization;

/// <summary>The real tokenizer folders under TestData/Tokenization, loaded once per test run.</summary>
internal static class TestTokenizers
{
    private static readonly Lazy<HuggingFaceTokenizer> Gpt2Lazy = new(() => HuggingFaceTokenizer.FromDirectory(Folder("gpt-2")));
    private static readonly Lazy<HuggingFaceTokenizer> LlamaLazy = new(() => HuggingFaceTokenizer.FromDirectory(Folder("llama-spm")));

    /// <summary>GPT-2 (byte-level BPE, 50257 ids).</summary>
    public static HuggingFaceTokenizer Gpt2 => Gpt2Lazy.Value;

    /// <summary>Llama-2 / TinyLlama (SentencePiece-style BPE with byte fallback, 32000 ids).</summary>
    public static HuggingFaceTokenizer Llama => LlamaLazy.Value;

    /// <summary>Path of a tokenizer folder in the test data.</summary>
    public static string Folder(string name) => Path.Combine(AppContext.BaseDirectory, "TestData", "Tokenization", name);
}
