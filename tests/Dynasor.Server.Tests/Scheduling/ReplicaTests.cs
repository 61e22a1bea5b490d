using System.Net;
using System.Net.Sockets;
using System.Text.Json;
using Dynasor.Server.Hosting;
using Dynasor.Server.Tests.Fakes;

namespace Dynasor.Server.Tests.Scheduling;

/// <summary>Several engine replicas behind one server: placement, stickiness, failures, health; real HTTP on loopback.</summary>
public sealed class ReplicaTests
{
    private static string Sc(string question) => Http.Chat(",\"max_tokens\":8,\"dynasor\":{\"mode\":\"sc\",\"policy\":\"sc:n=6\",\"max_samples\":6}", question);

    private static string Off(string question) => Http.Chat(",\"max_tokens\":8", question);

    private static async Task<JsonElement> HealthAsync(RunningServer server) =>
        JsonDocument.Parse(await Http.Client.GetStringAsync(server.Url + "/health")).RootElement.Clone();

    [Fact]
    public async Task Placement_TwoPrograms_EachSticksToItsOwnReplica()
    {
        var first = new GatedEngine();
        var second = new GatedEngine();
        await using var server = await RunningServer.StartAsync([RunningServer.Served(first, "r0"), RunningServer.Served(second, "r1")]);

        var p1 = Http.PostAsync(server.Url + "/v1/chat/completions", Sc("P1"));
        await first.WaitStartedAsync();
        // P1's predicted work now sits on r0: the next program goes to the idle r1.
        var p2 = Http.PostAsync(server.Url + "/v1/chat/completions", Sc("P2"));
        await second.WaitStartedAsync();
        first.OpenAll();
        second.OpenAll();

        foreach (var response in await Task.WhenAll(p1, p2))
        {
            using (response)
                Assert.Equal(200, (int)response.StatusCode);
        }
        Assert.Equal(Enumerable.Repeat("P1", 6), first.Questions);
        Assert.Equal(Enumerable.Repeat("P2", 6), second.Questions);
    }

    [Fact]
    public async Task Placement_ManyPrograms_BalancesPredictedWork()
    {
        var engines = new[] { new GatedEngine(), new GatedEngine(), new GatedEngine() };
        await using var server = await RunningServer.StartAsync(engines.Select((e, i) => RunningServer.Served(e, "r" + i)).ToList());

        var requests = new List<Task<HttpResponseMessage>>();
        for (var i = 0; i < 6; i++)
        {
            requests.Add(Http.PostAsync(server.Url + "/v1/chat/completions", Off("q" + i)));
            await RunningServer.UntilAsync(() => engines.Sum(e => e.OpenStreams) == requests.Count, $"request {i} reaches an engine");
        }
        foreach (var e in engines)
            e.OpenAll();

        foreach (var response in await Task.WhenAll(requests))
        {
            using (response)
                Assert.Equal(200, (int)response.StatusCode);
        }
        Assert.All(engines, e => Assert.Equal(2, e.Questions.Count));
    }

    [Fact]
    public async Task FailingReplica_ConnectionRefused_TakenOutAndRequestRunsOnAnother()
    {
        var healthy = new GatedEngine();
        healthy.OpenAll();
        // Time stands still, so the health probe never runs: the request itself finds the replica down.
        await using var server = await RunningServer.StartAsync([RunningServer.Upstream(ClosedPortUrl()), RunningServer.Served(healthy, "r1")], time: new ManualTime());

        using var response = await Http.PostAsync(server.Url + "/v1/chat/completions", Off("q"));
        var health = await HealthAsync(server);

        Assert.Equal(200, (int)response.StatusCode);
        Assert.Equal(["q"], healthy.Questions);
        Assert.Equal("degraded", health.GetProperty("status").GetString());
        Assert.Equal("down", health.GetProperty("replicas")[0].GetProperty("state").GetString());
        Assert.Contains("unreachable", health.GetProperty("replicas")[0].GetProperty("error").GetString());
        Assert.Equal("up", health.GetProperty("replicas")[1].GetProperty("state").GetString());
    }

    [Fact]
    public async Task FailingReplica_ProbeFails_WaitingRequestsReplacedThenReplicaComesBack()
    {
        await using var upstream = await SwitchUpstream.StartAsync();
        var other = new GatedEngine();
        await using var server = await RunningServer.StartAsync([RunningServer.Upstream(upstream.Url), RunningServer.Served(other, "r1")], new ServerOptions(MaxInFlight: 1));
        var (r0, r1) = (server.Replicas.Replicas[0], server.Replicas.Replicas[1]);

        var p1 = Http.PostAsync(server.Url + "/v1/chat/completions", Off("P1"));
        await upstream.WaitStartedAsync();
        var p2 = Http.PostAsync(server.Url + "/v1/chat/completions", Off("P2"));
        await other.WaitStartedAsync();
        // Equal predicted work on both: P3 goes to r0 and waits behind P1.
        var p3 = Http.PostAsync(server.Url + "/v1/chat/completions", Off("P3"));
        await RunningServer.UntilAsync(() => r0.Gate.Waiting == 1, "P3 waits at r0");
        upstream.Healthy = false;
        await server.Replicas.ProbeAsync(TimeSpan.FromSeconds(10));
        await RunningServer.UntilAsync(() => r1.Gate.Waiting == 1, "P3 is re-placed on r1");
        Assert.Equal(0, r0.Gate.Waiting);
        Assert.Equal("down", (await HealthAsync(server)).GetProperty("replicas")[0].GetProperty("state").GetString());

        other.OpenAll();
        upstream.Release();
        foreach (var response in await Task.WhenAll(p1, p2, p3))
        {
            using (response)
                Assert.Equal(200, (int)response.StatusCode);
        }
        Assert.Equal(["P2", "P3"], other.Questions);
        upstream.Healthy = true;
        await server.Replicas.ProbeAsync(TimeSpan.FromSeconds(10));
        Assert.Equal("ok", (await HealthAsync(server)).GetProperty("status").GetString());
    }

    [Fact]
    public async Task HealthProbe_TimerOnInjectedClock_TakesOutAndBringsBack()
    {
        await using var upstream = await SwitchUpstream.StartAsync();
        var time = new ManualTime();
        await using var server = await RunningServer.StartAsync([RunningServer.Upstream(upstream.Url), RunningServer.Served(new GatedEngine(), "r1")],
            new ServerOptions(HealthInterval: TimeSpan.FromSeconds(5)), time);
        var r0 = server.Replicas.Replicas[0];

        time.Advance(TimeSpan.Zero);
        await server.Replicas.LastProbe;
        Assert.True(r0.Healthy, "the probe at start found it up");
        upstream.Healthy = false;
        time.Advance(TimeSpan.FromSeconds(4));
        await server.Replicas.LastProbe;
        Assert.True(r0.Healthy, "no probe before the interval");
        time.Advance(TimeSpan.FromSeconds(1));
        await server.Replicas.LastProbe;
        Assert.False(r0.Healthy);
        upstream.Healthy = true;
        time.Advance(TimeSpan.FromSeconds(5));
        await server.Replicas.LastProbe;
        Assert.True(r0.Healthy);
    }

    [Fact]
    public async Task HealthProbe_UpstreamDownFromTheStart_NotReadyAfterTheFirstProbeNotAfterAnInterval()
    {
        var time = new ManualTime();
        await using var server = await RunningServer.StartAsync([RunningServer.Upstream(ClosedPortUrl())], new ServerOptions(HealthInterval: TimeSpan.FromSeconds(5)), time);

        time.Advance(TimeSpan.Zero);
        await server.Replicas.LastProbe;
        using var ready = await Http.Client.GetAsync(server.Url + "/health/ready");
        using var response = await Http.Client.GetAsync(server.Url + "/health");
        var health = await Http.JsonAsync(response);

        Assert.Equal(503, (int)ready.StatusCode);
        Assert.Equal((503, "unavailable"), ((int)response.StatusCode, health.GetProperty("status").GetString()));
        Assert.Contains("health probe", health.GetProperty("replicas")[0].GetProperty("error").GetString());
    }

    private static string ClosedPortUrl()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var port = ((IPEndPoint)listener.LocalEndpoint).Port;
        listener.Stop();
        return $"http://127.0.0.1:{port}/v1";
    }
}
