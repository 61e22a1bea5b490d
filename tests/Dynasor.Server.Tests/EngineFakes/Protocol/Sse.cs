using System.Text;
using Microsoft.AspNetCore.Http;

namespace Dynasor.Server.Tests.EngineFakes.Protocol;

/// <summary>Server-sent events as the engines write them: <c>data: {json}\n\n</c>, flushed per event.</summary>
internal static class Sse
{
    public static void Start(HttpContext context)
    {
        context.Response.ContentType = "text/event-stream";
        context.Response.Headers.CacheControl = "no-cache";
    }

    public static async Task WriteAsync(HttpContext context, string data)
    {
        await context.Response.Body.WriteAsync(Encoding.UTF8.GetBytes($"data: {data}\n\n"), context.RequestAborted);
        await context.Response.Body.FlushAsync(context.RequestAborted);
    }

    public static Task DoneAsync(HttpContext context) => WriteAsync(context, "[DONE]");

    /// <summary>One JSON object per line (Ollama's <c>application/x-ndjson</c>).</summary>
    public static async Task WriteLineAsync(HttpContext context, string json)
    {
        await context.Response.Body.WriteAsync(Encoding.UTF8.GetBytes(json + "\n"), context.RequestAborted);
        await context.Response.Body.FlushAsync(context.RequestAborted);
    }
}
