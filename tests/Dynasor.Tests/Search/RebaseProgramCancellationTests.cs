using Dynasor.Rewards;
using Dynasor.Search;
using static Dynasor.Tests.Search.RebaseProgramTests;

namespace Dynasor.Tests.Search;

public class RebaseProgramCancellationTests
{
    [Fact]
    public async Task RunAsync_Cancelled_EndsEveryOpenStepRequestAndRewardCallBeforeThrowing()
    {
        // Width 4: seeds 101-102 stream at once and their reward calls hang; seeds 103-104 hang in the engine.
        var open = new Countdown(4);
        var engine = new ScriptedStepEngine(_ => "Start.")
        {
            Before = async (call, ct) =>
            {
                if (call.Seed > 102)
                {
                    open.Hit();
                    await Task.Delay(Timeout.Infinite, ct);
                }
            },
        };
        var rewards = new ScriptedRewardModel(_ => 0.5)
        {
            Before = async (_, ct) =>
            {
                open.Hit();
                await Task.Delay(Timeout.Infinite, ct);
            },
        };
        using var cts = new CancellationTokenSource();
        var run = new RebaseProgram(engine, rewards, Template, 4, new SearchOptions()).RunAsync(Policy("sc:n=4"), cancellationToken: cts.Token);
        await open.Reached;
        Assert.Equal((2, 2), (engine.Open, rewards.Open));
        await cts.CancelAsync();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => run);
        Assert.Equal((0, 0), (engine.Open, rewards.Open));
        Assert.All(engine.Calls.Where(c => c.Seed > 102), c => Assert.True(c.Cancelled));
        Assert.Equal(2, rewards.Cancelled);
    }

    [Fact]
    public async Task RunAsync_OneStepRequestFails_CancelsItsSiblingsAndThrowsTheFailureAfterTheyEnded()
    {
        var othersOpen = new Countdown(3);
        var engine = new ScriptedStepEngine(call => call.Seed == 101 ? throw new InvalidOperationException("upstream said 500") : "Start.")
        {
            Before = async (call, ct) =>
            {
                if (call.Seed == 101)
                {
                    await othersOpen.Reached;
                    return;
                }
                othersOpen.Hit();
                await Task.Delay(Timeout.Infinite, ct);
            },
        };
        var rewards = new ScriptedRewardModel(_ => 0.5);
        var run = new RebaseProgram(engine, rewards, Template, 4, new SearchOptions()).RunAsync(Policy("sc:n=4"));

        var error = await Assert.ThrowsAsync<InvalidOperationException>(() => run);
        Assert.Equal("upstream said 500", error.Message);
        Assert.Equal(0, engine.Open);
        Assert.All(engine.Calls.Where(c => c.Seed != 101), c => Assert.True(c.Cancelled));
    }

    [Fact]
    public async Task RunAsync_RewardModelFails_CancelsTheOtherCallsAndThrowsIt()
    {
        var othersOpen = new Countdown(3);
        var rewards = new ScriptedRewardModel(steps => steps[^1] == "bad" ? throw new RewardModelException("prm: 503") : 0.5)
        {
            Before = async (request, ct) =>
            {
                if (request.Steps[^1] == "bad")
                {
                    await othersOpen.Reached;
                    return;
                }
                othersOpen.Hit();
                await Task.Delay(Timeout.Infinite, ct);
            },
        };
        var engine = new ScriptedStepEngine(call => call.Seed == 103 ? "bad" : "fine");
        var run = new RebaseProgram(engine, rewards, Template, 4, new SearchOptions()).RunAsync(Policy("sc:n=4"));

        await Assert.ThrowsAsync<RewardModelException>(() => run);
        Assert.Equal((0, 0), (engine.Open, rewards.Open));
        Assert.Equal(3, rewards.Cancelled);
    }
}
