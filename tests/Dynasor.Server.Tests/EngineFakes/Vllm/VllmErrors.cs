using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Http;
using Dynasor.Server.Tests.EngineFakes.Protocol;

namespace Dynasor.Server.Tests.EngineFakes.Vllm;

/// <summary>
/// vLLM's error body <c>{"error":{"message","type","param","code"}}</c> and its messages (docs/engine-sources.md §8:
/// vLLM <c>engine/protocol.py</c> ErrorResponse, <c>serve/utils/error_response.py</c>, <c>models/serving.py</c>,
/// <c>renderers/params.py</c>).
/// </summary>
internal static class VllmErrors
{
    public static Task WriteAsync(HttpContext context, int status, string message, string? param = null)
    {
        var type = status switch { 404 => "NotFoundError", 501 => "NotImplementedError", >= 500 => "InternalServerError", _ => "BadRequestError" };
        return EngineReply.JsonAsync(context, new JsonObject
        {
            ["error"] = new JsonObject { ["message"] = message, ["type"] = type, ["param"] = param, ["code"] = status },
        }, status);
    }

    /// <summary>
    /// Reads a request body, answering vLLM's 400 for invalid JSON and, when <paramref name="servedBy"/> is given, its
    /// 404 for another model's name; null when it answered.
    /// </summary>
    public static async Task<OpenAiRequest?> ReadAsync(HttpContext context, FakeVllm? servedBy)
    {
        if (await EngineReply.ReadAsync(context) is not { } request)
        {
            await WriteAsync(context, 400, "Invalid JSON in the request body.");
            return null;
        }
        if (servedBy is not null && request.Model is { } model && model != servedBy.Options.Model)
        {
            await ModelNotFoundAsync(context, model);
            return null;
        }
        return request;
    }

    public static Task ModelNotFoundAsync(HttpContext context, string model) =>
        WriteAsync(context, 404, $"The model `{model}` does not exist.", "model");

    public static Task TooLongAsync(HttpContext context, int inputTokens, int outputTokens, int maxModelLen) =>
        WriteAsync(context, 400, $"You passed {inputTokens} input tokens and requested {outputTokens} output tokens. However, the model's "
            + $"context length is only {maxModelLen} tokens, resulting in a maximum input length of {maxModelLen - outputTokens} tokens. "
            + "Please reduce the length of the input prompt.", "input_tokens");
}
