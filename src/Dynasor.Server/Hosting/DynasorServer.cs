using System.Text.Json;
using Dynasor.Server.Metrics;
using Dynasor.Server.OpenAi;
using Dynasor.Server.Recording;
using Dynasor.Server.Relay;
using Dynasor.Server.Scheduling;
using Dynasor.Server.Upstream;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Yarp.ReverseProxy.Forwarder;

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
    public static WebApplication Build(ServerOptions options, ServedEngine engine, TimeProvider? time = null, Action<ILoggingBuilder>? logging = null) =>
        Build(options, [engine], time, logging);

    /// <summary>
    /// The app for one or more engine replicas serving the same model. A Dynasor server fronts each with a scheduler
    /// (<see cref="ReplicaSet"/>, resolvable from the app's services) and probes HTTP upstreams every
    /// <see cref="ServerOptions.EffectiveHealthInterval"/> on <paramref name="time"/>; a bare engine
    /// (<see cref="ServerRole.Engine"/>) serves its one replica directly.
    /// </summary>
    public static WebApplication Build(ServerOptions options, IReadOnlyList<ServedEngine> replicas, TimeProvider? time = null, Action<ILoggingBuilder>? logging = null)
    {
        if (replicas.Count == 0 || (options.Role == ServerRole.Engine && replicas.Count > 1))
            throw new ArgumentException("A Dynasor server needs at least one engine replica; a bare engine serves exactly one.");
        var engine = replicas[0];
        time ??= TimeProvider.System;
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls($"http://{options.Host}:{options.Port}");
        // The body limit is enforced while reading (RequestBody), with an OpenAI-style 413.
        builder.WebHost.ConfigureKestrel(k => k.Limits.MaxRequestBodySize = null);
        // A relay does little work per token and waits on sockets: running it on the socket threads saves a thread-pool
        // hop per token each way (measured in bench/Dynasor.LoadGen; README, Overhead). Nothing in a request blocks.
        if (options.InlineIo)
            builder.WebHost.UseSockets(o => o.UnsafePreferInlineScheduling = true);
        // Logs (and the access log) on standard error: standard output carries only the banner scripts read.
        builder.Logging.ClearProviders().AddSimpleConsole(o => o.SingleLine = true).AddConsole(o => o.LogToStandardErrorThreshold = LogLevel.Trace)
            .SetMinimumLevel(LogLevel.Information).AddFilter("Microsoft", LogLevel.Warning)
            // A failure to start (a port in use) reaches the caller as an exception: logged here too, it would print a stack trace.
            .AddFilter("Microsoft.Extensions.Hosting", LogLevel.None);
        logging?.Invoke(builder.Logging);
        // The host waits for requests in flight a little past the drain timeout, by which time each has ended itself.
        builder.Services.Configure<HostOptions>(o => o.ShutdownTimeout = options.EffectiveDrainTimeout + TimeSpan.FromSeconds(5));
        builder.Services.AddSingleton(time);
        builder.Services.AddHttpForwarder();
        var scheduling = options.Role == ServerRole.Dynasor ? new ReplicaSet(replicas, options.Scheduler, options.MaxInFlight, time) : null;
        if (scheduling is not null)
            builder.Services.AddSingleton(scheduling);
        var models = new ServedModels(replicas, options.ModelAliases, options.DefaultModel, time);
        builder.Services.AddSingleton(models);
        var drain = new ShutdownDrain(options.EffectiveDrainTimeout, time);
        builder.Services.AddSingleton(drain);
        var created = new ServerMetrics();
        // Made by a factory so the container disposes it (and its meter) with the app.
        builder.Services.AddSingleton(_ => created);
        ServerTelemetry.Add(builder, created, options.Telemetry);
        // Made by the container too, so disposing the app also closes the recording; flushed at the end of the drain below.
        if (options.Recording is { } recording)
            builder.Services.AddSingleton(s => new TrafficRecorder(recording, created, s.GetRequiredService<ILoggerFactory>().CreateLogger("Dynasor.Server.Recording")));
        var app = builder.Build();
        var metrics = app.Services.GetRequiredService<ServerMetrics>();
        ServerGauges.Register(metrics.Meter, replicas, scheduling, drain);
        var logger = app.Services.GetRequiredService<ILoggerFactory>().CreateLogger("Dynasor.Server");
        if (scheduling is not null)
        {
            scheduling.Logger = logger;
            var probing = scheduling.StartProbing(time, options.EffectiveHealthInterval);
            app.Lifetime.ApplicationStopping.Register(probing.Dispose);
            // Learn each engine's dialect now, not on the first request (a failure is asked again when needed).
            foreach (var upstream in replicas.Select(r => r.Upstream).OfType<UpstreamEngine>())
                _ = upstream.DialectAsync(CancellationToken.None).ContinueWith(t => _ = t.Exception, TaskScheduler.Default);
        }
        app.Lifetime.ApplicationStopping.Register(drain.Begin);
        var access = new AccessLog(app.Services.GetRequiredService<ILoggerFactory>(), options.AccessLogPath);
        app.Lifetime.ApplicationStopped.Register(() => access.DisposeAsync().AsTask().GetAwaiter().GetResult());
        var limits = options.KeyLimits is { } keyLimits ? new KeyRateLimiter(keyLimits.RequestsPerMinute, keyLimits.TokensPerMinute, time) : null;
        var recorder = options.Recording is null ? null : app.Services.GetRequiredService<TrafficRecorder>();
        if (recorder is not null)
            app.Lifetime.ApplicationStopped.Register(() => recorder.DisposeAsync().AsTask().GetAwaiter().GetResult());
        var completions = new CompletionEndpoint(options, engine, scheduling, models, metrics, time, logger, drain, access, limits, recorder);
        // A status without a body (405 for a GET on a POST route, and any other the framework sets) gets OpenAI's
        // error JSON, so a client always reads an {"error":...} object.
        app.UseStatusCodePages(async status =>
        {
            var context = status.HttpContext;
            context.Response.ContentType = "application/json";
            var code = context.Response.StatusCode;
            var message = code == 405
                ? $"{context.Request.Method} is not allowed on {context.Request.Path}; see the route's method in the README (completions are POST, models GET)."
                : $"{context.Request.Method} {context.Request.Path} failed with status {code}.";
            await context.Response.Body.WriteAsync(ErrorBody.ToUtf8(new OpenAiException(code, message, "invalid_request_error", null, code == 405 ? "method_not_allowed" : $"http_{code}")));
        });
        // While draining, new requests are refused (health aside): a load balancer has stopped routing here by then.
        app.Use(async (context, next) =>
        {
            if (!drain.IsDraining || context.Request.Path.StartsWithSegments("/health") || context.Request.Path.StartsWithSegments("/metrics"))
            {
                await next(context);
                return;
            }
            metrics.DrainRefused();
            context.Response.StatusCode = 503;
            context.Response.ContentType = "application/json";
            context.Response.Headers.Connection = "close";
            await context.Response.Body.WriteAsync(ErrorBody.ToUtf8(new OpenAiException(503, "The server is shutting down; send the request to another replica.",
                "server_error", null, "server_shutting_down")));
        });
        var keys = new ApiKeyMiddleware(options.EffectiveApiKeys, limits, metrics);
        app.Use((context, next) => keys.InvokeAsync(context, next));
        app.MapPost("/v1/chat/completions", (HttpContext c) => completions.HandleAsync(c, chat: true));
        app.MapPost("/v1/completions", (HttpContext c) => completions.HandleAsync(c, chat: false));
        app.MapGet("/v1/models", (HttpContext c) => ModelsAsync(c, engine, models, time));
        if (options.Role == ServerRole.Engine)
            engine.Routes?.Invoke(app);
        MapOtherRoutes(app, scheduling);
        app.MapGet("/health", (HttpContext c) => scheduling is null ? c.Response.WriteAsync("ok\n") : HealthAsync(c, scheduling, drain));
        app.MapGet("/health/live", (HttpContext c) => JsonStatusAsync(c, 200, "live"));
        app.MapGet("/health/ready", (HttpContext c) => drain.IsDraining ? JsonStatusAsync(c, 503, "draining")
            : scheduling is not null && scheduling.Status() == "unavailable" ? JsonStatusAsync(c, 503, "unavailable") : JsonStatusAsync(c, 200, "ready"));
        ServerTelemetry.MapMetrics(app);
        return app;
    }

    // Dynasor's own routes and their methods (the fallback answers a wrong method with 405).
    private static readonly (string Path, string Method)[] OwnRoutes =
    [
        ("/v1/chat/completions", "POST"), ("/v1/completions", "POST"), ("/v1/models", "GET"), ("/health", "GET"), ("/health/live", "GET"),
        ("/health/ready", "GET"), ("/metrics", "GET"),
    ];

    // Routes Dynasor does not act on: relayed to the engine when it is an HTTP upstream, else an OpenAI-style 404 that
    // names what this server does serve (never an empty body).
    private static void MapOtherRoutes(WebApplication app, ReplicaSet? scheduling)
    {
        if (scheduling is not null && scheduling.Replicas.All(r => r.Engine.Upstream is not null))
        {
            var forwarder = new RouteForwarder(app.Services.GetRequiredService<IHttpForwarder>(), scheduling);
            app.Map("/v1/{**rest}", forwarder.ForwardAsync);
            foreach (var route in RouteForwarder.EngineRoutes)
                app.Map(route, forwarder.ForwardAsync);
        }
        app.MapFallback(async context =>
        {
            // The fallback also catches a known route asked with the wrong method: that is a 405, not a 404.
            var allowed = OwnRoutes.FirstOrDefault(r => r.Path.Equals(context.Request.Path.Value, StringComparison.OrdinalIgnoreCase)).Method;
            var status = allowed is null ? 404 : 405;
            context.Response.StatusCode = status;
            context.Response.ContentType = "application/json";
            if (allowed is not null)
                context.Response.Headers.Allow = allowed;
            var message = allowed is not null
                ? $"{context.Request.Method} is not allowed on {context.Request.Path}; use {allowed}."
                : $"{context.Request.Method} {context.Request.Path} is not served here; this server answers POST /v1/chat/completions, POST /v1/completions, "
                    + "GET /v1/models, GET /health and GET /metrics" + (scheduling?.Replicas.All(r => r.Engine.Upstream is not null) == true
                        ? ", and relays every other /v1 route and the engine's /tokenize, /detokenize, /apply-template, /props and /version." : ".");
            await context.Response.Body.WriteAsync(ErrorBody.ToUtf8(new OpenAiException(status, message, "invalid_request_error", null,
                allowed is null ? "unknown_route" : "method_not_allowed")));
        });
    }

    // {"status": "..."} with the status code a load balancer or Kubernetes probe reads.
    private static async Task JsonStatusAsync(HttpContext context, int code, string status)
    {
        context.Response.StatusCode = code;
        context.Response.ContentType = "application/json";
        await context.Response.WriteAsync($"{{\"status\":\"{status}\"}}");
    }

    /// <summary>Starts <paramref name="app"/> and returns the URL it listens on (with the real port when 0 was asked for).</summary>
    public static async Task<string> StartAsync(WebApplication app, CancellationToken cancellationToken = default)
    {
        await app.StartAsync(cancellationToken);
        var addresses = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses;
        return addresses.First().TrimEnd('/');
    }

    // The engines' models, then the configured aliases, each naming the model it stands for in "root" (as vLLM names a
    // served model's path).
    private static async Task ModelsAsync(HttpContext context, ServedEngine engine, ServedModels served, TimeProvider time)
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
        foreach (var (alias, target) in served.Aliases)
        {
            json.WriteStartObject();
            json.WriteString("id", alias);
            json.WriteString("object", "model");
            json.WriteNumber("created", time.GetUtcNow().ToUnixTimeSeconds());
            json.WriteString("owned_by", "dynasor");
            json.WriteString("root", target);
            json.WriteEndObject();
        }
        json.WriteEndArray();
        json.WriteEndObject();
    }

    /// <summary>
    /// 200 while the server runs (it still answers, with the upstream's error, when every replica is down), with
    /// <c>status</c> ok / degraded / unavailable, the reward model (state by its last call), and every replica's state,
    /// queue and predicted work.
    /// </summary>
    private static async Task HealthAsync(HttpContext context, ReplicaSet replicas, ShutdownDrain drain)
    {
        var status = drain.IsDraining ? "draining" : replicas.Status();
        // 503 when no replica can serve or the server is going away: a load balancer reads the status code, not the body.
        context.Response.StatusCode = status is "unavailable" or "draining" ? 503 : 200;
        context.Response.ContentType = "application/json";
        await using var json = new Utf8JsonWriter(context.Response.BodyWriter);
        json.WriteStartObject();
        json.WriteString("status", status);
        json.WriteString("scheduler", replicas.Replicas[0].Gate.PolicyName);
        replicas.Replicas[0].Engine.Rewards?.WriteHealth(json);
        json.WriteStartArray("replicas");
        foreach (var r in replicas.Replicas)
        {
            json.WriteStartObject();
            json.WriteString("upstream", r.Engine.Name);
            if (r.Engine.Upstream?.KnownDialect is { } dialect)
                json.WriteString("dialect", dialect.Name);
            json.WriteString("state", r.Healthy ? "up" : "down");
            json.WriteNumber("waiting", r.Gate.Waiting);
            json.WriteNumber("in_flight", r.Gate.InFlight);
            json.WriteNumber("max_inflight", r.Gate.MaxInFlight);
            json.WriteNumber("predicted_work_tokens", Math.Round(replicas.PredictedWork(r)));
            if (!r.Healthy && r.LastError is { } error)
                json.WriteString("error", error);
            json.WriteEndObject();
        }
        json.WriteEndArray();
        json.WriteEndObject();
    }
}
