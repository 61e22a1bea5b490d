using System.Text.Json;
using Dynasor.Server.Hosting;
using Dynasor.Server.Rewards;
using Dynasor.Server.Tests.Fakes;

namespace Dynasor.Server.Tests.Hosting;

/// <summary>
/// The reward modes scoring over HTTP: Dynasor (the simulated engine in process) with a reward upstream that is the
/// bare simulated engine's server, which serves the same engine's PRM at <c>/pooling</c> and <c>/classify</c>, as vLLM would.
/// </summary>
[Collection(ServerCollection.Name)]
public sealed class RewardUpstreamTests(ServerFixture servers)
{
    private static readonly HttpClient RewardHttp = new() { Timeout = Timeout.InfiniteTimeSpan };

    [Theory]
    [InlineData(RewardKind.Prm, "rebase")]
    [InlineData(RewardKind.Prm, "mcts")]
    [InlineData(RewardKind.Outcome, "bon")]
    public async Task Chat_RewardUpstream_ScoresOverHttpAndHealthNamesIt(RewardKind kind, string mode)
    {
        var rewards = ServedRewardModel.ForUpstream(new RewardUpstreamSpec(servers.SimUrl + "/v1", Kind: kind), null, RewardHttp);
        await using var server = await RunningServer.StartAsync(SimulatedServing.Serve(servers.Sim) with { Rewards = rewards });

        using var response = await Http.PostAsync(server.Url + "/v1/chat/completions", Http.Chat($",\"seed\":2,\"dynasor\":{{\"mode\":\"{mode}\",\"width\":4,\"iterations\":3,\"max_samples\":3}}"));
        var body = await Http.JsonAsync(response);
        using var health = JsonDocument.Parse(await Http.Client.GetStringAsync(server.Url + "/health"));

        Assert.Equal(200, (int)response.StatusCode);
        Assert.True(body.GetProperty("dynasor").GetProperty("reward_tokens").GetInt64() > 0);
        Assert.InRange(body.GetProperty("dynasor").GetProperty("reward").GetDouble(), 0, 1);
        var reward = health.RootElement.GetProperty("reward_model");
        Assert.Equal((servers.SimUrl + "/v1", kind == RewardKind.Prm ? "prm" : "outcome", "up"),
            (reward.GetProperty("upstream").GetString(), reward.GetProperty("kind").GetString(), reward.GetProperty("state").GetString()));
    }

    [Fact]
    public async Task Chat_SameSeedInProcessAndOverHttp_SameRewardAndAnswer()
    {
        var overHttp = ServedRewardModel.ForUpstream(new RewardUpstreamSpec(servers.SimUrl + "/v1", "m"), null, RewardHttp);
        await using var server = await RunningServer.StartAsync(SimulatedServing.Serve(servers.Sim) with { Rewards = overHttp });
        var request = Http.Chat(",\"seed\":9,\"dynasor\":{\"mode\":\"rebase\",\"width\":6}");

        using var remote = await Http.PostAsync(server.Url + "/v1/chat/completions", request);
        using var local = await Http.PostAsync(servers.InstantDynasorUrl + "/v1/chat/completions", request);
        var (a, b) = (await Http.JsonAsync(remote), await Http.JsonAsync(local));

        // The PRM over HTTP is the in-process one behind vLLM's format: the same search, to the reward.
        Assert.Equal(b.GetProperty("choices")[0].GetProperty("message").GetProperty("content").GetString(), a.GetProperty("choices")[0].GetProperty("message").GetProperty("content").GetString());
        Assert.Equal(b.GetProperty("dynasor").GetProperty("reward").GetDouble(), a.GetProperty("dynasor").GetProperty("reward").GetDouble(), 9);
        Assert.Equal(b.GetProperty("dynasor").GetProperty("reward_tokens").GetInt64(), a.GetProperty("dynasor").GetProperty("reward_tokens").GetInt64());
    }

    [Fact]
    public async Task Health_SimulatedEngine_NamesItsSimulatedPrm()
    {
        using var health = JsonDocument.Parse(await Http.Client.GetStringAsync(servers.InstantDynasorUrl + "/health"));

        var reward = health.RootElement.GetProperty("reward_model");
        Assert.Equal(("simulated", "prm", "m"), (reward.GetProperty("upstream").GetString(), reward.GetProperty("kind").GetString(), reward.GetProperty("model").GetString()));
    }

    [Fact]
    public async Task Health_HttpUpstreamWithoutRewardModel_HasNoRewardModel()
    {
        using var health = JsonDocument.Parse(await Http.Client.GetStringAsync(servers.InFront("ok") + "/health"));

        Assert.False(health.RootElement.TryGetProperty("reward_model", out _));
    }
}
