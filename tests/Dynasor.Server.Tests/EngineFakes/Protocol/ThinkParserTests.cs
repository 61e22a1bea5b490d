namespace Dynasor.Server.Tests.EngineFakes.Protocol;

public sealed class ThinkParserTests
{
    private static (string Reasoning, string Content) ParseInPieces(bool startInReasoning, params string[] pieces)
    {
        var parser = new ThinkParser(startInReasoning);
        var (reasoning, content) = ("", "");
        foreach (var piece in pieces)
        {
            var delta = parser.Feed(piece);
            (reasoning, content) = (reasoning + delta.Reasoning, content + delta.Content);
        }
        var rest = parser.Finish();
        return (reasoning + rest.Reasoning, content + rest.Content);
    }

    [Fact]
    public void Feed_TagsSplitOverPieces_AreRecognised()
    {
        Assert.Equal(("plan", "answer"), ParseInPieces(false, "<th", "ink>pl", "an</", "thi", "nk>answer"));
    }

    [Fact]
    public void Feed_PromptOpenedTheBlock_OutputIsReasoningUntilClose()
    {
        Assert.Equal(("a < b", " done"), ParseInPieces(true, "a <", " b</think", "> done"));
        Assert.Equal(("never closed", ""), ParseInPieces(true, "never ", "closed"));
    }

    [Fact]
    public void Feed_NoThinkBlock_IsAllContentAndLaterTagsStayText()
    {
        Assert.Equal(("", "Once <think>x</think>"), ParseInPieces(false, "Once ", "<think>x</think>"));
        Assert.Equal(("x", "\ny<think>z"), ParseInPieces(false, "\n<think>x</think>y<think>z"));
    }

    [Fact]
    public void Feed_PartialCloseTagAtTheEnd_IsReleasedAsReasoning()
    {
        var parser = new ThinkParser(true);
        Assert.Equal(("abc", ""), parser.Feed("abc</thi"));
        Assert.Equal(("</thi", ""), parser.Finish());
    }
}
