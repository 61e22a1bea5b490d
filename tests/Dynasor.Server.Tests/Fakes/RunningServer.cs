using Dynasor.Engines;
using Dynasor.Server.Hosting;
using Dynasor.Server.Upstream;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.Logging;

namespace Dynasor.Server.Tests.Fakes;

/// <summary>A Dynasor server on 127.0.0.1 with a free port, in this process.</summary>
internal sealed class RunningServer : IAsyncDisposable
{
    private readonly WebApplication _app;

    private RunningServer(WebApplication app, string url) => (_app, Url) = (app, url);

    /// <summary>The server's root URL, e.g. <c>http://127.0.0.1:41234</c>.</summary>
    public string Url { get; }

    public static async Task<RunningServer> StartAsync(ServedEngine engine, ServerOptions? options = null)
    {
        options = (options ?? new ServerOptions()) with { Host = "127.0.0.1", Port = 0 };
        var app = DynasorServer.Build(options.Validate(), engine, logging: l => l.ClearProviders());
        return new RunningServer(app, await DynasorServer.StartAsync(app));
    }

    public static Task<RunningServer> StartAsync(IStreamingEngine engine, ServerOptions? options = null) =>
        StartAsync(ServedEngine.InProcess(engine, "scripted", text => text.Split(' ', StringSplitOptions.RemoveEmptyEntries).Length,
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
