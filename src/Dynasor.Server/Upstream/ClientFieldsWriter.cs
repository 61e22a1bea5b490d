using System.Text.Json;

namespace Dynasor.Server.Upstream;

/// <summary>
/// Writes the client's own fields (<see cref="Dynasor.Engines.ContinuationRequest.ClientFields"/>) into an upstream
/// body, so every request a program makes samples and renders as the client asked (<c>top_k</c>, <c>min_p</c>,
/// <c>logit_bias</c>, <c>chat_template_kwargs</c>, ...). Fields that only shape a chat template are left out of
/// requests that send a prompt of token ids: those are rendered already.
/// </summary>
internal static class ClientFieldsWriter
{
    /// <summary>Fields that act on the chat template or the chat parsers, not on sampling.</summary>
    public static readonly HashSet<string> ChatOnly =
    [
        "messages", "chat_template", "chat_template_kwargs", "reasoning_effort", "reasoning", "include_reasoning", "documents", "tools",
        "tool_choice", "parallel_tool_calls", "mm_processor_kwargs", "separate_reasoning", "stream_reasoning", "thinking", "think",
        "response_format", "reasoning_format",
    ];

    /// <summary>Writes every client field except <c>messages</c> (the caller writes those) and, with <paramref name="promptOfIds"/>, the chat-only ones.</summary>
    public static void Write(Utf8JsonWriter json, JsonElement? fields, bool promptOfIds)
    {
        if (fields is not { ValueKind: JsonValueKind.Object } client)
            return;
        foreach (var field in client.EnumerateObject())
        {
            if (field.Name == "messages" || (promptOfIds && ChatOnly.Contains(field.Name)))
                continue;
            field.WriteTo(json);
        }
    }

    /// <summary>The fields that shape how a chat is rendered, for an engine's tokenize or apply-template route.</summary>
    public static void WriteRendering(Utf8JsonWriter json, JsonElement? fields)
    {
        if (fields is not { ValueKind: JsonValueKind.Object } client)
            return;
        foreach (var field in client.EnumerateObject())
        {
            if (field.Name != "messages" && ChatOnly.Contains(field.Name))
                field.WriteTo(json);
        }
    }

    /// <summary>The client's messages as sent, or null when the request was built in code.</summary>
    public static JsonElement? Messages(JsonElement? fields) =>
        fields is { ValueKind: JsonValueKind.Object } client && client.TryGetProperty("messages", out var messages) && messages.ValueKind == JsonValueKind.Array
            ? messages : null;
}
