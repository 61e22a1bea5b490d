using Dynasor.Server.Tests.EngineFakes.Templates;

namespace Dynasor.Server.Tests.EngineFakes.LlamaCpp;

/// <summary>Each expected string is llama-server's <c>/apply-template</c> output (or <c>__verbose.prompt</c>)
/// recorded in docs/llamacpp-observed.md, section given per case.</summary>
public sealed class LlamaCppPromptTests
{
    private static readonly ChatMessage User = new("user", "Tell me a story.");
    private const string ChatMlUser = "<|im_start|>user\nTell me a story.<|im_end|>\n";
    private const string P = "\n another show. \nOne day, Annabyed and said, \"Hi, Kitty, I'm sor";

    private static string Prompt(ChatTemplate template, ContinuationMode mode, bool? thinking, params ChatMessage[] messages) =>
        LlamaCppPrompt.Build(template, messages, mode == ContinuationMode.None, mode, thinking).Prompt;

    [Fact]
    public void ChatMl_MatchesApplyTemplate()
    {
        // §5 apply-template and §3 prefill.
        Assert.Equal("<|im_start|>system\nBe brief.<|im_end|>\n" + ChatMlUser + "<|im_start|>assistant\n",
            Prompt(ChatTemplates.ChatMl, ContinuationMode.None, null, new("system", "Be brief."), User));
        Assert.Equal(ChatMlUser + "<|im_start|>assistant\nOnce upon a time",
            Prompt(ChatTemplates.ChatMl, ContinuationMode.Auto, null, User, new("assistant", "Once upon a time")));
    }

    [Fact]
    public void DeepSeekR1_MatchesApplyTemplateAndVerbosePrompts()
    {
        // §4.0, and §4.3 (a) and (b).
        Assert.Equal("<｜User｜>Tell me a story.<｜Assistant｜><think>\n", Prompt(ChatTemplates.DeepSeekR1, ContinuationMode.None, null, User));
        Assert.Equal("<｜User｜>Tell me a story.<｜Assistant｜><think></think>" + P,
            Prompt(ChatTemplates.DeepSeekR1, ContinuationMode.Auto, null, User, new("assistant", P)));
        Assert.Equal("<｜User｜>Tell me a story.<｜Assistant｜><think>" + P,
            Prompt(ChatTemplates.DeepSeekR1, ContinuationMode.Reasoning, null, User, new("assistant", "", P)));
        Assert.Equal("<｜User｜>Tell me a story.<｜Assistant｜><think>" + P,
            Prompt(ChatTemplates.DeepSeekR1, ContinuationMode.Auto, null, User, new("assistant", "", P)));
    }

    [Fact]
    public void Qwen3_MatchesApplyTemplate()
    {
        // §4.4.
        const string Head = ChatMlUser + "<|im_start|>assistant\n";
        Assert.Equal(Head, Prompt(ChatTemplates.Qwen3, ContinuationMode.None, null, User));
        Assert.Equal(Head + "<think>\n\n</think>\n\n", Prompt(ChatTemplates.Qwen3, ContinuationMode.None, false, User));
        Assert.Equal(Head + "<think>\nabc", Prompt(ChatTemplates.Qwen3, ContinuationMode.Reasoning, null, User, new("assistant", "", "abc")));
        Assert.Equal(Head + "<think>\nabc\n</think>\n\nOnce", Prompt(ChatTemplates.Qwen3, ContinuationMode.Content, null, User, new("assistant", "Once", "abc")));
        Assert.Equal(Head + "<think>\n\n</think>\n\nOnce", Prompt(ChatTemplates.Qwen3, ContinuationMode.Auto, null, User, new("assistant", "Once")));
    }

    [Fact]
    public void Qwq_MatchesApplyTemplateTails()
    {
        // §4.5, user message "Hi".
        ChatMessage hi = new("user", "Hi");
        const string Head = "<|im_start|>user\nHi<|im_end|>\n<|im_start|>assistant\n";
        Assert.Equal(Head + "<think>\n", Prompt(ChatTemplates.Qwq, ContinuationMode.None, null, hi));
        Assert.Equal(Head + "<think>abc", Prompt(ChatTemplates.Qwq, ContinuationMode.Reasoning, null, hi, new("assistant", "", "abc")));
        Assert.Equal(Head + "<think>abc</think>Once", Prompt(ChatTemplates.Qwq, ContinuationMode.Content, null, hi, new("assistant", "Once", "abc")));
        Assert.Equal(Head + "<think></think>abc", Prompt(ChatTemplates.Qwq, ContinuationMode.Auto, null, hi, new("assistant", "abc")));
    }

    [Fact]
    public void DeepSeekR1_ParserReadsTheGenerationPromptSoReasoningStartsWithNewline()
    {
        var (_, tail) = LlamaCppPrompt.Build(ChatTemplates.DeepSeekR1, [User], true, ContinuationMode.None, null);
        Assert.Equal("<think>\n", tail);
    }
}
