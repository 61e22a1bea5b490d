using System.Text.Json;
using Dynasor.Server.Tests.Fakes;

namespace Dynasor.Server.Tests.Modes;

/// <summary><c>mode: cot</c> and <c>mode: sc</c> through the server, on the instant simulated engine.</summary>
[Collection(ServerCollection.Name)]
public sealed class ModeTests(ServerFixture servers)
{
    private const string Question = "What is 17*23?";

    private async Task<JsonElement> ChatAsync(string dynasor, string extra = "")
    {
        // The instant engine behind a Dynasor in process: a second server over the same SimulatedEngine.
        using var response = await Http.PostAsync(servers.InstantDynasorUrl + "/v1/chat/completions", Http.Chat($",\"seed\":5,\"dynasor\":{dynasor}{extra}", Question));
        var body = await Http.JsonAsync(response);
        Assert.True(response.IsSuccessStatusCode, body.ToString());
        return body;
    }

    [Fact]
    public async Task Chat_CotMode_ProbesAndCountsUpstreamTokensBeyondUsage()
    {
        var body = await ChatAsync("{\"mode\":\"cot\",\"effort\":\"mid\"}");
        var dynasor = body.GetProperty("dynasor");

        Assert.Equal("cot", dynasor.GetProperty("mode").GetString());
        Assert.True(dynasor.GetProperty("probes").GetInt32() > 0);
        // Probe tokens are generated upstream but never sent: upstream tokens exceed what the client got.
        Assert.True(dynasor.GetProperty("upstream_tokens").GetInt64() > body.GetProperty("usage").GetProperty("completion_tokens").GetInt64());
        if (dynasor.GetProperty("exited_early").GetBoolean())
            Assert.Contains("\\boxed{", body.GetProperty("choices")[0].GetProperty("message").GetProperty("content").GetString());
    }

    [Fact]
    public async Task ChatStream_CotMode_LastChunkCarriesDynasorObject()
    {
        using var response = await Http.PostAsync(servers.InstantDynasorUrl + "/v1/chat/completions",
            Http.Chat(",\"stream\":true,\"dynasor\":{\"mode\":\"cot\",\"effort\":\"crazy\"}", Question));
        var events = await Http.EventsAsync(response);

        var last = JsonDocument.Parse(events[^2]).RootElement;
        Assert.Equal("[DONE]", events[^1]);
        Assert.Equal("cot", last.GetProperty("dynasor").GetProperty("mode").GetString());
        Assert.Equal("stop", last.GetProperty("choices")[0].GetProperty("finish_reason").GetString());
    }

    [Fact]
    public async Task Chat_ScMode_VotesSumToSamplesAndUpstreamCountsEverySample()
    {
        var body = await ChatAsync("{\"mode\":\"sc\",\"policy\":\"sc:n=5\",\"max_samples\":5}", ",\"max_tokens\":4000");
        var dynasor = body.GetProperty("dynasor");

        Assert.Equal("sc", dynasor.GetProperty("mode").GetString());
        Assert.True(dynasor.GetProperty("votes").EnumerateObject().Sum(v => v.Value.GetInt32()) <= 5);
        Assert.True(dynasor.GetProperty("upstream_tokens").GetInt64() > body.GetProperty("usage").GetProperty("completion_tokens").GetInt64());
        Assert.False(dynasor.GetProperty("exited_early").GetBoolean());
    }

    [Theory]
    [InlineData("{\"mode\":\"sc\",\"policy\":\"nonsense:x=1\"}")]
    [InlineData("{\"mode\":\"sc\",\"policy\":\"@../../etc/passwd\"}")]
    [InlineData("{\"mode\":\"sc\",\"policy\":\"@missing-policy.json\"}")]
    public async Task Chat_ScModeBadPolicy_400NamingPolicy(string dynasor)
    {
        using var response = await Http.PostAsync(servers.InstantDynasorUrl + "/v1/chat/completions", Http.Chat($",\"dynasor\":{dynasor}"));

        var error = (await Http.JsonAsync(response)).GetProperty("error");

        Assert.Equal(400, (int)response.StatusCode);
        Assert.Equal("dynasor.policy", error.GetProperty("param").GetString());
        // The server's own paths stay on the server.
        Assert.DoesNotContain(Environment.CurrentDirectory, error.GetProperty("message").GetString());
        Assert.DoesNotContain("/work", error.GetProperty("message").GetString());
    }
}
