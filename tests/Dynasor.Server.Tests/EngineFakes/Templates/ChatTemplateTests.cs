namespace Dynasor.Server.Tests.EngineFakes.Templates;

/// <summary>What the Jinja files render, worked out by hand from their text (see each template's doc).</summary>
public sealed class ChatTemplateTests
{
    private static readonly ChatMessage User = new("user", "Tell me a story.");

    [Fact]
    public void DeepSeekR1_EnableThinkingUndefined_ClosesTheThinkBlockAtOnce()
    {
        // `{% if not enable_thinking %}</think>{% endif %}`: undefined is falsy, as with vLLM without chat_template_kwargs.
        Assert.Equal("<s><｜User｜>Tell me a story.<｜Assistant｜><think>\n</think>", ChatTemplates.DeepSeekR1.Render([User], true, null));
        Assert.Equal("<s><｜User｜>Tell me a story.<｜Assistant｜><think>\n", ChatTemplates.DeepSeekR1.Render([User], true, true));
    }

    [Fact]
    public void DeepSeekR1_SystemFirstAndAssistantContentLosesItsThinkPart()
    {
        var rendered = ChatTemplates.DeepSeekR1.Render(
            [new("system", "Be brief."), User, new("assistant", "<think>plan</think>\nOnce"), new("user", "More.")], true, true);
        Assert.Equal("<s>Be brief.<｜User｜>Tell me a story.<｜Assistant｜>\nOnce<｜end▁of▁sentence｜><｜User｜>More.<｜Assistant｜><think>\n", rendered);
    }

    [Fact]
    public void DeepSeekR1_ContinueFinalMessage_CutsAfterTheContent()
    {
        Assert.Equal("<s><｜User｜>Tell me a story.<｜Assistant｜>Once upon",
            ChatTemplates.DeepSeekR1.RenderContinuing([User, new("assistant", "Once upon")], null));
    }

    [Fact]
    public void Qwq_EarlierAssistantTurnsKeepOnlyTheAnswer()
    {
        var rendered = ChatTemplates.Qwq.Render([User, new("assistant", "<think>plan</think>\n\nOnce"), new("user", "More.")], true, false);
        Assert.Equal("<|im_start|>user\nTell me a story.<|im_end|>\n<|im_start|>assistant\nOnce<|im_end|>\n"
            + "<|im_start|>user\nMore.<|im_end|>\n<|im_start|>assistant\n<think>\n</think>", rendered);
    }

    [Fact]
    public void Qwen3_EnableThinking_OnlyAnExplicitFalseAddsTheEmptyBlock()
    {
        const string Head = "<|im_start|>user\nTell me a story.<|im_end|>\n<|im_start|>assistant\n";
        Assert.Equal(Head, ChatTemplates.Qwen3.Render([User], true, null));
        Assert.Equal(Head, ChatTemplates.Qwen3.Render([User], true, true));
        Assert.Equal(Head + "<think>\n\n</think>\n\n", ChatTemplates.Qwen3.Render([User], true, false));
    }

    [Fact]
    public void Qwen3_ReasoningOfTurnsAfterTheLastQueryIsKeptEarlierDropped()
    {
        var rendered = ChatTemplates.Qwen3.Render(
            [User, new("assistant", "Once", "old plan"), new("user", "More."), new("assistant", "<think>\nnew plan\n</think>\n\nThen")], false, null);
        Assert.Equal("<|im_start|>user\nTell me a story.<|im_end|>\n<|im_start|>assistant\nOnce<|im_end|>\n"
            + "<|im_start|>user\nMore.<|im_end|>\n<|im_start|>assistant\n<think>\nnew plan\n</think>\n\nThen<|im_end|>\n", rendered);
    }

    [Fact]
    public void Qwen3_ToolResultsShareOneUserTurnAndDoNotCountAsTheQuery()
    {
        var rendered = ChatTemplates.Qwen3.Render(
            [User, new("assistant", "call", "why"), new("tool", "r1"), new("tool", "r2")], true, null);
        Assert.Equal("<|im_start|>user\nTell me a story.<|im_end|>\n<|im_start|>assistant\n<think>\nwhy\n</think>\n\ncall<|im_end|>\n"
            + "<|im_start|>user\n<tool_response>\nr1\n</tool_response>\n<tool_response>\nr2\n</tool_response><|im_end|>\n<|im_start|>assistant\n", rendered);
    }

    [Fact]
    public void ChatMl_ContinueFinalMessage_LeavesTheTurnOpen()
    {
        Assert.Equal("<|im_start|>user\nTell me a story.<|im_end|>\n<|im_start|>assistant\nOnce upon a time",
            ChatTemplates.ChatMl.RenderContinuing([User, new("assistant", "Once upon a time")], null));
    }
}
