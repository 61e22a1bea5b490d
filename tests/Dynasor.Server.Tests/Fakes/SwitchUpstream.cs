using System.Text;
using Dynasor.Server.Hosting;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace Dynasor.Server.Tests.Fakes;

/// <summary>
/// An OpenAI-compatible upstream at <c>{Url}</c> (an API root ending in /v1) that tests switch between healthy
/// (<c>/v1/models</c> 200) and unhealthy (503); its completions hold until <see cref="Release"/>, then stream "ok".
/// Records every request body.
/// </summary>
internal sealed class SwitchUpstream : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly SemaphoreSlim _release = new(0);
    private readonly SemaphoreSlim _started = new(0);

    private SwitchUpstream(WebApplication app, string url) => (_app, Url) = (app, url + "/v1");

    public string Url { get; }

    public volatile bool Healthy = true;

    public List<string> Bodies { get; } = [];

    public void Release(int count = 1) => _release.Release(count);

    public async Task WaitStartedAsync() => Assert.True(await _started.WaitAsync(TimeSpan.FromSeconds(30)), "the upstream never got a request");

    public static async Task<SwitchUpstream> StartAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Logging.ClearProviders();
        var app = builder.Build();
        SwitchUpstream? self = null;
        app.MapGet("/v1/models", () => self!.Healthy
            ? Results.Text("{\"object\":\"list\",\"data\":[{\"id\":\"m\",\"object\":\"model\"}]}", "application/json")
            : Results.StatusCode(503));
        app.MapPost("/v1/chat/completions", async (HttpContext c) =>
        {
            var body = await new StreamReader(c.Request.Body).ReadToEndAsync();
            lock (self!.Bodies)
                self.Bodies.Add(body);
            self._started.Release();
            await self._release.WaitAsync(c.RequestAborted);
            c.Response.ContentType = "text/event-stream";
            foreach (var data in new[]
            {
                "{\"choices\":[{\"index\":0,\"delta\":{\"content\":\"ok\"},\"finish_reason\":null}]}",
                "{\"choices\":[{\"index\":0,\"delta\":{},\"finish_reason\":\"stop\"}]}",
                "{\"choices\":[],\"usage\":{\"prompt_tokens\":1,\"completion_tokens\":1,\"total_tokens\":2}}",
                "[DONE]",
            })
            {
                await c.Response.Body.WriteAsync(Encoding.UTF8.GetBytes($"data: {data}\n\n"));
                await c.Response.Body.FlushAsync();
            }
        });
        var url = await DynasorServer.StartAsync(app);
        return self = new SwitchUpstream(app, url);
    }

    public ValueTask DisposeAsync()
    {
        _release.Release(1000);
        return _app.DisposeAsync();
    }
}
