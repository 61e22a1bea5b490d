using System.Text;

namespace Dynasor.Server.Tests.EngineFakes.Templates;

/// <summary>
/// ChatML with reasoning, as <c>templates/Qwen-QwQ-32B.jinja</c> renders it: an assistant turn that is not the last
/// keeps only what follows its last <c>&lt;/think&gt;</c> (newlines stripped from the left); tool results are
/// wrapped in a user turn; the generation prompt opens <c>&lt;think&gt;\n</c> and closes it again at once unless
/// <c>enable_thinking</c> is truthy.
/// </summary>
public sealed class QwqTemplate : ChatTemplate
{
    public override string Name => "qwq";

    public override bool Thinks => true;

    public override string Render(IReadOnlyList<ChatMessage> messages, bool addGenerationPrompt, bool? enableThinking, string bosToken = "<s>")
    {
        var text = new StringBuilder();
        if (messages.Count > 0 && messages[0].Role == "system")
            text.Append("<|im_start|>system\n").Append(messages[0].Content).Append("<|im_end|>\n");
        for (var i = 0; i < messages.Count; i++)
        {
            var message = messages[i];
            if (message.Role == "user" || (message.Role == "system" && i > 0))
                text.Append("<|im_start|>").Append(message.Role).Append('\n').Append(message.Content).Append("<|im_end|>\n");
            else if (message.Role == "assistant")
            {
                var content = message.Content ?? "";
                if (i < messages.Count - 1)
                    content = AfterLast(content, "</think>").TrimStart('\n');
                text.Append("<|im_start|>assistant\n").Append(content).Append("<|im_end|>\n");
            }
            else if (message.Role == "tool")
                ToolTurn.Append(text, messages, i);
        }
        if (addGenerationPrompt)
        {
            text.Append("<|im_start|>assistant\n<think>\n");
            if (enableThinking != true)
                text.Append("</think>");
        }
        return text.ToString();
    }
}
