using System.Text.Json;
using Dynasor.Server.Metrics;
using Dynasor.Server.OpenAi;
using Dynasor.Server.Upstream;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Dynasor.Server.Hosting;

/// <summary>
/// Builds the OpenAI-compatible web app on Kestrel: <c>POST /v1/chat/completions</c>, <c>POST /v1/completions</c>,
/// <c>GET /v1/models</c>, <c>GET /health</c>, <c>GET /metrics</c>, API keys on <c>/v1/*</c>.
/// </summary>
public static class DynasorServer
{
    /// <summary>
    /// The app for <paramref name="engine"/>; <paramref name="options"/> must be validated. Prompts and outputs are
    /// never logged; <paramref name="logging"/> replaces the default console logging (tests pass one that clears it).
    /// </summary>
    public static WebApplication Build(ServerOptions options, ServedEngine engine, TimeProvider? time = null, Action<ILoggingBuilder>? logging = null)
    {
        time ??= TimeProvider.System;
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls($"http://{options.Host}:{options.Port}");
        // The body limit is enforced while reading (RequestBody), with an OpenAI-style 413.
        builder.WebHost.ConfigureKestrel(k => k.Limits.MaxRequestBodySize = null);
        builder.Logging.SetMinimumLevel(LogLevel.Information).AddFilter("Microsoft", LogLevel.Warning);
        logging?.Invoke(builder.Logging);
        builder.Services.AddSingleton(time);
        var app = builder.Build();
        var metrics = new ServerMetrics();
        var logger = app.Services.GetRequiredService<ILoggerFactory>().CreateLogger("Dynasor.Server");
        var completions = new CompletionEndpoint(options, engine, metrics, time, logger);
        var keys = new ApiKeyMiddleware(options.EffectiveApiKeys);
        app.Use((context, next) => keys.InvokeAsync(context, next));
        app.MapPost("/v1/chat/completions", (HttpContext c) => completions.HandleAsync(c, chat: true));
        app.MapPost("/v1/completions", (HttpContext c) => completions.HandleAsync(c, chat: false));
        app.MapGet("/v1/models", (HttpContext c) => ModelsAsync(c, engine, time));
        app.MapGet("/health", () => Results.Text("ok\n"));
        app.MapGet("/metrics", (HttpContext c) => MetricsAsync(c, metrics, engine));
        return app;
    }

    /// <summary>Starts <paramref name="app"/> and returns the URL it listens on (with the real port when 0 was asked for).</summary>
    public static async Task<string> StartAsync(WebApplication app, CancellationToken cancellationToken = default)
    {
        await app.StartAsync(cancellationToken);
        var addresses = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses;
        return addresses.First().TrimEnd('/');
    }

    private static async Task ModelsAsync(HttpContext context, ServedEngine engine, TimeProvider time)
    {
        IReadOnlyList<string> models;
        try
        {
            models = await engine.ListModelsAsync(context.RequestAborted);
        }
        catch (UpstreamException e)
        {
            context.Response.StatusCode = e.StatusCode;
            context.Response.ContentType = "application/json";
            await context.Response.Body.WriteAsync(e.PassThroughBody ?? ErrorBody.ToUtf8(new OpenAiException(e.StatusCode, e.Message, e.ErrorType)));
            return;
        }
        context.Response.ContentType = "application/json";
        await using var json = new Utf8JsonWriter(context.Response.BodyWriter);
        json.WriteStartObject();
        json.WriteString("object", "list");
        json.WriteStartArray("data");
        foreach (var model in models)
        {
            json.WriteStartObject();
            json.WriteString("id", model);
            json.WriteString("object", "model");
            json.WriteNumber("created", time.GetUtcNow().ToUnixTimeSeconds());
            json.WriteString("owned_by", engine.Name == "simulated" ? "dynasor" : "upstream");
            json.WriteEndObject();
        }
        json.WriteEndArray();
        json.WriteEndObject();
    }

    private static async Task MetricsAsync(HttpContext context, ServerMetrics metrics, ServedEngine engine)
    {
        context.Response.ContentType = "text/plain; version=0.0.4; charset=utf-8";
        var text = new StringWriter();
        metrics.Write(text, engine.Gauges);
        await context.Response.WriteAsync(text.ToString());
    }
}
