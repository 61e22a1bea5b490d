using Dynasor.Rewards;
using Dynasor.Server.Hosting;
using Dynasor.Server.Rewards;
using Dynasor.Server.Tests.Fakes;
using Dynasor.SimEngine;

namespace Dynasor.Server.Tests.Modes;

/// <summary>
/// A client that disconnects in the middle of a reward-guided program cancels every step request and every reward call
/// it caused: the simulated engine (at five times its real pace, still taking tens of milliseconds a step) and a reward model that holds its calls open both drain to zero.
/// </summary>
public sealed class RewardCancellationTests
{
    [Theory]
    [InlineData("rebase", false)]
    [InlineData("rebase", true)]
    [InlineData("mcts", false)]
    [InlineData("wsc", false)]
    public async Task Chat_ClientDisconnectsMidProgram_NoStepRequestOrRewardCallLeftOpen(string mode, bool stream)
    {
        await using var sim = new SimulatedEngine(new SimEngineOptions { ModelName = "m", TimeScale = 0.2 }, TimeProvider.System);
        // Every reward call waits until it is cancelled: the program is stuck mid-way until the client leaves.
        var rewards = new CountingRewards(new SimulatedRewardModel(sim)) { Hold = true };
        await using var server = await RunningServer.StartAsync(SimulatedServing.Serve(sim) with { Rewards = new ServedRewardModel("counting", "m", RewardKind.Prm, rewards) });
        using var leave = new CancellationTokenSource();

        var request = Http.PostAsync(server.Url + "/v1/chat/completions",
            Http.Chat($",\"stream\":{(stream ? "true" : "false")},\"dynasor\":{{\"mode\":\"{mode}\",\"width\":8,\"max_samples\":8}}", "What is 17*23?"),
            option: HttpCompletionOption.ResponseHeadersRead, cancellationToken: leave.Token);
        // Rebase and wsc run siblings at once: some steps still generate while others' reward calls wait; MCTS runs one at a time.
        await RunningServer.UntilAsync(() => rewards.Open > 0 && (mode == "mcts" || sim.OpenRequests > 0), "a reward call is open (and, but for MCTS, a step request too)");
        leave.Cancel();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => request);
        // The gate gets a request's slot back just after the engine's stream has closed.
        var gate = server.Replicas.Replicas[0].Gate;
        await RunningServer.UntilAsync(() => sim.OpenRequests == 0 && rewards.Open == 0 && gate.InFlight == 0, "every step request and reward call has ended");
        Assert.Equal((0, 0, 0, 0), (sim.OpenRequests, rewards.Open, gate.InFlight, gate.Waiting));
    }
}
