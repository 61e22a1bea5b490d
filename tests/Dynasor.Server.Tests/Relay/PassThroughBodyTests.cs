using Dynasor.Server.Hosting;
using Dynasor.Server.Tests.Fakes;
using Dynasor.Server.Upstream;

namespace Dynasor.Server.Tests.Relay;

/// <summary>What reaches an HTTP engine in mode off: content parts of any kind as sent, and a client's alias mapped.</summary>
[Collection(ServerCollection.Name)]
public sealed class PassThroughBodyTests(ServerFixture servers)
{
    [Fact]
    public async Task Off_ImageAndToolHistory_ReachTheEngineAsSent()
    {
        var body = "{\"model\":\"m\",\"messages\":[{\"role\":\"user\",\"content\":[{\"type\":\"text\",\"text\":\"What is this?\"},"
            + "{\"type\":\"image_url\",\"image_url\":{\"url\":\"data:image/png;base64,iVBORw0KGgo=\",\"detail\":\"low\"}}]},"
            + "{\"role\":\"assistant\",\"content\":null,\"tool_calls\":[{\"id\":\"call_1\",\"type\":\"function\",\"function\":{\"name\":\"f\",\"arguments\":\"{}\"}}]},"
            + "{\"role\":\"tool\",\"tool_call_id\":\"call_1\",\"content\":\"sunny\"}],\"max_tokens\":5}";

        using var response = await Http.PostAsync(servers.InFront("ok") + "/v1/chat/completions", body);

        Assert.Equal(200, (int)response.StatusCode);
        Assert.Equal(body, servers.Upstream.LastBody);
    }

    [Fact]
    public async Task Off_ConfiguredAlias_EngineGetsItsOwnName()
    {
        var upstream = new UpstreamEngine(new UpstreamOptions(new Uri(servers.Upstream.Url + "/ok/v1"), null, null, UpstreamProtocol.Chat, TimeSpan.FromSeconds(30)).Validate(),
            new HttpClient(), TimeProvider.System);
        await using var dynasor = await RunningServer.StartAsync([ServedEngine.ForUpstream(upstream)],
            new ServerOptions(ModelAliases: new Dictionary<string, string> { ["gpt-4o"] = "up-model" }));

        using var response = await Http.PostAsync(dynasor.Url + "/v1/chat/completions", "{\"model\":\"gpt-4o\",\"messages\":[{\"role\":\"user\",\"content\":\"q\"}]}");
        var models = await Http.JsonAsync(await Http.Client.GetAsync(dynasor.Url + "/v1/models"));

        Assert.Equal(200, (int)response.StatusCode);
        Assert.Equal("{\"model\":\"up-model\",\"messages\":[{\"role\":\"user\",\"content\":\"q\"}]}", servers.Upstream.LastBody);
        Assert.Contains(models.GetProperty("data").EnumerateArray(), m => m.GetProperty("id").GetString() == "gpt-4o");
    }
}
