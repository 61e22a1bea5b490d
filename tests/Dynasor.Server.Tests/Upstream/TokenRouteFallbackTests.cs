using Dynasor.Server.Hosting;
using Dynasor.Server.Tests.Fakes;
using Dynasor.Server.Upstream;

namespace Dynasor.Server.Tests.Upstream;

/// <summary>An engine that refuses its own token routes (a gateway in front, a disabled route) still serves Dynasor-CoT, by prefill.</summary>
[Collection(ServerCollection.Name)]
public sealed class TokenRouteFallbackTests(ServerFixture servers)
{
    [Fact]
    public async Task Cot_LlamaCppDialectWithoutApplyTemplate_ContinuesByChat()
    {
        // The fault upstream answers chat but 404s /apply-template, as a gateway that passes only /v1 would.
        var upstream = new UpstreamEngine(new UpstreamOptions(new Uri(servers.Upstream.Url + "/ok/v1"), null, null, UpstreamProtocol.Chat, TimeSpan.FromSeconds(30),
            Dialect: "llamacpp").Validate(), new HttpClient(), TimeProvider.System);
        await using var dynasor = await RunningServer.StartAsync([ServedEngine.ForUpstream(upstream)]);

        using var response = await Http.PostAsync(dynasor.Url + "/v1/chat/completions", Http.Chat(",\"dynasor\":{\"mode\":\"cot\"}"));
        var body = await Http.JsonAsync(response);

        Assert.Equal(200, (int)response.StatusCode);
        Assert.Equal("The answer 42", body.GetProperty("choices")[0].GetProperty("message").GetProperty("content").GetString());
        Assert.Contains("\"messages\":[{\"role\":\"user\",\"content\":\"What is 6*7?\"}]", servers.Upstream.LastBody);
    }
}
