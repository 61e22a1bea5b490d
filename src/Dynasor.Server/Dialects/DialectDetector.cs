using System.Net.Http.Headers;
using System.Text.Json;

namespace Dynasor.Server.Dialects;

/// <summary>
/// Tells which engine stands behind an upstream URL from what it reveals (the research behind each sign is cited in
/// <see cref="DialectCatalog"/>): <c>owned_by</c> in <c>GET /v1/models</c> (<c>vllm</c>, <c>sglang</c>, <c>llamacpp</c>),
/// llama.cpp's <c>Server: llama.cpp</c> header and <c>GET /props</c> with <c>build_info</c>, Ollama's
/// <c>GET /api/version</c>, SGLang's <c>GET /get_model_info</c>, vLLM's <c>GET /version</c>; anything else speaks plain
/// OpenAI. For SGLang it also reads whether a reasoning parser runs (<c>GET /get_server_info</c>, <c>reasoning_parser</c>).
/// </summary>
public static class DialectDetector
{
    /// <summary>
    /// The dialect of the engine at <paramref name="baseUrl"/> (an API root ending in <c>/v1</c>), or null when it could
    /// not be reached at all (the caller asks again later).
    /// </summary>
    public static async Task<EngineDialect?> DetectAsync(HttpClient http, Uri baseUrl, string? apiKey, CancellationToken cancellationToken)
    {
        var api = baseUrl.AbsoluteUri.TrimEnd('/');
        var root = api.EndsWith("/v1", StringComparison.Ordinal) ? api[..^3] : api;
        var (status, models, server) = await GetAsync(http, api + "/models", apiKey, cancellationToken);
        if (status is null)
            return null;
        var owner = models is { } m && m.RootElement.TryGetProperty("data", out var data) && data.ValueKind == JsonValueKind.Array && data.GetArrayLength() > 0
            && data[0].TryGetProperty("owned_by", out var o) && o.ValueKind == JsonValueKind.String ? o.GetString() : null;
        models?.Dispose();
        if (owner == "vllm")
            return DialectCatalog.Vllm;
        if (owner == "sglang")
            return await SglangAsync(http, root, apiKey, cancellationToken);
        if (owner == "llamacpp" || server == "llama.cpp")
            return DialectCatalog.LlamaCpp;
        if (await HasAsync(http, root + "/api/version", "version", apiKey, cancellationToken))
            return DialectCatalog.Ollama;
        if (await HasAsync(http, root + "/props", "build_info", apiKey, cancellationToken))
            return DialectCatalog.LlamaCpp;
        if (await HasAsync(http, root + "/get_model_info", "model_path", apiKey, cancellationToken))
            return await SglangAsync(http, root, apiKey, cancellationToken);
        if (await HasAsync(http, root + "/version", "version", apiKey, cancellationToken))
            return DialectCatalog.Vllm;
        return DialectCatalog.OpenAi;
    }

    private static async Task<EngineDialect> SglangAsync(HttpClient http, string root, string? apiKey, CancellationToken cancellationToken)
    {
        var (_, info, _) = await GetAsync(http, root + "/get_server_info", apiKey, cancellationToken);
        using (info)
        {
            if (info is null || !info.RootElement.TryGetProperty("reasoning_parser", out var parser))
                return DialectCatalog.Sglang;
            return DialectCatalog.Sglang with { ReasoningParser = parser.ValueKind == JsonValueKind.String && parser.GetString()!.Length > 0 };
        }
    }

    private static async Task<bool> HasAsync(HttpClient http, string url, string property, string? apiKey, CancellationToken cancellationToken)
    {
        var (_, json, _) = await GetAsync(http, url, apiKey, cancellationToken);
        using (json)
            return json is not null && json.RootElement.ValueKind == JsonValueKind.Object && json.RootElement.TryGetProperty(property, out _);
    }

    // The status (null when unreachable), the body as JSON when it is JSON, and the Server header.
    private static async Task<(int? Status, JsonDocument? Json, string? Server)> GetAsync(HttpClient http, string url, string? apiKey, CancellationToken cancellationToken)
    {
        try
        {
            using var request = new HttpRequestMessage(HttpMethod.Get, url);
            if (apiKey is not null)
                request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", apiKey);
            using var response = await http.SendAsync(request, cancellationToken);
            var server = response.Headers.Server.Count > 0 ? response.Headers.Server.ToString() : null;
            if (!response.IsSuccessStatusCode)
                return ((int)response.StatusCode, null, server);
            try
            {
                return ((int)response.StatusCode, JsonDocument.Parse(await response.Content.ReadAsByteArrayAsync(cancellationToken)), server);
            }
            catch (JsonException)
            {
                return ((int)response.StatusCode, null, server);
            }
        }
        catch (HttpRequestException)
        {
            return (null, null, null);
        }
    }
}
