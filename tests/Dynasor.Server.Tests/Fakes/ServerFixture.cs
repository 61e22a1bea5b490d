using System.Net;
using System.Net.Sockets;
using Dynasor.Server.Hosting;
using Dynasor.Server.Upstream;
using Dynasor.SimEngine;

namespace Dynasor.Server.Tests.Fakes;

/// <summary>
/// The servers the integration tests share, started once: Dynasor over a scripted engine, over a hanging engine,
/// with API keys, in front of each fault of the fault upstream, and the simulated engine: instant (time scale 0) as a
/// bare engine, and at real speed as a bare engine with Dynasor in front over HTTP and with Dynasor in process.
/// </summary>
public sealed class ServerFixture : IAsyncLifetime
{
    public const string ApiKey = "sk-test-key";
    public const string UpstreamKey = "sk-upstream-secret";
    private readonly List<IAsyncDisposable> _owned = [];

    internal ScriptedEngine Engine { get; } = new();
    internal ScriptedEngine Hanging { get; } = new() { Length = 100, HangAfter = 2 };
    internal FaultUpstream Upstream { get; private set; } = null!;
    public string Url { get; private set; } = "";
    public string HangingUrl { get; private set; } = "";
    public string KeyedUrl { get; private set; } = "";
    public string BuggyUrl { get; private set; } = "";
    public string UnreachableUpstream { get; private set; } = "";
    internal SimulatedEngine Sim { get; } = new(new SimEngineOptions { TimeScale = 0, ModelName = "m" }, TimeProvider.System);
    internal SimulatedEngine SlowSim { get; } = new(new SimEngineOptions { ModelName = "m" }, TimeProvider.System);
    internal SimulatedEngine InProcessSim { get; } = new(new SimEngineOptions { ModelName = "m" }, TimeProvider.System);
    public string SimUrl { get; private set; } = "";
    public string SlowSimUrl { get; private set; } = "";
    public string InFrontOfSlowSimUrl { get; private set; } = "";
    public string InProcessSimUrl { get; private set; } = "";
    public string InstantDynasorUrl { get; private set; } = "";
    private readonly Dictionary<string, string> _inFront = [];

    /// <summary>The URL of a Dynasor server in front of the fault upstream's <paramref name="kind"/> path.</summary>
    public string InFront(string kind) => _inFront[kind];

    public async Task InitializeAsync()
    {
        Upstream = Own(await FaultUpstream.StartAsync());
        Url = Own(await RunningServer.StartAsync(Engine, new ServerOptions(MaxRequestBodyBytes: 4096))).Url;
        HangingUrl = Own(await RunningServer.StartAsync(Hanging)).Url;
        BuggyUrl = Own(await RunningServer.StartAsync(new ScriptedEngine { ThrowAfter = 2 })).Url;
        KeyedUrl = Own(await RunningServer.StartAsync(new ScriptedEngine(), new ServerOptions(ApiKeys: [ApiKey, "second-key"]))).Url;
        foreach (var kind in new[] { "ok", "reject", "die" })
            _inFront[kind] = Own(await RunningServer.InFrontOfAsync($"{Upstream.Url}/{kind}/v1", key: UpstreamKey)).Url;
        _inFront["stall"] = Own(await RunningServer.InFrontOfAsync($"{Upstream.Url}/stall/v1", timeout: TimeSpan.FromMilliseconds(300))).Url;
        _inFront["completions"] = Own(await RunningServer.InFrontOfAsync($"{Upstream.Url}/ok/v1", UpstreamProtocol.Completions)).Url;
        UnreachableUpstream = $"http://127.0.0.1:{FreePort()}/v1";
        _inFront["unreachable"] = Own(await RunningServer.InFrontOfAsync(UnreachableUpstream)).Url;
        var engineRole = new ServerOptions(Role: ServerRole.Engine);
        SimUrl = Own(await RunningServer.StartAsync(SimulatedServing.Serve(Own(Sim)), engineRole)).Url;
        InstantDynasorUrl = Own(await RunningServer.StartAsync(SimulatedServing.Serve(Sim))).Url;
        SlowSimUrl = Own(await RunningServer.StartAsync(SimulatedServing.Serve(Own(SlowSim)), engineRole)).Url;
        InFrontOfSlowSimUrl = Own(await RunningServer.InFrontOfAsync(SlowSimUrl + "/v1")).Url;
        InProcessSimUrl = Own(await RunningServer.StartAsync(SimulatedServing.Serve(Own(InProcessSim)))).Url;
    }

    public async Task DisposeAsync()
    {
        // Servers before the engines they serve: reverse order of creation.
        for (var i = _owned.Count - 1; i >= 0; i--)
            await _owned[i].DisposeAsync();
    }

    private T Own<T>(T disposable) where T : IAsyncDisposable
    {
        _owned.Add(disposable);
        return disposable;
    }

    // A port that was free a moment ago and has nothing listening now: connections to it are refused.
    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
