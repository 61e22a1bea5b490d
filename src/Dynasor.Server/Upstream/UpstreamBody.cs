using System.Text.Json;
using Dynasor.Engines;
using Dynasor.Server.OpenAi;

namespace Dynasor.Server.Upstream;

/// <summary>The streaming request body sent upstream for one continuation.</summary>
internal static class UpstreamBody
{
    public static byte[] Build(UpstreamProtocol protocol, string model, ContinuationRequest request)
    {
        using var buffer = new MemoryStream();
        using (var json = new Utf8JsonWriter(buffer))
        {
            json.WriteStartObject();
            json.WriteString("model", model);
            if (protocol == UpstreamProtocol.Completions)
                json.WriteString("prompt", PromptTemplate.Render(request.Messages, request.AssistantPrefix));
            else
                WriteMessages(json, request);
            json.WriteBoolean("stream", true);
            json.WriteStartObject("stream_options");
            json.WriteBoolean("include_usage", true);
            json.WriteEndObject();
            json.WriteNumber("max_tokens", request.MaxTokens);
            if (request.Priority is { } priority)
                json.WriteNumber("priority", priority);
            WriteSampling(json, request.Sampling);
            json.WriteEndObject();
        }
        return buffer.ToArray();
    }

    private static void WriteMessages(Utf8JsonWriter json, ContinuationRequest request)
    {
        json.WriteStartArray("messages");
        foreach (var turn in request.Messages)
            WriteTurn(json, turn.Role, turn.Content);
        var continues = request.AssistantPrefix.Length > 0;
        if (continues)
            WriteTurn(json, "assistant", request.AssistantPrefix);
        json.WriteEndArray();
        if (continues)
        {
            // vLLM and SGLang continue the final assistant message only with both flags set this way.
            json.WriteBoolean("continue_final_message", true);
            json.WriteBoolean("add_generation_prompt", false);
        }
    }

    private static void WriteTurn(Utf8JsonWriter json, string role, string content)
    {
        json.WriteStartObject();
        json.WriteString("role", role);
        json.WriteString("content", content);
        json.WriteEndObject();
    }

    private static void WriteSampling(Utf8JsonWriter json, SamplingOptions sampling)
    {
        if (sampling.Temperature is { } temperature)
            json.WriteNumber("temperature", temperature);
        if (sampling.TopP is { } topP)
            json.WriteNumber("top_p", topP);
        if (sampling.Seed is { } seed)
            json.WriteNumber("seed", seed);
        if (sampling.Stop is { Count: > 0 } stop)
        {
            json.WriteStartArray("stop");
            foreach (var s in stop)
                json.WriteStringValue(s);
            json.WriteEndArray();
        }
    }
}
