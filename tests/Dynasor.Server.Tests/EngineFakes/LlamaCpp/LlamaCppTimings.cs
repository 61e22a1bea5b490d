using System.Text.Json.Nodes;

namespace Dynasor.Server.Tests.EngineFakes.LlamaCpp;

/// <summary>llama.cpp's <c>timings</c> object (fields as observed, §2); the fake's figures are placeholders
/// (no prompt cache: <c>cache_n</c> 0, every prompt token processed).</summary>
internal static class LlamaCppTimings
{
    public static JsonObject Of(int promptTokens, int predicted) => new()
    {
        ["cache_n"] = 0,
        ["prompt_n"] = promptTokens,
        ["prompt_ms"] = 1.0,
        ["prompt_per_token_ms"] = 1.0 / Math.Max(promptTokens, 1),
        ["prompt_per_second"] = 1000.0 * promptTokens,
        ["predicted_n"] = predicted,
        ["predicted_ms"] = 1.0,
        ["predicted_per_token_ms"] = 1.0 / Math.Max(predicted, 1),
        ["predicted_per_second"] = 1000.0 * predicted,
    };
}
