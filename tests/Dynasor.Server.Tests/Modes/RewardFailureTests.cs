using System.Text.Json;
using Dynasor.Rewards;
using Dynasor.Server.Hosting;
using Dynasor.Server.Rewards;
using Dynasor.Server.Tests.Fakes;
using Dynasor.SimEngine;

namespace Dynasor.Server.Tests.Modes;

/// <summary>
/// A reward model that fails or cannot be reached is a 502 naming it and the fix, never a 500; the server keeps serving.
/// A server with an HTTP upstream and no reward model refuses the reward modes with a 400 that names the flag to add.
/// </summary>
[Collection(ServerCollection.Name)]
public sealed class RewardFailureTests(ServerFixture servers)
{
    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task Chat_RewardModelFails_502NamingItThenTheServerStillServes(bool stream)
    {
        await using var sim = new SimulatedEngine(new SimEngineOptions { TimeScale = 0, ModelName = "m" }, TimeProvider.System);
        var failing = new CountingRewards(new SimulatedRewardModel(sim)) { Failure = "The reward model at http://prm.test:8000/pooling answered 500 (boom); check the reward model server's log." };
        await using var server = await RunningServer.StartAsync(SimulatedServing.Serve(sim) with { Rewards = new ServedRewardModel("http://prm.test:8000/v1", null, RewardKind.Prm, failing) });

        using var response = await Http.PostAsync(server.Url + "/v1/chat/completions", Http.Chat($",\"stream\":{(stream ? "true" : "false")},\"dynasor\":{{\"mode\":\"bon\",\"max_samples\":2}}"));
        var error = (await Http.JsonAsync(response)).GetProperty("error");
        using var after = await Http.PostAsync(server.Url + "/v1/chat/completions", Http.Chat(",\"dynasor\":{\"mode\":\"sc\",\"max_samples\":2}"));
        using var health = JsonDocument.Parse(await Http.Client.GetStringAsync(server.Url + "/health"));

        Assert.Equal(502, (int)response.StatusCode);
        Assert.Equal(("upstream_error", "reward_model_failed"), (error.GetProperty("type").GetString(), error.GetProperty("code").GetString()));
        Assert.Contains("http://prm.test:8000", error.GetProperty("message").GetString());
        Assert.Contains("check the reward model server's log", error.GetProperty("message").GetString());
        Assert.Equal(200, (int)after.StatusCode);
        var reward = health.RootElement.GetProperty("reward_model");
        Assert.Equal(("http://prm.test:8000/v1", "down"), (reward.GetProperty("upstream").GetString(), reward.GetProperty("state").GetString()));
        Assert.Contains("boom", reward.GetProperty("error").GetString());
    }

    [Fact]
    public async Task Chat_RewardUpstreamUnreachable_502NamingTheUrlAndTheFlag()
    {
        await using var sim = new SimulatedEngine(new SimEngineOptions { TimeScale = 0, ModelName = "m" }, TimeProvider.System);
        using var http = new HttpClient { Timeout = Timeout.InfiniteTimeSpan };
        var unreachable = ServedRewardModel.ForUpstream(new RewardUpstreamSpec(servers.UnreachableUpstream, "prm"), null, http);
        await using var server = await RunningServer.StartAsync(SimulatedServing.Serve(sim) with { Rewards = unreachable });

        using var response = await Http.PostAsync(server.Url + "/v1/chat/completions", Http.Chat(",\"dynasor\":{\"mode\":\"rebase\",\"width\":2}"));
        var message = (await Http.JsonAsync(response)).GetProperty("error").GetProperty("message").GetString();

        Assert.Equal(502, (int)response.StatusCode);
        Assert.Contains(servers.UnreachableUpstream.Replace("/v1", ""), message);
        Assert.Contains("--reward-upstream", message);
        Assert.Equal(0, sim.OpenRequests);
    }

    [Theory]
    [InlineData("rebase")]
    [InlineData("mcts")]
    [InlineData("bon")]
    [InlineData("wsc")]
    public async Task Chat_HttpUpstreamWithoutRewardModel_400NamingTheFix(string mode)
    {
        using var response = await Http.PostAsync(servers.InFront("ok") + "/v1/chat/completions", Http.Chat($",\"dynasor\":{{\"mode\":\"{mode}\"}}"));
        var error = (await Http.JsonAsync(response)).GetProperty("error");

        Assert.Equal(400, (int)response.StatusCode);
        Assert.Equal(("dynasor.mode", "reward_model_missing"), (error.GetProperty("param").GetString(), error.GetProperty("code").GetString()));
        Assert.Contains("--reward-upstream", error.GetProperty("message").GetString());
    }
}
