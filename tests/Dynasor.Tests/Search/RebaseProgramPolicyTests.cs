using Dynasor.Search;
using static Dynasor.Tests.Search.RebaseProgramTests;

namespace Dynasor.Tests.Search;

public class RebaseProgramPolicyTests
{
    [Fact]
    public async Task RunAsync_StaticPolicyFailsAtDetect_RunsASecondRoundOfTheRestOfTheCap()
    {
        // Answers alternate by seed: entropy certaindex 0 at detect = 2, below 0.99, so static grants the cap's other 3.
        var engine = new ScriptedStepEngine(call => $"so \\boxed{{{call.Seed % 2}}}");
        var program = new RebaseProgram(engine, new ScriptedRewardModel(_ => 0.5), Template, cap: 5, new SearchOptions());
        var grants = new List<int>();
        var result = await program.RunAsync(new RecordingPolicy(Policy("static:detect=2,threshold=0.99"), grants));
        Assert.Equal([2, 3], grants);
        Assert.Equal(5, result.Knob);
        // Every step boxes an answer: each round is its width of first steps, seeds 101-102 then 103-105.
        Assert.Equal(Enumerable.Range(101, 5).Select(s => (long)s), engine.Calls.Select(c => c.Seed).Order());
        Assert.All(engine.Calls, c => Assert.Empty(c.Steps));
        Assert.Equal(new Dictionary<string, int> { ["1"] = 3, ["0"] = 2 }, result.Votes);
    }

    [Theory]
    [InlineData(0.9, 2)]
    [InlineData(0.7, 6)]
    public async Task RunAsync_StaticWithMaxReward_StopsAtDetectOnlyWhenTheBestRewardPasses(double reward, int knob)
    {
        var engine = new ScriptedStepEngine(_ => "so \\boxed{5}");
        var program = new RebaseProgram(engine, new ScriptedRewardModel(_ => reward), Template, cap: 6, new SearchOptions());
        var result = await program.RunAsync(Policy("static:detect=2,threshold=0.5,max_reward=0.8"));
        Assert.Equal(knob, result.Knob);
        Assert.Equal(knob, engine.Calls.Count);
        Assert.Equal("5", result.AnswerKey);
    }

    [Fact]
    public async Task RunAsync_EvenPolicy_RunsOneRoundOfItsWidth()
    {
        var engine = new ScriptedStepEngine(call => call.Steps.Count == 0 ? "Start." : "so \\boxed{5}");
        var program = new RebaseProgram(engine, new ScriptedRewardModel(_ => 0.5), Template, cap: 40, new SearchOptions());
        var grants = new List<int>();
        var result = await program.RunAsync(new RecordingPolicy(Policy("sc:n=6"), grants));
        Assert.Equal([6, 0], grants);
        Assert.Equal(6, result.Knob);
        Assert.Equal(12, result.Steps);
    }

    [Fact]
    public async Task RunAsync_RequestsFinishInAnotherOrder_SameTreeAndAnswer()
    {
        static ScriptedStepEngine Engine(Func<long, int> yields) => new(call =>
            call.Steps.Count >= 2 || call.Seed % 5 == 0 ? $"so \\boxed{{{call.Seed % 3}}}" : $"Go {call.Seed % 7}.")
        {
            Before = async (call, _) =>
            {
                for (var i = 0; i < yields(call.Seed); i++)
                    await Task.Yield();
            },
        };
        static double Reward(IReadOnlyList<string> steps) => string.Concat(steps).Sum(c => c) % 97 / 97.0;

        var first = Engine(s => (int)(s % 4));
        var second = Engine(s => 3 - (int)(s % 4));
        var a = await new RebaseProgram(first, new ScriptedRewardModel(Reward), Template, 8, new SearchOptions()).RunAsync(Policy("sc:n=8"));
        var b = await new RebaseProgram(second, new ScriptedRewardModel(Reward), Template, 8, new SearchOptions()).RunAsync(Policy("sc:n=8"));

        Assert.Equal(first.Calls.ToDictionary(c => c.Seed, c => c.Request.AssistantPrefix), second.Calls.ToDictionary(c => c.Seed, c => c.Request.AssistantPrefix));
        Assert.Equal((a.AnswerKey, a.Text, a.Reward, a.Knob, a.Steps, a.UpstreamTokens, a.Certaindex), (b.AnswerKey, b.Text, b.Reward, b.Knob, b.Steps, b.UpstreamTokens, b.Certaindex));
        Assert.Equal(a.Votes, b.Votes);
        Assert.True(first.MaxOpen > 1, "a depth's steps run concurrently");
    }
}
