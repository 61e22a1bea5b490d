using System.Collections.Concurrent;
using Dynasor.Server.Hosting;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace Dynasor.Server.Tests.Metrics;

/// <summary>An OTLP/HTTP collector on loopback that keeps the body of every export, by path (<c>/v1/traces</c>, <c>/v1/metrics</c>).</summary>
internal sealed class FakeCollector : IAsyncDisposable
{
    private readonly WebApplication _app;

    private FakeCollector(WebApplication app, string url) => (_app, Url) = (app, url);

    /// <summary>The collector's base URL.</summary>
    public string Url { get; }

    public ConcurrentQueue<(string Path, byte[] Body)> Exports { get; } = new();

    public static async Task<FakeCollector> StartAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Logging.ClearProviders();
        var app = builder.Build();
        FakeCollector? self = null;
        app.MapPost("/v1/{signal}", async context =>
        {
            using var body = new MemoryStream();
            await context.Request.Body.CopyToAsync(body);
            self!.Exports.Enqueue((context.Request.Path.Value!, body.ToArray()));
            // An empty Export*ServiceResponse: everything accepted.
            context.Response.ContentType = "application/x-protobuf";
        });
        var url = await DynasorServer.StartAsync(app);
        return self = new FakeCollector(app, url);
    }

    /// <summary>The text of every export to <paramref name="path"/> (protobuf carries strings as UTF-8).</summary>
    public string Text(string path) =>
        string.Concat(Exports.Where(e => e.Path == path).Select(e => System.Text.Encoding.UTF8.GetString(e.Body)));

    public ValueTask DisposeAsync() => _app.DisposeAsync();
}
