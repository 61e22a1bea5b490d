using System.Text;

namespace Dynasor.Server.Tests.EngineFakes.Templates;

/// <summary>The Qwen templates' rendering of a tool result: consecutive results share one user turn.</summary>
internal static class ToolTurn
{
    public static void Append(StringBuilder text, IReadOnlyList<ChatMessage> messages, int i)
    {
        if (i == 0 || messages[i - 1].Role != "tool")
            text.Append("<|im_start|>user");
        text.Append("\n<tool_response>\n").Append(messages[i].Content).Append("\n</tool_response>");
        if (i == messages.Count - 1 || messages[i + 1].Role != "tool")
            text.Append("<|im_end|>\n");
    }
}
