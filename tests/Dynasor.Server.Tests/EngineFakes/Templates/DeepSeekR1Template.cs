using System.Text;

namespace Dynasor.Server.Tests.EngineFakes.Templates;

/// <summary>
/// As <c>templates/deepseek-ai-DeepSeek-R1-Distill-Qwen-32B.jinja</c> renders it: the BOS token, then the last
/// system message's text, then <c>&lt;｜User｜&gt;…</c> and <c>&lt;｜Assistant｜&gt;…&lt;｜end▁of▁sentence｜&gt;</c> turns
/// where every assistant content (the last one too) loses everything up to its last <c>&lt;/think&gt;</c>; tool
/// results go between tool-output markers. The generation prompt is <c>&lt;｜Assistant｜&gt;&lt;think&gt;\n</c>, closed
/// at once with <c>&lt;/think&gt;</c> unless <c>enable_thinking</c> is truthy.
/// </summary>
public sealed class DeepSeekR1Template : ChatTemplate
{
    public override string Name => "deepseek-r1";

    public override bool Thinks => true;

    public override string Render(IReadOnlyList<ChatMessage> messages, bool addGenerationPrompt, bool? enableThinking, string bosToken = "<s>")
    {
        var system = messages.LastOrDefault(m => m.Role == "system")?.Content ?? "";
        var text = new StringBuilder(bosToken).Append(system);
        var inTool = false;
        var firstOutput = true;
        foreach (var message in messages)
        {
            if (message.Role == "user")
            {
                inTool = false;
                text.Append("<｜User｜>").Append(message.Content);
            }
            else if (message.Role == "assistant" && message.Content is not null)
            {
                if (inTool)
                    text.Append("<｜tool▁outputs▁end｜>").Append(message.Content).Append("<｜end▁of▁sentence｜>");
                else
                    text.Append("<｜Assistant｜>").Append(AfterLast(message.Content, "</think>")).Append("<｜end▁of▁sentence｜>");
                inTool = false;
            }
            else if (message.Role == "tool")
            {
                inTool = true;
                text.Append(firstOutput ? "<｜tool▁outputs▁begin｜>" : "\n").Append("<｜tool▁output▁begin｜>").Append(message.Content).Append("<｜tool▁output▁end｜>");
                firstOutput = false;
            }
        }
        if (inTool)
            text.Append("<｜tool▁outputs▁end｜>");
        if (addGenerationPrompt && !inTool)
        {
            text.Append("<｜Assistant｜><think>\n");
            if (enableThinking != true)
                text.Append("</think>");
        }
        return text.ToString();
    }
}
