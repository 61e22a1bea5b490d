using System.Text.Json;
using Dynasor.Server.Hosting;
using Dynasor.Server.Tests.Fakes;
using Microsoft.Extensions.Logging;

namespace Dynasor.Server.Tests.Hosting;

/// <summary>Health a load balancer can trust, per-key limits, and the access log.</summary>
[Collection(ServerCollection.Name)]
public sealed class OperationsTests(ServerFixture servers)
{
    [Fact]
    public async Task Health_EveryUpstreamDown_HealthAndReady503LiveStill200()
    {
        await using var server = await RunningServer.StartAsync([RunningServer.Upstream(servers.UnreachableUpstream)]);
        await server.Replicas.ProbeAsync(TimeSpan.FromSeconds(5));

        using var health = await Http.Client.GetAsync(server.Url + "/health");
        using var ready = await Http.Client.GetAsync(server.Url + "/health/ready");
        using var live = await Http.Client.GetAsync(server.Url + "/health/live");

        Assert.Equal((503, "unavailable"), ((int)health.StatusCode, (await Http.JsonAsync(health)).GetProperty("status").GetString()));
        Assert.Equal((503, "unavailable"), ((int)ready.StatusCode, (await Http.JsonAsync(ready)).GetProperty("status").GetString()));
        Assert.Equal((200, "live"), ((int)live.StatusCode, (await Http.JsonAsync(live)).GetProperty("status").GetString()));
    }

    [Fact]
    public async Task Health_UpstreamUp_Ready200()
    {
        using var ready = await Http.Client.GetAsync(servers.Url + "/health/ready");

        Assert.Equal((200, "ready"), ((int)ready.StatusCode, (await Http.JsonAsync(ready)).GetProperty("status").GetString()));
    }

    [Fact]
    public async Task KeyLimits_OverRequestsPerMinute_429WithRetryAfterThenServedAgain()
    {
        var time = new ManualTime();
        await using var server = await RunningServer.StartAsync([RunningServer.Served(new ScriptedEngine())],
            new ServerOptions(ApiKeys: ["k1", "k2"], KeyLimits: new KeyLimits(RequestsPerMinute: 2)), time);

        var first = await StatusAsync(server.Url, "k1");
        var second = await StatusAsync(server.Url, "k1");
        using var third = await Http.PostAsync(server.Url + "/v1/chat/completions", Http.Chat(), "k1");
        var otherKey = await StatusAsync(server.Url, "k2");
        time.Advance(TimeSpan.FromSeconds(30));
        var refilled = await StatusAsync(server.Url, "k1");

        Assert.Equal((200, 200, 429, 200, 200), (first, second, (int)third.StatusCode, otherKey, refilled));
        Assert.Equal("30", third.Headers.RetryAfter!.ToString());
        Assert.Equal("rate_limit_exceeded", (await Http.JsonAsync(third)).GetProperty("error").GetProperty("code").GetString());
    }

    [Fact]
    public async Task KeyLimits_TokensPerMinuteSpent_429UntilRefilled()
    {
        var time = new ManualTime();
        // The scripted engine's answer is 5 tokens: the first request spends the key's 4 a minute and more.
        await using var server = await RunningServer.StartAsync([RunningServer.Served(new ScriptedEngine())],
            new ServerOptions(ApiKeys: ["k1"], KeyLimits: new KeyLimits(TokensPerMinute: 4)), time);

        var first = await StatusAsync(server.Url, "k1");
        using var owing = await Http.PostAsync(server.Url + "/v1/chat/completions", Http.Chat(), "k1");
        time.Advance(TimeSpan.FromSeconds(30));
        var refilled = await StatusAsync(server.Url, "k1");
        using var owingAgain = await Http.PostAsync(server.Url + "/v1/chat/completions", Http.Chat(), "k1");

        // 4 - 5 = -1 after the first: a request may start once the balance is back to 1, in (1 + 1) / 4 min = 30 s;
        // that one takes it to 1 - 5 = -4, and the next may start in (1 + 4) / 4 min = 75 s.
        Assert.Equal((200, 429, 200, 429), (first, (int)owing.StatusCode, refilled, (int)owingAgain.StatusCode));
        Assert.Equal(("30", "75"), (owing.Headers.RetryAfter!.ToString(), owingAgain.Headers.RetryAfter!.ToString()));
    }

    [Fact]
    public async Task AccessLog_OneLinePerRequestWithItsCountsAndNoText()
    {
        var logs = new CapturingLoggerProvider();
        var options = new ServerOptions(Host: "127.0.0.1", Port: 0, ApiKeys: ["k1"]).Validate();
        await using var app = DynasorServer.Build(options, RunningServer.Served(new ScriptedEngine()),
            logging: l => l.ClearProviders().AddProvider(logs));
        var url = await DynasorServer.StartAsync(app);

        using (await Http.PostAsync(url + "/v1/chat/completions", Http.Chat(",\"dynasor\":{\"mode\":\"off\"}", content: "SECRET-PROMPT-4412"), "k1")) { }

        var line = Assert.Single(logs.Messages, m => m.StartsWith("Information: method=", StringComparison.Ordinal))["Information: ".Length..].TrimEnd();
        Assert.True(System.Text.RegularExpressions.Regex.IsMatch(line, "^method=POST route=chat mode=off status=200 upstream_tokens=5 client_tokens=5 duration_ms=[0-9.]+ replica=simulated key=1$"), line);
        Assert.DoesNotContain(logs.Messages, m => m.Contains("SECRET-PROMPT-4412", StringComparison.Ordinal) || m.Contains("k1 ", StringComparison.Ordinal));
    }

    private static async Task<int> StatusAsync(string url, string key)
    {
        using var response = await Http.PostAsync(url + "/v1/chat/completions", Http.Chat(), key);
        return (int)response.StatusCode;
    }
}
