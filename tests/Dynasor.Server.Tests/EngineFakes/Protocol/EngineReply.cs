using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Http;

namespace Dynasor.Server.Tests.EngineFakes.Protocol;

/// <summary>Writes a whole JSON answer with a status code.</summary>
internal static class EngineReply
{
    public static async Task JsonAsync(HttpContext context, JsonNode body, int status = 200)
    {
        context.Response.StatusCode = status;
        context.Response.ContentType = "application/json";
        await context.Response.WriteAsync(OpenAiJson.Text(body), context.RequestAborted);
    }

    public static async Task<OpenAiRequest?> ReadAsync(HttpContext context) =>
        OpenAiRequest.Parse(await new StreamReader(context.Request.Body).ReadToEndAsync(context.RequestAborted));
}
