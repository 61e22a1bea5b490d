using Dynasor.Server.Hosting;
using Dynasor.Server.Tests.Fakes;

namespace Dynasor.Server.Tests.Hosting;

/// <summary>
/// The shutdown drain, begun as SIGTERM begins it (the listener itself stays up here, so the test can watch): readiness
/// turns 503, new requests get 503, a request in flight that finishes in time ends normally, and one still open when
/// the drain times out ends with an error event. Time is the test's.
/// </summary>
[Collection(ServerCollection.Name)]
public sealed class DrainTests
{
    [Fact]
    public async Task Drain_StreamStillOpenAtTheTimeout_EndsWithAShutdownErrorEvent()
    {
        var time = new ManualTime();
        await using var server = await RunningServer.StartAsync([RunningServer.Served(new ScriptedEngine { Length = 100, HangAfter = 2 })],
            new ServerOptions(DrainTimeout: TimeSpan.FromSeconds(30)), time);
        using var response = await Http.PostAsync(server.Url + "/v1/chat/completions", Http.Chat(",\"stream\":true"), option: HttpCompletionOption.ResponseHeadersRead);
        using var reader = new StreamReader(await response.Content.ReadAsStreamAsync());
        var first = await reader.ReadLineAsync();

        server.Drain.Begin();
        using var ready = await Http.Client.GetAsync(server.Url + "/health/ready");
        using var refused = await Http.PostAsync(server.Url + "/v1/chat/completions", Http.Chat());
        time.Advance(TimeSpan.FromSeconds(30));
        var rest = await reader.ReadToEndAsync();
        var metrics = await Http.Client.GetStringAsync(server.Url + "/metrics");

        Assert.StartsWith("data: {", first);
        Assert.Equal((503, "draining"), ((int)ready.StatusCode, (await Http.JsonAsync(ready)).GetProperty("status").GetString()));
        Assert.Equal((503, "server_shutting_down"), ((int)refused.StatusCode, (await Http.JsonAsync(refused)).GetProperty("error").GetProperty("code").GetString()));
        Assert.EndsWith("\"code\":\"server_shutting_down\"}}\n\n", rest);
        Assert.DoesNotContain("[DONE]", rest);
        // The cut stream's tokens were spent and are counted (its two tokens), not lost with the stream.
        Assert.Contains("dynasor_client_tokens_total{dynasor_mode=\"off\"} 2\n", metrics);
        Assert.Contains("dynasor_upstream_tokens_total{dynasor_mode=\"off\"} 2\n", metrics);
        Assert.Contains("dynasor_drain_ended_requests_total{} 1\n", metrics);
    }

    [Fact]
    public async Task Drain_StreamThatFinishesInTime_EndsNormally()
    {
        var engine = new GatedEngine();
        await using var server = await RunningServer.StartAsync([RunningServer.Served(engine)], new ServerOptions(DrainTimeout: TimeSpan.FromSeconds(30)), new ManualTime());
        var pending = Http.PostAsync(server.Url + "/v1/chat/completions", Http.Chat(",\"stream\":true"));
        await engine.WaitStartedAsync();

        server.Drain.Begin();
        engine.OpenAll();
        using var response = await pending;
        var events = await Http.EventsAsync(response);

        Assert.Equal("[DONE]", events[^1]);
    }
}
