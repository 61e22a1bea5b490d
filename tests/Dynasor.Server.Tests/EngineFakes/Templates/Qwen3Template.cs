using System.Text;

namespace Dynasor.Server.Tests.EngineFakes.Templates;

/// <summary>
/// ChatML with reasoning, as <c>templates/Qwen-Qwen3-0.6B.jinja</c> renders it. An assistant turn after the last
/// real user query is written with its reasoning (<c>reasoning_content</c>, or the <c>&lt;think&gt;</c> part of its
/// content) as <c>&lt;think&gt;\n…\n&lt;/think&gt;\n\n</c> — always when it is the last message, so a prefill gets an
/// empty think block — while earlier turns keep only their answer. The generation prompt is
/// <c>&lt;|im_start|&gt;assistant\n</c>, plus an empty closed think block when <c>enable_thinking</c> is false.
/// </summary>
public sealed class Qwen3Template : ChatTemplate
{
    public override string Name => "qwen3";

    public override bool Thinks => true;

    public override bool RendersReasoning => true;

    public override string Render(IReadOnlyList<ChatMessage> messages, bool addGenerationPrompt, bool? enableThinking, string bosToken = "<s>")
    {
        var text = new StringBuilder();
        if (messages.Count > 0 && messages[0].Role == "system")
            text.Append("<|im_start|>system\n").Append(messages[0].Content).Append("<|im_end|>\n");
        var lastQuery = LastQueryIndex(messages);
        for (var i = 0; i < messages.Count; i++)
        {
            var message = messages[i];
            if (message.Role == "user" || (message.Role == "system" && i > 0))
                text.Append("<|im_start|>").Append(message.Role).Append('\n').Append(message.Content).Append("<|im_end|>\n");
            else if (message.Role == "assistant")
                AppendAssistant(text, message, i > lastQuery, i == messages.Count - 1);
            else if (message.Role == "tool")
                ToolTurn.Append(text, messages, i);
        }
        if (addGenerationPrompt)
        {
            text.Append("<|im_start|>assistant\n");
            if (enableThinking == false)
                text.Append("<think>\n\n</think>\n\n");
        }
        return text.ToString();
    }

    private static void AppendAssistant(StringBuilder text, ChatMessage message, bool afterLastQuery, bool last)
    {
        var content = message.Content ?? "";
        var reasoning = "";
        if (message.ReasoningContent is not null)
            reasoning = message.ReasoningContent;
        else if (content.Contains("</think>", StringComparison.Ordinal))
        {
            reasoning = AfterLast(BeforeFirst(content, "</think>").TrimEnd('\n'), "<think>").TrimStart('\n');
            content = AfterLast(content, "</think>").TrimStart('\n');
        }
        if (afterLastQuery && (last || reasoning.Length > 0))
            text.Append("<|im_start|>assistant\n<think>\n").Append(reasoning.Trim('\n')).Append("\n</think>\n\n").Append(content.TrimStart('\n'));
        else
            text.Append("<|im_start|>assistant\n").Append(content);
        text.Append("<|im_end|>\n");
    }

    // The last user message that is not a wrapped tool response; the last index when there is none.
    private static int LastQueryIndex(IReadOnlyList<ChatMessage> messages)
    {
        for (var i = messages.Count - 1; i >= 0; i--)
        {
            var content = messages[i].Content ?? "";
            if (messages[i].Role == "user" && !(content.StartsWith("<tool_response>", StringComparison.Ordinal) && content.EndsWith("</tool_response>", StringComparison.Ordinal)))
                return i;
        }
        return messages.Count - 1;
    }
}
