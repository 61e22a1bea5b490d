using Dynasor.Rewards;
using Dynasor.Server.Hosting;
using Dynasor.Server.Rewards;
using Dynasor.Server.Tests.Fakes;
using Dynasor.SimEngine;

namespace Dynasor.Server.Tests.Modes;

/// <summary>
/// A reward-guided program runs through the program-aware scheduler as sc does: its step requests pass the replica's
/// gate, and the placement's predicted work follows the program's own progress (knob left to its cap, shrunk by its
/// certaindex), not the stand-in cap it was opened with.
/// </summary>
public sealed class RewardSchedulingTests
{
    [Fact]
    public async Task Mcts_PredictedWorkFollowsTheProgramsProgress()
    {
        await using var sim = new SimulatedEngine(new SimEngineOptions { TimeScale = 0, ModelName = "m" }, TimeProvider.System);
        RunningServer? server = null;
        var seen = new List<(double Work, double MeanTokens)>();
        var rewards = new CountingRewards(new SimulatedRewardModel(sim))
        {
            // At each reward call (one per iteration), the step requests before it have left the gate and updated the work.
            OnCall = () =>
            {
                var replica = server!.Replicas.Replicas[0];
                lock (seen)
                    seen.Add((server.Replicas.PredictedWork(replica), replica.Gate.MeanTokensPerSample));
            },
        };
        server = await RunningServer.StartAsync(SimulatedServing.Serve(sim) with { Rewards = new ServedRewardModel("counting", "m", RewardKind.Prm, rewards) });
        await using var owned = server;

        using var response = await Http.PostAsync(server.Url + "/v1/chat/completions",
            Http.Chat(",\"seed\":1,\"dynasor\":{\"mode\":\"mcts\",\"iterations\":10,\"policy\":\"sc:n=10\"}", "What is 17*23?"));

        Assert.Equal(200, (int)response.StatusCode);
        Assert.Equal(10, rewards.Calls);
        // Before the first iteration is recorded the program has no progress: the whole cap at the gate's mean request length.
        Assert.Equal(10 * seen[0].MeanTokens, seen[0].Work, 6);
        // At the last, nine iterations in: one left, shrunk by the mean-reward certaindex. A stand-in that never
        // advances would still predict the whole cap (10 x the mean request length).
        Assert.True(seen[^1].Work < 0.25 * 10 * seen[^1].MeanTokens, $"predicted {seen[^1].Work} at the last iteration; the stand-in's {10 * seen[^1].MeanTokens}");
    }
}
