using System.Text.Json.Nodes;
using Dynasor.Server.Tests.EngineFakes.Protocol;
using Microsoft.AspNetCore.Http;

namespace Dynasor.Server.Tests.EngineFakes.LlamaCpp;

/// <summary>llama-server's error envelope <c>{"error":{"code","message","type"}}</c> and its observed messages
/// (docs/llamacpp-observed.md §8, §10; docs/engine-sources.md [L-readme, L-pr15780]).</summary>
internal static class LlamaCppErrors
{
    public static Task WriteAsync(HttpContext context, int status, string message, string type = "invalid_request_error", JsonObject? extra = null)
    {
        var error = new JsonObject { ["code"] = status, ["message"] = message, ["type"] = type };
        foreach (var (key, value) in extra ?? [])
            error[key] = value?.DeepClone();
        // Observed: errors close the connection.
        context.Response.Headers.Connection = "close";
        return EngineReply.JsonAsync(context, new JsonObject { ["error"] = error }, status);
    }

    public static Task ContextExceededAsync(HttpContext context, int promptTokens, int contextSize) =>
        WriteAsync(context, 400, $"request ({promptTokens} tokens) exceeds the available context size ({contextSize} tokens), try increasing it",
            "exceed_context_size_error", new JsonObject { ["n_prompt_tokens"] = promptTokens, ["n_ctx"] = contextSize });

    /// <summary>Malformed JSON is a 500 in llama-server (nlohmann's parse error), not a 400.</summary>
    public static Task BadJsonAsync(HttpContext context) =>
        WriteAsync(context, 500, "[json.exception.parse_error.101] parse error: syntax error while parsing value", "server_error");

    public static Task NotFoundAsync(HttpContext context)
    {
        context.Response.Headers.Connection = "close";
        return EngineReply.JsonAsync(context, JsonNode.Parse("{\"error\":{\"message\":\"File Not Found\",\"type\":\"not_found_error\",\"code\":404}}")!, 404);
    }
}
