using System.Text.Json;

namespace Dynasor.Server.Upstream;

/// <summary>One parsed <c>data:</c> line of an upstream stream (chat or completions chunk).</summary>
/// <param name="Text">Content of the first choice's delta (chat) or its text (completions).</param>
/// <param name="Reasoning">The delta's reasoning text, whichever field carried it.</param>
/// <param name="ReasoningField">The field name the reasoning came in (<c>reasoning_content</c> or <c>reasoning</c>).</param>
/// <param name="FinishReason">The first choice's finish reason, if set.</param>
/// <param name="CompletionTokens">usage.completion_tokens, when the chunk carries usage.</param>
/// <param name="Error">The message of an error event.</param>
internal readonly record struct UpstreamChunk(string? Text, string? Reasoning, string? ReasoningField, string? FinishReason, int? CompletionTokens, string? Error)
{
    /// <summary>Parses one <c>data:</c> payload (UTF-8, trimmed); throws <see cref="JsonException"/> on malformed JSON.</summary>
    public static UpstreamChunk Parse(ReadOnlySpan<byte> utf8) =>
        Utf8ChunkParser.TryParse(utf8, out var chunk) ? chunk : Parse(System.Text.Encoding.UTF8.GetString(utf8));

    /// <summary>The general path: any chunk, error events included, from its text.</summary>
    public static UpstreamChunk Parse(string data)
    {
        using var document = JsonDocument.Parse(data);
        var root = document.RootElement;
        if (root.TryGetProperty("error", out var error))
            return new(null, null, null, null, null, ErrorMessage(error));
        int? usage = root.TryGetProperty("usage", out var u) && u.ValueKind == JsonValueKind.Object
            && u.TryGetProperty("completion_tokens", out var ct) && ct.TryGetInt32(out var count) ? count : null;
        if (!root.TryGetProperty("choices", out var choices) || choices.ValueKind != JsonValueKind.Array || choices.GetArrayLength() == 0)
            return new(null, null, null, null, usage, null);
        var choice = choices[0];
        var finish = choice.TryGetProperty("finish_reason", out var f) && f.ValueKind == JsonValueKind.String ? f.GetString() : null;
        string? text = choice.TryGetProperty("text", out var t) && t.ValueKind == JsonValueKind.String ? t.GetString() : null;
        string? reasoning = null, field = null;
        if (choice.TryGetProperty("delta", out var delta) && delta.ValueKind == JsonValueKind.Object)
        {
            text = delta.TryGetProperty("content", out var c) && c.ValueKind == JsonValueKind.String ? c.GetString() : null;
            foreach (var name in (string[])["reasoning_content", "reasoning"])
            {
                if (delta.TryGetProperty(name, out var r) && r.ValueKind == JsonValueKind.String)
                {
                    (reasoning, field) = (r.GetString(), name);
                    break;
                }
            }
        }
        return new(text, reasoning, field, finish, usage, null);
    }

    private static string ErrorMessage(JsonElement error) =>
        error.ValueKind == JsonValueKind.Object && error.TryGetProperty("message", out var m) && m.ValueKind == JsonValueKind.String
            ? m.GetString()!
            : error.ToString();
}
