using Dynasor.Server.Tests.EngineFakes.Model;
using Dynasor.Server.Tests.EngineFakes.Protocol;

namespace Dynasor.Server.Tests.EngineFakes.LlamaCpp;

/// <summary>llama-server's sampling defaults (observed <c>/props</c> <c>default_generation_settings.params</c>,
/// §1): temperature 0.8, top_k 40, top_p 0.95, min_p 0.05; <c>n_predict</c> -1 runs until the context is full.</summary>
internal static class LlamaCppSampling
{
    public static SamplingSettings From(OpenAiRequest request, int promptTokens, int contextSize)
    {
        var limit = request.MaxTokens ?? request.Int("n_predict") ?? -1;
        var room = contextSize - promptTokens;
        var maxTokens = limit < 0 ? room : Math.Min(limit, room);
        return request.Sampling(maxTokens, defaultTemperature: 0.8) with
        {
            TopK = request.Int("top_k") ?? 40,
            TopP = request.Number("top_p") ?? 0.95,
            MinP = request.Number("min_p") ?? 0.05,
            TopLogprobs = request.Int("n_probs") ?? request.Sampling(0, 0).TopLogprobs,
        };
    }
}
