using System.Text.Json;
using Dynasor.Engines;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace Dynasor.Extensions.AI.Tests.Fakes;

/// <summary>
/// Ollama's native <c>POST /api/chat</c> (what OllamaSharp calls) over an in-process engine, on 127.0.0.1: the request's
/// <c>options</c> (<c>seed</c>, <c>temperature</c>, <c>top_p</c>, <c>num_predict</c>, <c>stop</c>) become the engine's sampling,
/// and the answer streams as NDJSON, one message piece per line, then a <c>done</c> line with <c>done_reason</c>,
/// <c>prompt_eval_count</c> and <c>eval_count</c> (ollama/ollama docs/api.md). A final assistant message is continued, as
/// Ollama does for models whose template or renderer prefills (ollama/ollama#6778); ChatML-style templates would not.
/// </summary>
internal sealed class FakeOllama : IAsyncDisposable
{
    private readonly WebApplication _app;

    private FakeOllama(WebApplication app, string url) => (_app, Url) = (app, url);

    /// <summary>The root URL, e.g. <c>http://127.0.0.1:41234</c>.</summary>
    public string Url { get; }

    public static async Task<FakeOllama> StartAsync(IStreamingEngine engine)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        var app = builder.Build();
        app.MapPost("/api/chat", (HttpContext context) => ChatAsync(engine, context));
        await app.StartAsync();
        return new FakeOllama(app, app.Urls.First());
    }

    private static async Task ChatAsync(IStreamingEngine engine, HttpContext context)
    {
        using var body = await JsonDocument.ParseAsync(context.Request.Body, cancellationToken: context.RequestAborted);
        var root = body.RootElement;
        var turns = root.GetProperty("messages").EnumerateArray().Select(m => new ChatTurn(m.GetProperty("role").GetString()!, m.GetProperty("content").GetString() ?? "")).ToList();
        var prefix = turns[^1].Role == "assistant" ? turns[^1].Content : "";
        if (prefix.Length > 0)
            turns.RemoveAt(turns.Count - 1);
        var options = root.TryGetProperty("options", out var o) ? o : default;
        double? Number(string name) => options.ValueKind == JsonValueKind.Object && options.TryGetProperty(name, out var v) ? v.GetDouble() : null;
        var stop = options.ValueKind == JsonValueKind.Object && options.TryGetProperty("stop", out var s) ? s.EnumerateArray().Select(x => x.GetString()!).ToList() : null;
        var request = new ContinuationRequest(turns, prefix, (int)(Number("num_predict") ?? 16384),
            new SamplingOptions(Number("temperature"), Number("top_p"), (long?)Number("seed"), stop));

        context.Response.ContentType = "application/x-ndjson";
        var tokens = 0;
        string? finish = null;
        await foreach (var token in engine.StreamAsync(request, context.RequestAborted))
        {
            tokens += token.Tokens;
            finish = token.FinishReason ?? finish;
            if (token.Text.Length > 0)
                await LineAsync(context, new { model = "m", created_at = "2026-01-01T00:00:00Z", message = new { role = "assistant", content = token.Text }, done = false });
        }
        await LineAsync(context, new
        {
            model = "m", created_at = "2026-01-01T00:00:00Z", message = new { role = "assistant", content = "" }, done = true,
            done_reason = finish ?? "stop", prompt_eval_count = 11, eval_count = tokens,
        });
    }

    private static async Task LineAsync(HttpContext context, object line)
    {
        await context.Response.WriteAsync(JsonSerializer.Serialize(line) + "\n", context.RequestAborted);
        await context.Response.Body.FlushAsync(context.RequestAborted);
    }

    public ValueTask DisposeAsync() => _app.DisposeAsync();
}
