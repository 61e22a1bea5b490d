using System.Text;
using Dynasor.Server.Hosting;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace Dynasor.Server.Tests.Fakes;

/// <summary>
/// A tiny OpenAI-compatible upstream that misbehaves on purpose, one behaviour per path prefix:
/// <c>/ok/v1</c> streams three deltas (reasoning under <c>reasoning</c>, usage of 5 tokens), or answers them whole
/// when the request is not streamed (as engines do, with <c>usage</c> and an engine extra), <c>/stall/v1</c> never
/// answers, <c>/reject/v1</c> answers 400 with its own body, <c>/die/v1</c> sends one chunk then drops the connection.
/// Records the last body and Authorization header it got.
/// </summary>
internal sealed class FaultUpstream : IAsyncDisposable
{
    public const string RejectBody = "{\"error\":{\"message\":\"prompt too long for this model\",\"type\":\"BadRequestError\",\"param\":null,\"code\":400}}";
    private readonly WebApplication _app;

    private FaultUpstream(WebApplication app, string url) => (_app, Url) = (app, url);

    public string Url { get; }

    private readonly SemaphoreSlim _die = new(0);

    /// <summary>Lets one waiting (or the next) <c>/die</c> request drop its connection.</summary>
    public void LetDie() => _die.Release();

    public string? LastBody { get; private set; }

    public string? LastAuthorization { get; private set; }

    public static async Task<FaultUpstream> StartAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Logging.ClearProviders();
        var app = builder.Build();
        FaultUpstream? self = null;
        app.MapGet("/{kind}/v1/models", () => Results.Text("{\"object\":\"list\",\"data\":[{\"id\":\"up-model\",\"object\":\"model\"},{\"id\":\"m\",\"object\":\"model\"}]}", "application/json"));
        app.MapPost("/{kind}/v1/{*route}", async (HttpContext c, string kind) =>
        {
            self!.LastBody = await new StreamReader(c.Request.Body).ReadToEndAsync();
            var streamed = self.LastBody.Contains("\"stream\":true", StringComparison.Ordinal);
            self.LastAuthorization = c.Request.Headers.Authorization.ToString();
            await (kind switch
            {
                "ok" => streamed ? OkAsync(c) : OkWholeAsync(c),
                "stall" => Task.Delay(Timeout.Infinite, c.RequestAborted),
                "reject" => RejectAsync(c),
                "die" => streamed ? self.DieAsync(c) : DieWholeAsync(c),
                _ => Task.CompletedTask,
            });
        });
        var url = await DynasorServer.StartAsync(app);
        return self = new FaultUpstream(app, url);
    }

    private static async Task OkAsync(HttpContext c)
    {
        var chat = c.Request.Path.Value!.EndsWith("chat/completions", StringComparison.Ordinal);
        c.Response.ContentType = "text/event-stream";
        string Delta(string text) => chat
            ? $"{{\"choices\":[{{\"index\":0,\"delta\":{{\"content\":\"{text}\",\"reasoning\":\"r\"}},\"finish_reason\":null}}]}}"
            : $"{{\"choices\":[{{\"index\":0,\"text\":\"{text}\",\"finish_reason\":null}}]}}";
        foreach (var text in new[] { "The", " answer", " 42" })
            await Write(c, Delta(text));
        await Write(c, "{\"choices\":[{\"index\":0,\"delta\":{},\"text\":\"\",\"finish_reason\":\"stop\"}]}");
        await Write(c, "{\"choices\":[],\"usage\":{\"prompt_tokens\":7,\"completion_tokens\":5,\"total_tokens\":12}}");
        await Write(c, "[DONE]");
    }

    private static async Task OkWholeAsync(HttpContext c)
    {
        var chat = c.Request.Path.Value!.EndsWith("chat/completions", StringComparison.Ordinal);
        c.Response.ContentType = "application/json";
        var choice = chat
            ? "{\"index\":0,\"message\":{\"role\":\"assistant\",\"content\":\"The answer 42\",\"reasoning\":\"rrr\"},\"finish_reason\":\"stop\"}"
            : "{\"index\":0,\"text\":\"The answer 42\",\"finish_reason\":\"stop\"}";
        await c.Response.WriteAsync($"{{\"id\":\"up-1\",\"object\":\"{(chat ? "chat.completion" : "text_completion")}\",\"model\":\"up-model\",\"choices\":[{choice}],"
            + "\"usage\":{\"prompt_tokens\":7,\"completion_tokens\":5,\"total_tokens\":12},\"engine_extra\":{\"kept\":true}}");
    }

    private static async Task RejectAsync(HttpContext c)
    {
        c.Response.StatusCode = 400;
        c.Response.ContentType = "application/json";
        await c.Response.WriteAsync(RejectBody);
    }

    private async Task DieAsync(HttpContext c)
    {
        c.Response.ContentType = "text/event-stream";
        await Write(c, "{\"choices\":[{\"index\":0,\"delta\":{\"content\":\"partial\"},\"finish_reason\":null}]}");
        await _die.WaitAsync(c.RequestAborted);
        c.Abort();
    }

    // Headers and part of a body, then the connection drops, on every request: the reset may reach the client before
    // the headers do, and a client that sends again once (as Dynasor does for a connection the engine just closed)
    // meets the same death.
    private static async Task DieWholeAsync(HttpContext c)
    {
        c.Response.ContentType = "application/json";
        c.Response.ContentLength = 1000;
        await c.Response.Body.WriteAsync("{\"id\":\"up-1\","u8.ToArray());
        await c.Response.Body.FlushAsync();
        c.Abort();
    }

    private static async Task Write(HttpContext c, string data)
    {
        await c.Response.Body.WriteAsync(Encoding.UTF8.GetBytes($"data: {data}\n\n"));
        await c.Response.Body.FlushAsync();
    }

    public ValueTask DisposeAsync() => _app.DisposeAsync();
}
