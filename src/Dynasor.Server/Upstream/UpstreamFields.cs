using System.Text.Json;
using Dynasor.Engines;

namespace Dynasor.Server.Upstream;

/// <summary>The fields Dynasor itself sets on every streamed upstream request: streaming with usage, the token limit, priority and sampling.</summary>
internal static class UpstreamFields
{
    /// <summary>OpenAI-style fields (<c>stream</c>, <c>stream_options</c>, <c>max_tokens</c>, <c>priority</c>, sampling).</summary>
    public static void WriteStreaming(Utf8JsonWriter json, ContinuationRequest request)
    {
        json.WriteBoolean("stream", true);
        json.WriteStartObject("stream_options");
        json.WriteBoolean("include_usage", true);
        json.WriteEndObject();
        json.WriteNumber("max_tokens", request.MaxTokens);
        if (request.Priority is { } priority)
            json.WriteNumber("priority", priority);
        WriteSampling(json, request.Sampling);
    }

    /// <summary>Temperature, top-p, seed and stop sequences, under their OpenAI names (llama.cpp's native route reads the same names).</summary>
    public static void WriteSampling(Utf8JsonWriter json, SamplingOptions sampling)
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
