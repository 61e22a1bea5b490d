using System.Collections.Concurrent;
using System.Net;
using Dynasor.Server.Hosting;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.Extensions.Logging;

namespace Dynasor.Server.Tests.Metrics;

/// <summary>
/// An OTLP collector on loopback that keeps the body of every export by path: over HTTP (<c>/v1/traces</c>,
/// <c>/v1/metrics</c>) or over gRPC (HTTP/2 without TLS; <c>/opentelemetry.proto.collector.trace.v1.TraceService/Export</c>
/// and the metrics service's), answering each with an empty, successful response.
/// </summary>
internal sealed class FakeCollector : IAsyncDisposable
{
    public const string GrpcTraces = "/opentelemetry.proto.collector.trace.v1.TraceService/Export";
    private readonly WebApplication _app;

    private FakeCollector(WebApplication app, string url) => (_app, Url) = (app, url);

    /// <summary>The collector's base URL.</summary>
    public string Url { get; }

    public ConcurrentQueue<(string Path, byte[] Body)> Exports { get; } = new();

    public static async Task<FakeCollector> StartAsync(bool grpc = false)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.ConfigureKestrel(k => k.Listen(IPAddress.Loopback, 0, o => o.Protocols = grpc ? HttpProtocols.Http2 : HttpProtocols.Http1));
        builder.Logging.ClearProviders();
        var app = builder.Build();
        FakeCollector? self = null;
        app.MapPost("/{**path}", async context =>
        {
            using var body = new MemoryStream();
            await context.Request.Body.CopyToAsync(body);
            self!.Exports.Enqueue((context.Request.Path.Value!, body.ToArray()));
            if (!grpc)
            {
                context.Response.ContentType = "application/x-protobuf";
                return;
            }
            // One length-prefixed message of length 0 (an empty Export*ServiceResponse), then status OK in the trailers.
            context.Response.ContentType = "application/grpc";
            await context.Response.Body.WriteAsync(new byte[5]);
            context.Response.AppendTrailer("grpc-status", "0");
        });
        var url = await DynasorServer.StartAsync(app);
        return self = new FakeCollector(app, url);
    }

    /// <summary>The text of every export to <paramref name="path"/> (protobuf carries strings as UTF-8).</summary>
    public string Text(string path) =>
        string.Concat(Exports.Where(e => e.Path == path).Select(e => System.Text.Encoding.UTF8.GetString(e.Body)));

    public ValueTask DisposeAsync() => _app.DisposeAsync();
}
