using Dynasor.Engines;
using Dynasor.Programs;
using Dynasor.Tests.Search;

namespace Dynasor.Tests.Programs;

public class RewardedSamplesTests
{
    /// <summary>Gives sample i the text of <c>texts[i]</c>.</summary>
    private sealed class TextEngine(params string[] texts) : IReasoningEngine
    {
        public int Requests { get; private set; }

        public ValueTask<Generation> GenerateAsync(GenerationRequest request, CancellationToken cancellationToken = default)
        {
            Requests++;
            return ValueTask.FromResult(new Generation(texts[request.Index], 7));
        }
    }

    [Fact]
    public async Task GenerateAsync_StepwiseSample_ScoresItsStepsAndKeepsTheLastReward()
    {
        var rewards = new ScriptedRewardModel(steps => steps.Count * 0.25);
        var samples = new RewardedSamples(new TextEngine("First.\n\nSecond.\n\nSo \\boxed{2}."), rewards, "Q?", "sys");
        var sample = await samples.GenerateAsync(new GenerationRequest("q", 0));
        Assert.Equal(0.75, sample.Reward);
        Assert.Equal(7, sample.Tokens);
        Assert.Equal(["First.", "Second.", "So \\boxed{2}."], rewards.Requests.Single().Steps);
        Assert.Equal(("Q?", "sys"), (rewards.Requests[0].Question, rewards.Requests[0].System));
        Assert.Equal(rewards.TokensRead, samples.RewardTokens);
    }

    [Fact]
    public async Task GenerateAsync_SameIndexTwice_ScoresOnce()
    {
        var rewards = new ScriptedRewardModel(_ => 0.4);
        var samples = new RewardedSamples(new TextEngine("\\boxed{1}"), rewards, "Q?");
        await samples.GenerateAsync(new GenerationRequest("q", 0));
        var again = await samples.GenerateAsync(new GenerationRequest("q", 0));
        Assert.Equal(0.4, again.Reward);
        Assert.Single(rewards.Requests);
    }

    [Fact]
    public async Task GenerateAsync_EmptySample_HasNoRewardAndNoCall()
    {
        var rewards = new ScriptedRewardModel(_ => 0.4);
        var sample = await new RewardedSamples(new TextEngine(""), rewards, "Q?").GenerateAsync(new GenerationRequest("q", 0));
        Assert.Null(sample.Reward);
        Assert.Empty(rewards.Requests);
    }

    [Fact]
    public async Task GenerateAsync_Cancelled_EndsTheRewardCall()
    {
        var open = new Countdown(1);
        var rewards = new ScriptedRewardModel(_ => 0.4)
        {
            Before = async (_, ct) =>
            {
                open.Hit();
                await Task.Delay(Timeout.Infinite, ct);
            },
        };
        using var cts = new CancellationTokenSource();
        var call = new RewardedSamples(new TextEngine("\\boxed{1}"), rewards, "Q?").GenerateAsync(new GenerationRequest("q", 0), cts.Token).AsTask();
        await open.Reached;
        await cts.CancelAsync();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => call);
        Assert.Equal((0, 1), (rewards.Open, rewards.Cancelled));
    }

    [Fact]
    public async Task GenerateAsync_RewardOutsideTheUnitInterval_IsAClearRewardModelError()
    {
        var samples = new RewardedSamples(new TextEngine("\\boxed{1}"), new ScriptedRewardModel(_ => 1.5), "Q?");
        var error = await Assert.ThrowsAsync<Dynasor.Rewards.RewardModelException>(() => samples.GenerateAsync(new GenerationRequest("q", 0)).AsTask());
        Assert.Equal("the reward model gave 1.5 for a 1-step solution; it must give one reward in [0, 1] per step", error.Message);
    }
}
