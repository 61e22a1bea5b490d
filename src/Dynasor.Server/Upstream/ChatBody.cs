using System.Text.Json;
using Dynasor.Engines;
using Dynasor.Server.Dialects;

namespace Dynasor.Server.Upstream;

/// <summary>
/// The streamed chat request for one continuation: the client's messages as sent (or the turns of a request built in
/// code), the partial assistant turn in the dialect's prefill form, Dynasor's own fields, then the client's other
/// fields. A text completion (<see cref="ContinuationRequest.Prompt"/>) becomes its prompt plus the turn so far.
/// </summary>
internal static class ChatBody
{
    public static byte[] Build(EngineDialect dialect, string model, ContinuationRequest request, bool returnTokenIds)
    {
        using var buffer = new MemoryStream();
        using (var json = new Utf8JsonWriter(buffer))
        {
            json.WriteStartObject();
            json.WriteString("model", model);
            if (request.Prompt is { } prompt)
                json.WriteString("prompt", prompt + request.TextPrefix);
            else
                WriteMessages(json, dialect, request);
            UpstreamFields.WriteStreaming(json, request);
            if (returnTokenIds)
                json.WriteBoolean("return_token_ids", true);
            ClientFieldsWriter.Write(json, request.ClientFields, promptOfIds: request.Prompt is not null);
            json.WriteEndObject();
        }
        return buffer.ToArray();
    }

    /// <summary>
    /// Writes <c>messages</c> (the client's as sent, then the partial assistant turn) and the dialect's prefill flags:
    /// the same for a generation and for an engine's own rendering (<c>/tokenize</c>, <c>/apply-template</c>).
    /// </summary>
    public static void WriteMessages(Utf8JsonWriter json, EngineDialect dialect, ContinuationRequest request)
    {
        json.WriteStartArray("messages");
        if (ClientFieldsWriter.Messages(request.ClientFields) is { } messages)
        {
            foreach (var message in messages.EnumerateArray())
                message.WriteTo(json);
        }
        else
        {
            foreach (var turn in request.Messages)
                WriteTurn(json, turn.Role, turn.Content, null, null);
        }
        var continues = request.TextPrefix.Length > 0;
        var inReasoning = request.InReasoning ?? (request.ReasoningPrefix.Length > 0 && request.AssistantPrefix.Length == 0);
        if (continues)
        {
            var content = request.AssistantPrefix + (inReasoning ? "" : request.Suffix);
            var reasoning = request.ReasoningPrefix + (inReasoning ? request.Suffix : "");
            WriteTurn(json, "assistant", content, reasoning.Length > 0 ? reasoning : null, dialect.ReasoningField);
        }
        json.WriteEndArray();
        if (!continues)
            return;
        switch (dialect.Prefill)
        {
            case PrefillStyle.ContinueFinalMessage:
                json.WriteBoolean("continue_final_message", true);
                json.WriteBoolean("add_generation_prompt", false);
                break;
            case PrefillStyle.ContinueFlagOnly:
                json.WriteBoolean("continue_final_message", true);
                break;
            case PrefillStyle.LlamaCpp:
                // Inside the reasoning block llama.cpp must be told to continue the reasoning, not open the content.
                if (inReasoning)
                    json.WriteString("continue_final_message", "reasoning_content");
                else
                    json.WriteBoolean("continue_final_message", true);
                json.WriteBoolean("add_generation_prompt", false);
                break;
        }
    }

    // The partial turn's reasoning goes under the engine's own name for it (llama.cpp needs "content" present too).
    private static void WriteTurn(Utf8JsonWriter json, string role, string content, string? reasoning, string? reasoningField)
    {
        json.WriteStartObject();
        json.WriteString("role", role);
        json.WriteString("content", content);
        if (reasoning is not null)
            json.WriteString(reasoningField ?? "reasoning_content", reasoning);
        json.WriteEndObject();
    }
}
