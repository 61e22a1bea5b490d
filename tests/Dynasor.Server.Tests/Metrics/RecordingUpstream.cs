using System.Collections.Concurrent;
using System.Text;
using System.Text.Json.Nodes;
using Dynasor.Server.Hosting;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace Dynasor.Server.Tests.Metrics;

/// <summary>
/// An OpenAI-compatible upstream that records the <c>traceparent</c> header of every completion request it gets, and
/// answers each with "x" tokens: as many as <c>max_tokens</c> asks, at most <see cref="MostTokens"/> (then it stops by
/// itself), streamed with usage or whole.
/// </summary>
internal sealed class RecordingUpstream : IAsyncDisposable
{
    public const int MostTokens = 40;
    private readonly WebApplication _app;

    private RecordingUpstream(WebApplication app, string url) => (_app, Url) = (app, url);

    /// <summary>The API root, ending in <c>/v1</c>.</summary>
    public string Url { get; }

    /// <summary>Each completion request's <c>traceparent</c> (empty when it had none), in arrival order.</summary>
    public ConcurrentQueue<string> TraceParents { get; } = new();

    public static async Task<RecordingUpstream> StartAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Logging.ClearProviders();
        var app = builder.Build();
        RecordingUpstream? self = null;
        app.MapGet("/v1/models", () => Results.Text("{\"object\":\"list\",\"data\":[{\"id\":\"m\",\"object\":\"model\"}]}", "application/json"));
        app.MapPost("/v1/chat/completions", async context =>
        {
            self!.TraceParents.Enqueue(context.Request.Headers.TraceParent.ToString());
            var body = JsonNode.Parse(await new StreamReader(context.Request.Body).ReadToEndAsync())!;
            var asked = (int?)body["max_tokens"] ?? (int?)body["max_completion_tokens"] ?? MostTokens;
            var count = Math.Min(asked, MostTokens);
            var finish = count == asked ? "length" : "stop";
            if ((bool?)body["stream"] == true)
                await StreamAsync(context, count, finish);
            else
                await context.Response.WriteAsync("{\"id\":\"up\",\"object\":\"chat.completion\",\"model\":\"m\",\"choices\":[{\"index\":0,\"message\":{\"role\":\"assistant\",\"content\":\""
                    + string.Concat(Enumerable.Repeat("x ", count)) + $"\"}},\"finish_reason\":\"{finish}\"}}],\"usage\":{{\"prompt_tokens\":3,\"completion_tokens\":{count},\"total_tokens\":{count + 3}}}}}");
        });
        var url = await DynasorServer.StartAsync(app);
        return self = new RecordingUpstream(app, url + "/v1");
    }

    private static async Task StreamAsync(HttpContext context, int count, string finish)
    {
        context.Response.ContentType = "text/event-stream";
        var sse = new StringBuilder();
        for (var i = 0; i < count; i++)
            sse.Append("data: {\"choices\":[{\"index\":0,\"delta\":{\"content\":\"x \"},\"finish_reason\":null}]}\n\n");
        sse.Append($"data: {{\"choices\":[{{\"index\":0,\"delta\":{{}},\"finish_reason\":\"{finish}\"}}]}}\n\n");
        sse.Append($"data: {{\"choices\":[],\"usage\":{{\"prompt_tokens\":3,\"completion_tokens\":{count},\"total_tokens\":{count + 3}}}}}\n\n");
        sse.Append("data: [DONE]\n\n");
        await context.Response.WriteAsync(sse.ToString());
    }

    public ValueTask DisposeAsync() => _app.DisposeAsync();
}
