using Dynasor.Server.Dialects;

namespace Dynasor.Server.Tests.Dialects;

public sealed class ThinkSplitterTests
{
    private static (string Reasoning, string Content) Split(ThinkSplitter splitter, params string[] pieces)
    {
        string reasoning = "", content = "";
        foreach (var piece in pieces)
        {
            var (r, c) = splitter.Push(piece);
            (reasoning, content) = (reasoning + r, content + c);
        }
        var (fr, fc) = splitter.Flush();
        return (reasoning + fr, content + fc);
    }

    [Fact]
    public void Push_ClosingTagSplitOverPieces_ReasoningThenContentTagDropped()
    {
        var splitter = new ThinkSplitter(inReasoning: true, atTurnStart: false);

        Assert.Equal(("So 42", "\n\nThe answer is 42."), Split(splitter, "So", " 42</", "thi", "nk>\n\nThe answer", " is 42."));
        Assert.False(splitter.InReasoning);
    }

    [Fact]
    public void Push_ModelOpensTheBlockAtTurnStart_Entered()
    {
        var splitter = new ThinkSplitter(inReasoning: false, atTurnStart: true);

        Assert.Equal(("hmm", "ok"), Split(splitter, "<th", "ink>hmm</think>", "ok"));
    }

    [Fact]
    public void Push_NoBlockAtTurnStart_AllContent()
    {
        Assert.Equal(("", "<b>plain</b> text"), Split(new ThinkSplitter(inReasoning: false, atTurnStart: true), "<b>plain</b>", " text"));
    }

    [Fact]
    public void Push_AfterContentBegan_TagsAreText()
    {
        Assert.Equal(("", "x <think> y </think>"), Split(new ThinkSplitter(inReasoning: false, atTurnStart: false), "x <think> y </think>"));
    }

    [Fact]
    public void Push_LeadOfTheGenerationPrompt_OpensTheReasoning()
    {
        // llama.cpp parses "<think>\n" of R1's generation prompt with the output: its reasoning starts with "\n".
        Assert.Equal(("\n another show", ""), Split(new ThinkSplitter(inReasoning: true, atTurnStart: true, lead: "\n"), " another", " show"));
    }

    [Fact]
    public void Flush_PartialTagThatNeverCompleted_KeptAsReasoning()
    {
        Assert.Equal(("a </thi", ""), Split(new ThinkSplitter(inReasoning: true, atTurnStart: false), "a </thi"));
    }

    [Theory]
    [InlineData("<｜Assistant｜><think>\n", true)]
    [InlineData("<|im_start|>assistant\n<think>\n\n</think>\n\n", false)]
    [InlineData("<|im_start|>assistant\n", false)]
    public void OpensReasoning_RenderedPrompts(string prompt, bool opens) => Assert.Equal(opens, ThinkSplitter.OpensReasoning(prompt));
}
