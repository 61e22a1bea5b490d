using System.Text;
using Dynasor.Engines;

namespace Dynasor.Server.OpenAi;

/// <summary>
/// The prompt template of the <c>/v1/completions</c> route: ChatML, as Qwen-family models use it.
/// Each turn is <c>&lt;|im_start|&gt;ROLE\nCONTENT&lt;|im_end|&gt;\n</c>; the prompt ends with
/// <c>&lt;|im_start|&gt;assistant\n</c> followed by the partial assistant turn, which the engine continues.
/// A prompt without any <c>&lt;|im_start|&gt;</c> is one user turn.
/// </summary>
public static class PromptTemplate
{
    private const string Start = "<|im_start|>";
    private const string End = "<|im_end|>";

    /// <summary>Renders <paramref name="messages"/> and the open assistant turn starting with <paramref name="assistantPrefix"/>.</summary>
    public static string Render(IReadOnlyList<ChatTurn> messages, string assistantPrefix)
    {
        var prompt = new StringBuilder();
        foreach (var turn in messages)
            prompt.Append(Start).Append(turn.Role).Append('\n').Append(turn.Content).Append(End).Append('\n');
        return prompt.Append(Start).Append("assistant\n").Append(assistantPrefix).ToString();
    }

    /// <summary>Reads a prompt back into turns and the open assistant prefix; the inverse of <see cref="Render"/>.</summary>
    public static (IReadOnlyList<ChatTurn> Messages, string AssistantPrefix) Parse(string prompt)
    {
        if (!prompt.Contains(Start, StringComparison.Ordinal))
            return ([new ChatTurn("user", prompt)], "");
        var turns = new List<ChatTurn>();
        var prefix = "";
        foreach (var segment in prompt.Split(Start).Skip(1))
        {
            var newline = segment.IndexOf('\n');
            var role = newline < 0 ? segment : segment[..newline];
            var body = newline < 0 ? "" : segment[(newline + 1)..];
            var end = body.IndexOf(End, StringComparison.Ordinal);
            if (end >= 0)
                turns.Add(new ChatTurn(role, body[..end]));
            else if (role == "assistant")
                prefix = body;
            else
                turns.Add(new ChatTurn(role, body));
        }
        return (turns, prefix);
    }
}
