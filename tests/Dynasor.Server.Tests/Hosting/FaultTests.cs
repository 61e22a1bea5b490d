using System.Text.Json;
using Dynasor.Server.Tests.Fakes;

namespace Dynasor.Server.Tests.Hosting;

/// <summary>Upstream faults (issue 3 §5) through the Dynasor server, and that it keeps serving after each.</summary>
[Collection(ServerCollection.Name)]
public sealed class FaultTests(ServerFixture servers)
{
    [Fact]
    public async Task Chat_UpstreamUnreachable_502NamingUpstream()
    {
        using var response = await Http.PostAsync(servers.InFront("unreachable") + "/v1/chat/completions", Http.Chat(",\"stream\":true"));
        var error = (await Http.JsonAsync(response)).GetProperty("error");

        Assert.Equal(502, (int)response.StatusCode);
        Assert.Contains(servers.UnreachableUpstream, error.GetProperty("message").GetString());
        Assert.Equal("upstream_error", error.GetProperty("type").GetString());
        await AssertStillServesAsync(servers.InFront("unreachable"));
    }

    [Fact]
    public async Task Models_UpstreamUnreachable_502NamingUpstream()
    {
        using var response = await Http.Client.GetAsync(servers.InFront("unreachable") + "/v1/models");

        Assert.Equal(502, (int)response.StatusCode);
        Assert.Contains(servers.UnreachableUpstream, (await Http.JsonAsync(response)).GetProperty("error").GetProperty("message").GetString());
    }

    [Fact]
    public async Task Chat_UpstreamStalls_504AfterTimeout()
    {
        using var response = await Http.PostAsync(servers.InFront("stall") + "/v1/chat/completions", Http.Chat());
        var error = (await Http.JsonAsync(response)).GetProperty("error");

        Assert.Equal(504, (int)response.StatusCode);
        Assert.Equal("timeout", error.GetProperty("type").GetString());
    }

    [Fact]
    public async Task Chat_Upstream4xx_PassedThroughAsIs()
    {
        using var response = await Http.PostAsync(servers.InFront("reject") + "/v1/chat/completions", Http.Chat(",\"stream\":true"));

        Assert.Equal(400, (int)response.StatusCode);
        Assert.Equal(FaultUpstream.RejectBody, await response.Content.ReadAsStringAsync());
        Assert.DoesNotContain(ServerFixture.UpstreamKey, FaultUpstream.RejectBody + response.Headers);
    }

    [Fact]
    public async Task ChatStream_UpstreamDiesMidStream_ErrorEventThenStreamEnds()
    {
        using var response = await Http.PostAsync(servers.InFront("die") + "/v1/chat/completions", Http.Chat(",\"stream\":true"), option: HttpCompletionOption.ResponseHeadersRead);
        var reader = new StreamReader(await response.Content.ReadAsStreamAsync());
        var firstEvent = await reader.ReadLineAsync();
        servers.Upstream.LetDie();
        var events = Http.Events(firstEvent + "\n" + await reader.ReadToEndAsync());

        Assert.Equal(200, (int)response.StatusCode);
        Assert.Equal("partial", JsonDocument.Parse(events[0]).RootElement.GetProperty("choices")[0].GetProperty("delta").GetProperty("content").GetString());
        var error = JsonDocument.Parse(events[^1]).RootElement.GetProperty("error");
        Assert.Contains("upstream", error.GetProperty("message").GetString(), StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("[DONE]", events);
        await AssertStillServesAsync(servers.InFront("ok"));
    }

    [Fact]
    public async Task Chat_UpstreamDiesBeforeAnswerComplete_NonStreaming502()
    {
        using var response = await Http.PostAsync(servers.InFront("die") + "/v1/chat/completions", Http.Chat());

        Assert.Equal(502, (int)response.StatusCode);
        Assert.Equal("upstream_error", (await Http.JsonAsync(response)).GetProperty("error").GetProperty("type").GetString());
    }

    [Fact]
    public async Task Chat_EngineBug_500ServerErrorNotAHang()
    {
        using var response = await Http.PostAsync(servers.BuggyUrl + "/v1/chat/completions", Http.Chat());

        Assert.Equal(500, (int)response.StatusCode);
        Assert.Equal("server_error", (await Http.JsonAsync(response)).GetProperty("error").GetProperty("type").GetString());
    }

    [Fact]
    public async Task ChatStream_EngineBugMidStream_ErrorEventThenStreamEnds()
    {
        using var response = await Http.PostAsync(servers.BuggyUrl + "/v1/chat/completions", Http.Chat(",\"stream\":true"));
        var events = await Http.EventsAsync(response);

        Assert.Equal(2, events.Count(e => e.Contains("\"delta\"", StringComparison.Ordinal)));
        Assert.Equal("server_error", JsonDocument.Parse(events[^1]).RootElement.GetProperty("error").GetProperty("type").GetString());
        await AssertStillServesAsync(servers.BuggyUrl);
    }

    // Liveness: the process serves (readiness may say no replica is up, as for the unreachable upstream).
    private static async Task AssertStillServesAsync(string url)
    {
        using var health = await Http.Client.GetAsync(url + "/health/live");
        Assert.Equal(200, (int)health.StatusCode);
    }
}
