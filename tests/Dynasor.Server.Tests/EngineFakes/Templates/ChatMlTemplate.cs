using System.Text;

namespace Dynasor.Server.Tests.EngineFakes.Templates;

/// <summary>
/// Plain ChatML, as llama-server falls back to when the GGUF has no template (its <c>/props</c>
/// <c>chat_template</c>, docs/llamacpp-observed.md §1): every message <c>&lt;|im_start|&gt;role\ncontent&lt;|im_end|&gt;\n</c>,
/// then <c>&lt;|im_start|&gt;assistant\n</c> as the generation prompt. No think block.
/// </summary>
public sealed class ChatMlTemplate : ChatTemplate
{
    public override string Name => "chatml";

    public override string Render(IReadOnlyList<ChatMessage> messages, bool addGenerationPrompt, bool? enableThinking, string bosToken = "<s>")
    {
        var text = new StringBuilder();
        foreach (var message in messages)
            text.Append("<|im_start|>").Append(message.Role).Append('\n').Append(message.Content).Append("<|im_end|>\n");
        if (addGenerationPrompt)
            text.Append("<|im_start|>assistant\n");
        return text.ToString();
    }
}
