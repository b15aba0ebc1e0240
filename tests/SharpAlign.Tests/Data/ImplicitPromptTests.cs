using SharpAlign.Data.Schema;

namespace SharpAlign.Tests.Data;

/// <summary>Expected values worked by hand from TRL's extract_prompt loop (formats.md §6.3).</summary>
public class ImplicitPromptTests
{
    [Theory]
    [InlineData("The sky is blue.", "The sky is green.", "The sky is", " blue.", " green.")]
    [InlineData("abcX", "abcY", "abc", "X", "Y")]
    [InlineData("X", "Y", "", "X", "Y")]
    // one side a prefix of the other: TRL's loop stops at min_len - 1
    [InlineData("Hello", "Hello there", "Hell", "o", "o there")]
    // a space before the difference moves to the completions
    [InlineData("Q: yes", "Q: no", "Q:", " yes", " no")]
    // never split a surrogate pair: 😀 (D83D DE00) vs 😁 (D83D DE01)
    [InlineData("A \U0001F600", "A \U0001F601", "A", " \U0001F600", " \U0001F601")]
    public void Strings(string chosen, string rejected, string prompt, string c, string r) =>
        Assert.Equal((prompt, c, r), ImplicitPrompt.Split(chosen, rejected));

    [Fact]
    public void ConversationsSplitAtWholeMessages()
    {
        ChatMessage U(string s) => new("user", s);
        ChatMessage A(string s) => new("assistant", s);
        var (p, c, r) = ImplicitPrompt.Split([U("hi"), A("hello"), U("more?"), A("yes")], [U("hi"), A("hello"), U("more?"), A("no")]);
        Assert.Equal([U("hi"), A("hello"), U("more?")], p);
        Assert.Equal([A("yes")], c);
        Assert.Equal([A("no")], r);
        // same content, different role: the messages differ
        var (p2, _, _) = ImplicitPrompt.Split([U("hi"), A("x")], [U("hi"), U("x")]);
        Assert.Equal([U("hi")], p2);
        // prefix case: split at min_len - 1
        var (p3, c3, r3) = ImplicitPrompt.Split([U("hi"), A("a")], [U("hi"), A("a"), U("b"), A("c")]);
        Assert.Equal([U("hi")], p3);
        Assert.Equal([A("a")], c3);
        Assert.Equal(3, r3.Length);
    }
}
