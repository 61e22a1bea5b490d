using System.Text.Json.Nodes;
using Dynasor.Server.Tests.EngineFakes.Protocol;
using Microsoft.AspNetCore.Http;

namespace Dynasor.Server.Tests.EngineFakes.Sglang;

/// <summary>SGLang's top-level error body <c>{"object":"error","message","type","param","code"}</c> [S-proto] and its
/// context-length message [S-ctx] (keys of docs/engine-sources.md).</summary>
internal static class SglangErrors
{
    public static Task WriteAsync(HttpContext context, int status, string message) =>
        EngineReply.JsonAsync(context, new JsonObject
        {
            ["object"] = "error",
            ["message"] = message,
            ["type"] = status == 404 ? "NotFoundError" : "BadRequestError",
            ["param"] = null,
            ["code"] = status,
        }, status);

    public static Task TooLongAsync(HttpContext context, int inputTokens, int contextLength) =>
        WriteAsync(context, 400, $"The input ({inputTokens} tokens) is longer than the model's context length ({contextLength} tokens).");
}
