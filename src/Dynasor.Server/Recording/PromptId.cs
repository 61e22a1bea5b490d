using System.Security.Cryptography;
using System.Text;
using Dynasor.Engines;

namespace Dynasor.Server.Recording;

/// <summary>
/// The id a recorded question gets when its text is not kept: the first 16 hex digits of the SHA-256 of the conversation
/// (every turn's role and content, then the assistant prefix). The same prompt always gets the same id, so recordings
/// of the same traffic can be joined; the text cannot be read back from it.
/// </summary>
internal static class PromptId
{
    public static string Of(IReadOnlyList<ChatTurn> messages, string assistantPrefix)
    {
        var text = new StringBuilder();
        foreach (var turn in messages)
            text.Append(turn.Role).Append('\u001f').Append(turn.Content).Append('\u001e');
        text.Append(assistantPrefix);
        return Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(text.ToString())))[..16];
    }
}
