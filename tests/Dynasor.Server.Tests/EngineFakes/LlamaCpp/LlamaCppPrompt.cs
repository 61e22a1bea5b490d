using Dynasor.Server.Tests.EngineFakes.Templates;

namespace Dynasor.Server.Tests.EngineFakes.LlamaCpp;

/// <summary>
/// The prompt text llama-server renders for a chat request, and the tail of it its output parser reads before the
/// generated text, as observed (docs/llamacpp-observed.md §3, §4, §4.4, §4.5):
/// <list type="bullet">
/// <item>The template gets <c>enable_thinking</c> true unless <c>chat_template_kwargs</c> says otherwise (the R1
/// generation prompt stays <c>&lt;think&gt;\n</c>, not closed), and the rendered leading BOS text is dropped
/// (tokenisation adds BOS).</item>
/// <item>A continued message is cut open: after its reasoning (<see cref="ContinuationMode.Reasoning"/>) or its
/// content. Templates that drop reasoning (R1, QwQ) get <c>&lt;think&gt;reasoning&lt;/think&gt;content</c> written
/// by the server after the turn header (<c>&lt;think&gt;&lt;/think&gt;</c> for a content-only prefill); Qwen3
/// renders the think block itself; ChatML has none.</item>
/// <item>The parser reads the generation prompt (<c>&lt;think&gt;\n</c> for R1, hence a <c>reasoning_content</c>
/// starting with "\n") or the prefill, then the output.</item>
/// </list>
/// </summary>
internal static class LlamaCppPrompt
{
    public static (string Prompt, string ParseTail) Build(ChatTemplate template, IReadOnlyList<ChatMessage> messages,
        bool addGenerationPrompt, ContinuationMode mode, bool? enableThinking)
    {
        var thinking = enableThinking ?? true;
        if (mode == ContinuationMode.None)
        {
            var prompt = StripBos(template.Render(messages, addGenerationPrompt, thinking));
            var tail = addGenerationPrompt ? template.GenerationPrompt(messages, thinking) : "";
            return (prompt, ThinkTail(tail));
        }
        var final = messages[^1];
        if (mode == ContinuationMode.Auto)
            mode = string.IsNullOrEmpty(final.Content) && !string.IsNullOrEmpty(final.ReasoningContent) ? ContinuationMode.Reasoning : ContinuationMode.Content;
        if (template.RendersReasoning)
        {
            var full = StripBos(template.Render(messages, false, thinking));
            var open = full.LastIndexOf("<think>\n", StringComparison.Ordinal) + "<think>\n".Length;
            var prompt = mode == ContinuationMode.Reasoning
                ? full[..(open + (final.ReasoningContent ?? "").Trim('\n').Length)]
                : StripBos(template.RenderContinuing(messages, thinking));
            return (prompt, prompt[prompt.LastIndexOf("<think>", StringComparison.Ordinal)..]);
        }
        var head = StripBos(template.RenderBeforeFinalContent(messages, thinking));
        var body = !template.Thinks
            ? final.Content ?? ""
            : "<think>" + final.ReasoningContent + (mode == ContinuationMode.Reasoning ? "" : "</think>" + final.Content);
        return (head + body, body);
    }

    // The parser only needs the think state the prompt leaves open: from the last <think> on, if it is unclosed.
    private static string ThinkTail(string generationPrompt)
    {
        var open = generationPrompt.LastIndexOf("<think>", StringComparison.Ordinal);
        return open >= 0 && generationPrompt.IndexOf("</think>", open, StringComparison.Ordinal) < 0 ? generationPrompt[open..] : "";
    }

    private static string StripBos(string rendered) => rendered.StartsWith("<s>", StringComparison.Ordinal) ? rendered[3..] : rendered;
}
