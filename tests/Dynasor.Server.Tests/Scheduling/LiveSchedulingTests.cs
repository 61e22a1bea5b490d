using System.Text.Json;
using Dynasor.Scheduling;
using Dynasor.Server.Hosting;
using Dynasor.Server.Scheduling;
using Dynasor.Server.Tests.Fakes;

namespace Dynasor.Server.Tests.Scheduling;

/// <summary>The scheduler inside <c>dynasor serve</c>: order, priorities, disconnects, deadlines; real HTTP on loopback.</summary>
public sealed class LiveSchedulingTests
{
    private static string Off(string question) => Http.Chat(",\"max_tokens\":8", question);

    // A cot program with a budget of ten chunks: predicted to need ten times the work of an off request.
    private static string Cot(string question) => Http.Chat(",\"max_tokens\":640,\"dynasor\":{\"mode\":\"cot\",\"probe_interval\":64}", question);

    [Theory]
    [InlineData("fcfs", new[] { "A", "C", "B" })]
    [InlineData("dynasor", new[] { "A", "B", "C" })]
    public async Task Gate_MaxInflightOne_UpstreamSeesPolicyOrder(string scheduler, string[] expected)
    {
        var engine = new GatedEngine();
        await using var server = await RunningServer.StartAsync([RunningServer.Served(engine)], new ServerOptions(MaxInFlight: 1, Scheduler: scheduler));
        var gate = server.Replicas.Replicas[0].Gate;

        var a = Http.PostAsync(server.Url + "/v1/chat/completions", Off("A"));
        await engine.WaitStartedAsync();
        // C (long: a cot budget of ten chunks) waits before B (short: one request) arrives.
        var c = Http.PostAsync(server.Url + "/v1/chat/completions", Cot("C"));
        await RunningServer.UntilAsync(() => gate.Waiting == 1, "C waits at the gate");
        var b = Http.PostAsync(server.Url + "/v1/chat/completions", Off("B"));
        await RunningServer.UntilAsync(() => gate.Waiting == 2, "B waits at the gate");
        engine.Release();
        await engine.WaitStartedAsync();
        engine.Release();
        await engine.WaitStartedAsync();
        engine.OpenAll();

        foreach (var response in await Task.WhenAll(a, b, c))
        {
            using (response)
                Assert.Equal(200, (int)response.StatusCode);
        }
        Assert.Equal(expected, engine.Questions.Take(3));
        Assert.Equal((0, 0), (gate.Waiting, gate.InFlight));
    }

    [Fact]
    public async Task Priority_UpstreamTakesPriorities_BodyCarriesSchedulerOrder()
    {
        await using var upstream = await SwitchUpstream.StartAsync();
        await using var server = await RunningServer.StartAsync([RunningServer.Upstream(upstream.Url, PriorityOrder.LowerFirst)], new ServerOptions(Scheduler: "fcfs"));
        upstream.Release(2);

        using (var first = await Http.PostAsync(server.Url + "/v1/chat/completions", Off("first")))
            Assert.Equal(200, (int)first.StatusCode);
        using (var second = await Http.PostAsync(server.Url + "/v1/chat/completions", Off("second")))
            Assert.Equal(200, (int)second.StatusCode);

        var priorities = upstream.Bodies.Select(b => JsonDocument.Parse(b).RootElement.GetProperty("priority").GetInt64()).ToList();
        // fcfs orders by arrival: the later request gets the larger (later-served) value.
        Assert.Equal(2, priorities.Count);
        Assert.True(priorities[0] < priorities[1], $"priorities {priorities[0]}, {priorities[1]} should grow with arrival");
    }

    [Fact]
    public async Task Priority_UpstreamWithoutFlag_BodyHasNoPriority()
    {
        await using var upstream = await SwitchUpstream.StartAsync();
        await using var server = await RunningServer.StartAsync([RunningServer.Upstream(upstream.Url)]);
        upstream.Release();

        using (var response = await Http.PostAsync(server.Url + "/v1/chat/completions", Off("q")))
            Assert.Equal(200, (int)response.StatusCode);

        Assert.False(JsonDocument.Parse(upstream.Bodies.Single()).RootElement.TryGetProperty("priority", out _));
    }

    [Theory]
    [InlineData(1.5, 1500)]
    [InlineData(-2, -2000)]
    [InlineData(1e300, 1L << 50)]
    [InlineData(double.NegativeInfinity, -(1L << 50))]
    public void PriorityOf_Key_ThousandthsClamped(double primary, long expected) =>
        Assert.Equal(expected, ScheduledProgram.PriorityOf(new SchedulingKey(primary, 0)));

    [Fact]
    public void PriorityOf_LateKey_RanksBehindEveryPunctualOne()
    {
        var latest = ScheduledProgram.PriorityOf(new SchedulingKey(1e300, 0));
        var lateButSmall = ScheduledProgram.PriorityOf(new SchedulingKey(-1e300, 0) { Late = true });
        Assert.True(lateButSmall > latest, $"{lateButSmall} <= {latest}");
        Assert.True(ScheduledProgram.PriorityOf(new SchedulingKey(1e300, 0) { Late = true }) <= 1L << 52);
    }

    [Fact]
    public async Task Disconnect_WhileWaiting_FreesQueueAndSlot()
    {
        var engine = new GatedEngine();
        await using var server = await RunningServer.StartAsync([RunningServer.Served(engine)], new ServerOptions(MaxInFlight: 1));
        var gate = server.Replicas.Replicas[0].Gate;
        using var leaveA = new CancellationTokenSource();
        using var leaveB = new CancellationTokenSource();

        var a = Http.PostAsync(server.Url + "/v1/chat/completions", Off("A"), cancellationToken: leaveA.Token);
        await engine.WaitStartedAsync();
        var b = Http.PostAsync(server.Url + "/v1/chat/completions", Off("B"), cancellationToken: leaveB.Token);
        await RunningServer.UntilAsync(() => gate.Waiting == 1, "B waits at the gate");
        leaveB.Cancel();
        await RunningServer.UntilAsync(() => gate.Waiting == 0, "B's disconnect removes it from the line");
        leaveA.Cancel();
        await RunningServer.UntilAsync(() => gate.InFlight == 0 && engine.OpenStreams == 0, "A's disconnect frees its slot and upstream stream");
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => a);
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => b);

        engine.OpenAll();
        using var c = await Http.PostAsync(server.Url + "/v1/chat/completions", Off("C"));
        Assert.Equal(200, (int)c.StatusCode);
        Assert.Equal(["A", "C"], engine.Questions);
        // A's handler ends (and its program leaves the placement) when the server notices the abort, which may be
        // after C's answer: wait for it rather than race it.
        await RunningServer.UntilAsync(() => server.Replicas.PredictedWork(server.Replicas.Replicas[0]) == 0, "no predicted work is left behind");
    }

    [Theory]
    [InlineData("0")]
    [InlineData("-5")]
    [InlineData("\"soon\"")]
    [InlineData("1e12")]
    public async Task DeadlineMs_BadValue_400NamingIt(string value)
    {
        await using var server = await RunningServer.StartAsync([RunningServer.Served(new GatedEngine())]);

        using var response = await Http.PostAsync(server.Url + "/v1/chat/completions", Http.Chat($",\"dynasor\":{{\"deadline_ms\":{value}}}"));
        var error = (await Http.JsonAsync(response)).GetProperty("error");

        Assert.Equal(400, (int)response.StatusCode);
        Assert.Equal("dynasor.deadline_ms", error.GetProperty("param").GetString());
    }

    [Fact]
    public async Task DeadlineMs_SlackScheduler_LaterTighterDeadlineServedFirst()
    {
        var engine = new GatedEngine();
        await using var server = await RunningServer.StartAsync([RunningServer.Served(engine)], new ServerOptions(MaxInFlight: 1, Scheduler: "slack"));
        var gate = server.Replicas.Replicas[0].Gate;
        string WithDeadline(string question, int ms) => Http.Chat($",\"max_tokens\":8,\"dynasor\":{{\"deadline_ms\":{ms}}}", question);

        var a = Http.PostAsync(server.Url + "/v1/chat/completions", Off("A"));
        await engine.WaitStartedAsync();
        var loose = Http.PostAsync(server.Url + "/v1/chat/completions", WithDeadline("loose", 3_600_000));
        await RunningServer.UntilAsync(() => gate.Waiting == 1, "the loose program waits");
        var tight = Http.PostAsync(server.Url + "/v1/chat/completions", WithDeadline("tight", 60_000));
        await RunningServer.UntilAsync(() => gate.Waiting == 2, "the tight program waits");
        engine.OpenAll();

        foreach (var response in await Task.WhenAll(a, loose, tight))
        {
            using (response)
                Assert.Equal(200, (int)response.StatusCode);
        }
        Assert.Equal(["A", "tight", "loose"], engine.Questions);
    }
}
