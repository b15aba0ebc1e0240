namespace SharpAlign.Tokenization.PostProcessors;

/// <summary>
/// A tokenizer.json <c>post_processor</c>, applied to a single sequence when special tokens are
/// requested (with <c>add_special_tokens=false</c> none of the supported processors changes the ids).
/// </summary>
internal interface IPostProcessor
{
    /// <summary>Returns the ids with the processor's special tokens added.</summary>
    List<int> AddSpecialTokens(List<int> ids);
}
