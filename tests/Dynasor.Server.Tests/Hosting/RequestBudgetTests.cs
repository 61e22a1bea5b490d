using Dynasor.Server.Hosting;
using Dynasor.Server.OpenAi;
using Dynasor.Server.Tests.Fakes;

namespace Dynasor.Server.Tests.Hosting;

/// <summary>One request's worst case is bounded before it runs; the refusal names the limit and the setting.</summary>
[Collection(ServerCollection.Name)]
public sealed class RequestBudgetTests(ServerFixture servers)
{
    [Fact]
    public async Task Sc_TheIssuesRunawayRequest_400NamingLimitAndSetting()
    {
        // The report behind this limit sent n 16 (now refused with sc in any case) x 1000 samples; one choice of 1000 is
        // already 1000 sequences and 16 million tokens.
        using var response = await Http.PostAsync(servers.Url + "/v1/chat/completions",
            Http.Chat(",\"dynasor\":{\"mode\":\"sc\",\"max_samples\":1000,\"policy\":\"sc:n=1000\"}"));
        var error = (await Http.JsonAsync(response)).GetProperty("error");

        Assert.Equal(400, (int)response.StatusCode);
        Assert.Equal(("request_too_large", "dynasor.max_samples"), (error.GetProperty("code").GetString(), error.GetProperty("param").GetString()));
        Assert.Contains("max_request_sequences", error.GetProperty("message").GetString());
        Assert.Contains("1000 sequences", error.GetProperty("message").GetString());
    }

    [Fact]
    public async Task Sc_DefaultRequest_FitsTheDefaultBudget()
    {
        Assert.Equal((40L, 40L * 16_384), RequestBudget.WorstCase(new OpenAiRequest(null, [], "", false, false, 1, 16_384, Engines.SamplingOptions.Default,
            new DynasorSettings(Mode: "sc"))));
        using var response = await Http.PostAsync(servers.Url + "/v1/chat/completions", Http.Chat(",\"dynasor\":{\"mode\":\"sc\",\"max_samples\":4}"));
        Assert.Equal(200, (int)response.StatusCode);
    }

    [Fact]
    public async Task Cot_TokensOverTheLimit_400NamingMaxTokensAndTheSetting()
    {
        await using var server = await RunningServer.StartAsync(new ScriptedEngine(), new ServerOptions(Limits: new RequestLimits(MaxRequestTokens: 1000)));

        using var refused = await Http.PostAsync(server.Url + "/v1/chat/completions", Http.Chat(",\"max_tokens\":960,\"dynasor\":{\"mode\":\"cot\",\"probe_interval\":64,\"probe_max_tokens\":20}"));
        using var fits = await Http.PostAsync(server.Url + "/v1/chat/completions", Http.Chat(",\"max_tokens\":700,\"dynasor\":{\"mode\":\"cot\",\"probe_interval\":64,\"probe_max_tokens\":20}"));
        var error = (await Http.JsonAsync(refused)).GetProperty("error");

        // 960 chain tokens + 15 probes x 20 = 1260 > 1000; 700 + 11 x 20 = 920 fits.
        Assert.Equal(400, (int)refused.StatusCode);
        Assert.Contains("1260", error.GetProperty("message").GetString());
        Assert.Contains("max_request_tokens", error.GetProperty("message").GetString());
        Assert.Equal(200, (int)fits.StatusCode);
    }
}
