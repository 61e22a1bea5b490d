using Dynasor.Engines;
using Dynasor.Server.OpenAi;

namespace Dynasor.Server.Tests.OpenAi;

public sealed class PromptTemplateTests
{
    [Fact]
    public void Parse_RenderedConversation_RoundTrips()
    {
        ChatTurn[] turns = [new("system", "Be exact."), new("user", "What is\n6*7?")];

        var (messages, prefix) = PromptTemplate.Parse(PromptTemplate.Render(turns, "<think>\nSix times"));

        Assert.Equal(turns, messages);
        Assert.Equal("<think>\nSix times", prefix);
    }

    [Fact]
    public void Parse_PlainText_IsOneUserTurn()
    {
        var (messages, prefix) = PromptTemplate.Parse("What is 6*7?");

        Assert.Equal([new ChatTurn("user", "What is 6*7?")], messages);
        Assert.Equal("", prefix);
    }

    [Fact]
    public void Render_EmptyPrefix_EndsWithOpenAssistantTurn()
    {
        Assert.Equal("<|im_start|>user\nq<|im_end|>\n<|im_start|>assistant\n", PromptTemplate.Render([new("user", "q")], ""));
    }
}
