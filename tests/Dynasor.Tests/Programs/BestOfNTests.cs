using Dynasor.Certainty;
using Dynasor.Engines;
using Dynasor.Policies;
using Dynasor.Programs;
using Dynasor.Rewards;
using Dynasor.Tests.Search;

namespace Dynasor.Tests.Programs;

public class BestOfNTests
{
    private static readonly ContinuationRequest Request = new([new ChatTurn("user", "6 x 7?")], "", 256, new SamplingOptions(Seed: 0));

    private static IAllocationPolicy Policy(string spec) => PolicyCatalog.Create(PolicyCatalog.Parse(spec));

    /// <summary>Seeds 0-5 answer 7, 7, 3, 7, 7, 7; the reward model likes 3 (0.95) more than 7 (0.5).</summary>
    private static SeededAnswerEngine Engine() => new(s => s == 2 ? "3" : "7");

    private static ScriptedRewardModel Rewards() => new(steps => steps[^1].Contains("{3}", StringComparison.Ordinal) ? 0.95 : 0.5);

    [Fact]
    public async Task RunAsync_BestReward_PicksTheBestRewardedSampleOverTheMajority()
    {
        var engine = Engine();
        var rewards = Rewards();
        var result = await BestOfN.RunAsync(engine, rewards, Request, Policy("sc:n=6"), new ScOptions(), AnswerRule.BestReward);
        Assert.Equal("bon", result.Program);
        Assert.Equal("3", result.Answer);
        Assert.Equal("Working it out: \\boxed{3}", result.Text);
        Assert.Equal(0.95, result.Reward);
        Assert.Equal(0.95, result.Certaindex);
        Assert.Equal(new Dictionary<string, int> { ["7"] = 5, ["3"] = 1 }, result.Votes);
        Assert.Equal((6, 6, 0), (result.Knob, result.Steps, result.Nodes));
        Assert.Equal(24, result.UpstreamTokens);
        Assert.Equal(rewards.TokensRead, result.RewardTokens);
        Assert.Equal(6, rewards.Requests.Count);
        Assert.Equal("stop", result.FinishReason);
    }

    [Fact]
    public async Task RunAsync_RewardWeighted_PicksTheAnswerWithTheMostRewardAndReportsItsShare()
    {
        var result = await BestOfN.RunAsync(Engine(), Rewards(), Request, Policy("sc:n=6"), new ScOptions(), AnswerRule.RewardWeighted);
        Assert.Equal("wsc", result.Program);
        // 7: five samples at 0.5 = 2.5 against 3: 0.95.
        Assert.Equal("7", result.Answer);
        Assert.Equal(0.5, result.Reward);
        Assert.Equal(2.5 / 3.45, result.Certaindex, 12);
    }

    [Fact]
    public async Task RunAsync_NoSystemTurn_AsksForStepsAndTellsTheRewardModel()
    {
        var engine = Engine();
        var rewards = Rewards();
        await BestOfN.RunAsync(engine, rewards, Request, Policy("sc:n=2"), new ScOptions(), AnswerRule.BestReward);
        Assert.All(engine.Requests, r => Assert.Equal([new ChatTurn("system", SolutionSteps.SystemPrompt), new ChatTurn("user", "6 x 7?")], r.Messages));
        Assert.All(rewards.Requests, r => Assert.Equal(("6 x 7?", SolutionSteps.SystemPrompt), (r.Question, r.System)));
    }

    [Theory]
    [InlineData("3", 2)]
    [InlineData("7", 40)]
    public async Task RunAsync_StaticWithMaxReward_StopsAtDetectOnlyWhenTheBestRewardPasses(string answer, int samples)
    {
        // Every sample answers the same: 3 is rewarded 0.95 (passes max_reward 0.9), 7 only 0.5 (runs to the cap of 40).
        var engine = new SeededAnswerEngine(_ => answer);
        var result = await BestOfN.RunAsync(engine, Rewards(), Request, Policy("static:detect=2,threshold=0.5,max_reward=0.9"), new ScOptions(), AnswerRule.BestReward);
        Assert.Equal(samples, result.Knob);
        Assert.Equal(samples, engine.Requests.Count);
        Assert.Equal(answer, result.AnswerKey);
    }

    [Fact]
    public async Task RunAsync_MajorityRule_IsRefusedWithTheFix()
    {
        var error = await Assert.ThrowsAsync<ArgumentException>(() => BestOfN.RunAsync(Engine(), Rewards(), Request, Policy("sc:n=2"), new ScOptions(), AnswerRule.Majority));
        Assert.Contains("use BestReward (best-of-N) or RewardWeighted", error.Message);
    }
}
