using Dynasor.Engines;
using Dynasor.Server.Hosting;
using Dynasor.Server.Recording;
using Dynasor.Server.Scheduling;
using Dynasor.Server.Upstream;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Dynasor.Server.Tests.Fakes;

/// <summary>A Dynasor server on 127.0.0.1 with a free port, in this process.</summary>
internal sealed class RunningServer : IAsyncDisposable
{
    private readonly WebApplication _app;

    private RunningServer(WebApplication app, string url) => (_app, Url) = (app, url);

    /// <summary>The server's root URL, e.g. <c>http://127.0.0.1:41234</c>.</summary>
    public string Url { get; }

    /// <summary>The scheduler in front of the engine replicas (a Dynasor server only).</summary>
    public ReplicaSet Replicas => _app.Services.GetRequiredService<ReplicaSet>();

    /// <summary>The server's shutdown drain (a test begins it as SIGTERM would, without stopping the listener).</summary>
    public ShutdownDrain Drain => _app.Services.GetRequiredService<ShutdownDrain>();

    /// <summary>The recorder of a server started with <see cref="ServerOptions.Recording"/>.</summary>
    public TrafficRecorder Recorder => _app.Services.GetRequiredService<TrafficRecorder>();

    /// <summary>Stops the server as Ctrl+C does (drain, then the stopped hooks such as the recording's flush).</summary>
    public Task StopAsync() => _app.StopAsync();

    public static Task<RunningServer> StartAsync(ServedEngine engine, ServerOptions? options = null) => StartAsync([engine], options);

    public static async Task<RunningServer> StartAsync(IReadOnlyList<ServedEngine> replicas, ServerOptions? options = null, TimeProvider? time = null)
    {
        options = (options ?? new ServerOptions()) with { Host = "127.0.0.1", Port = 0 };
        var app = DynasorServer.Build(options.Validate(), replicas, time, logging: l => l.ClearProviders());
        return new RunningServer(app, await DynasorServer.StartAsync(app));
    }

    /// <summary>An in-process engine as a replica named <paramref name="name"/>.</summary>
    public static ServedEngine Served(IStreamingEngine engine, string name = "simulated") =>
        ServedEngine.InProcess(engine, "m", text => text.Length) with { Name = name };

    /// <summary>An HTTP upstream as a replica.</summary>
    public static ServedEngine Upstream(string url, PriorityOrder priority = PriorityOrder.None) =>
        ServedEngine.ForUpstream(new UpstreamEngine(new UpstreamOptions(new Uri(url), null, "m", UpstreamProtocol.Chat, TimeSpan.FromSeconds(30), ConnectRetries: 0).Validate(),
            new HttpClient { Timeout = Timeout.InfiniteTimeSpan }, TimeProvider.System), priority);

    /// <summary>Waits (yielding, bounded by 30 s of wall time) until <paramref name="condition"/> holds.</summary>
    public static async Task UntilAsync(Func<bool> condition, string what)
    {
        var limit = DateTime.UtcNow.AddSeconds(30);
        while (!condition())
        {
            Assert.True(DateTime.UtcNow < limit, $"timed out waiting until {what}");
            await Task.Yield();
        }
    }

    public static Task<RunningServer> StartAsync(IStreamingEngine engine, ServerOptions? options = null) =>
        StartAsync(ServedEngine.InProcess(engine, "m", text => text.Split(' ', StringSplitOptions.RemoveEmptyEntries).Length,
            ("scripted_open_requests", "Open streams of the scripted engine.", () => (engine as ScriptedEngine)?.OpenRequests ?? 0)), options);

    /// <summary>A server in front of <paramref name="upstreamUrl"/> over HTTP.</summary>
    public static Task<RunningServer> InFrontOfAsync(string upstreamUrl, UpstreamProtocol protocol = UpstreamProtocol.Chat, string? key = null, TimeSpan? timeout = null)
    {
        var upstream = new UpstreamEngine(new UpstreamOptions(new Uri(upstreamUrl), key, null, protocol, timeout ?? TimeSpan.FromSeconds(30)).Validate(),
            new HttpClient { Timeout = Timeout.InfiniteTimeSpan }, TimeProvider.System);
        return StartAsync(ServedEngine.ForUpstream(upstream));
    }

    public ValueTask DisposeAsync() => _app.DisposeAsync();
}
