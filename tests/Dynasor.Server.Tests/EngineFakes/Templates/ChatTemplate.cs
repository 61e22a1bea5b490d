namespace Dynasor.Server.Tests.EngineFakes.Templates;

/// <summary>
/// A chat template hand-written in C# to render exactly what one Jinja file in <c>../shared/models/templates/</c>
/// renders (tools and tool calls are not rendered: the fakes cannot call tools). <see cref="Render"/> is the Jinja
/// output; <see cref="RenderContinuing"/> leaves the final message open the way Hugging Face's
/// <c>apply_chat_template(continue_final_message=True)</c> does for vLLM and SGLang.
/// </summary>
public abstract class ChatTemplate
{
    /// <summary>The family name used in <c>FakeEngineOptions.Template</c>.</summary>
    public abstract string Name { get; }

    /// <summary>True when the template writes <c>&lt;think&gt;</c> blocks (its model reasons).</summary>
    public virtual bool Thinks => false;

    /// <summary>True when the template renders an assistant message's <c>reasoning_content</c> itself (Qwen3);
    /// false when it drops it (R1, QwQ), so llama.cpp writes the think block around a prefill on its own.</summary>
    public virtual bool RendersReasoning => false;

    /// <summary>The Jinja output. <paramref name="enableThinking"/> null is "undefined" in Jinja, which the R1 and
    /// QwQ templates treat as false and Qwen3 as "not false".</summary>
    public abstract string Render(IReadOnlyList<ChatMessage> messages, bool addGenerationPrompt, bool? enableThinking, string bosToken = "<s>");

    /// <summary>
    /// transformers' <c>continue_final_message</c>: render without a generation prompt, then cut after the last
    /// occurrence of the final message's content (stripped), keeping its leading spaces when the template did.
    /// </summary>
    public string RenderContinuing(IReadOnlyList<ChatMessage> messages, bool? enableThinking, string bosToken = "<s>")
    {
        var rendered = Render(messages, addGenerationPrompt: false, enableThinking, bosToken);
        var final = messages[^1].Content ?? "";
        var stripped = final.Trim();
        var at = rendered.LastIndexOf(stripped, StringComparison.Ordinal);
        if (at < 0)
            throw new ArgumentException("continue_final_message is set but the final message does not appear in the chat after applying the chat template!");
        var lstripped = final.TrimStart();
        var kept = rendered.Substring(at, Math.Min(lstripped.Length, rendered.Length - at));
        return rendered[..(at + (kept == final ? lstripped.Length : stripped.Length))];
    }

    /// <summary>The rendering up to where the final message's content starts (its turn header included).</summary>
    public string RenderBeforeFinalContent(IReadOnlyList<ChatMessage> messages, bool? enableThinking, string bosToken = "<s>")
    {
        const string Marker = "\u0001final-content\u0001";
        var marked = messages.Take(messages.Count - 1).Append(messages[^1] with { Content = Marker, ReasoningContent = null }).ToList();
        var rendered = Render(marked, addGenerationPrompt: false, enableThinking, bosToken);
        return rendered[..rendered.LastIndexOf(Marker, StringComparison.Ordinal)];
    }

    /// <summary>The text a generation prompt adds (llama.cpp's <c>generation_prompt</c>).</summary>
    public string GenerationPrompt(IReadOnlyList<ChatMessage> messages, bool? enableThinking, string bosToken = "<s>") =>
        Render(messages, true, enableThinking, bosToken)[Render(messages, false, enableThinking, bosToken).Length..];

    // Python's str.split(sep)[-1]: the text after the last separator, or all of it.
    protected static string AfterLast(string text, string separator)
    {
        var at = text.LastIndexOf(separator, StringComparison.Ordinal);
        return at < 0 ? text : text[(at + separator.Length)..];
    }

    // Python's str.split(sep)[0].
    protected static string BeforeFirst(string text, string separator)
    {
        var at = text.IndexOf(separator, StringComparison.Ordinal);
        return at < 0 ? text : text[..at];
    }
}
