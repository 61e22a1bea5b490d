using Dynasor.Engines;
using Dynasor.Policies;
using Dynasor.Rewards;
using Dynasor.Search;

namespace Dynasor.Tests.Search;

public class RebaseProgramTests
{
    internal static readonly ContinuationRequest Template = new([new ChatTurn("user", "Q?")], "", 999, new SamplingOptions(Temperature: 0.7, Seed: 100));

    internal static IAllocationPolicy Policy(string spec) => PolicyCatalog.Create(PolicyCatalog.Parse(spec));

    /// <summary>
    /// Node i's step has seed 100 + i (root 0). Depth 1 (seeds 101-104): a boxed 5 (reward 0.9) and three openings A, B, C
    /// (0.8, 0.2, 0.2). At T = 1 the 3 units of width left split as [2, 1, 0]: A gets seeds 105, 106 and B gets 107, all
    /// boxing 7 with reward 0.2.
    /// </summary>
    private static readonly Dictionary<long, (string Step, double Reward)> ByHand = new()
    {
        [101] = ("x = 5, so \\boxed{5}", 0.9), [102] = ("Try A.", 0.8), [103] = ("Try B.", 0.2), [104] = ("Try C.", 0.2),
        [105] = ("A gives \\boxed{7}", 0.2), [106] = ("A again gives \\boxed{7}", 0.2), [107] = ("B gives \\boxed{7}", 0.2),
    };

    private static ScriptedRewardModel RewardsByLastStep(IReadOnlyDictionary<long, (string Step, double Reward)> script) =>
        new(steps => script.Values.First(s => s.Step == steps[^1]).Reward);

    [Fact]
    public async Task RunAsync_OneRoundByHand_SplitsTheWidthAndTheRewardWeightedVoteBeatsTheMajority()
    {
        var engine = new ScriptedStepEngine(call => ByHand[call.Seed].Step);
        var rewards = RewardsByLastStep(ByHand);
        var program = new RebaseProgram(engine, rewards, Template, cap: 4, new SearchOptions(BalanceTemperature: 1.0));
        var result = await program.RunAsync(Policy("sc:n=4"));

        Assert.Equal(Enumerable.Range(101, 7).Select(s => (long)s), engine.Calls.Select(c => c.Seed).Order());
        Assert.All(engine.Calls.Where(c => c.Seed <= 104), c => Assert.Empty(c.Steps));
        Assert.Equal(["Try A.", "Try A.", "Try B."], engine.Calls.Where(c => c.Seed > 104).OrderBy(c => c.Seed).Select(c => c.Steps.Single()));
        // Three paths say 7 (reward 0.2 each, 0.6 in all), one says 5 (0.9): the reward-weighted vote picks 5.
        Assert.Equal("5", result.Answer);
        Assert.Equal("5", result.AnswerKey);
        Assert.Equal("x = 5, so \\boxed{5}", result.Text);
        Assert.Equal(0.9, result.Reward);
        Assert.Equal(new Dictionary<string, int> { ["5"] = 1, ["7"] = 3 }, result.Votes);
        Assert.Equal(4, result.Knob);
        Assert.Equal(7, result.Steps);
        Assert.Equal(7, result.Nodes);
        Assert.Equal("rebase", result.Program);
        Assert.Equal("stop", result.FinishReason);
        // Entropy certaindex of a 1/3 split of 4: (ln 4 - H) / ln 4.
        var h = -(0.25 * Math.Log(0.25) + 0.75 * Math.Log(0.75));
        Assert.Equal((Math.Log(4) - h) / Math.Log(4), result.Certaindex, 12);
    }

    [Fact]
    public async Task RunAsync_Accounting_UpstreamTokensAreTheEnginesAndRewardTokensAreApart()
    {
        var engine = new ScriptedStepEngine(call => ByHand[call.Seed].Step) { PromptTokens = 42 };
        var rewards = RewardsByLastStep(ByHand);
        var program = new RebaseProgram(engine, rewards, Template, cap: 4, new SearchOptions(BalanceTemperature: 1.0));
        var result = await program.RunAsync(Policy("sc:n=4"));

        Assert.Equal(engine.TokensSent, result.UpstreamTokens);
        Assert.Equal(engine.TokensSent, program.Progress.Tokens);
        Assert.Equal(rewards.TokensRead, result.RewardTokens);
        Assert.Equal(rewards.Requests.Sum(ScriptedRewardModel.TokensOf), result.RewardTokens);
        Assert.Equal(7, rewards.Requests.Count);
        Assert.Equal(42, result.PromptTokens);
    }

    [Fact]
    public async Task RunAsync_StepRequests_ContinueThePathWithOneStepEach()
    {
        var engine = new ScriptedStepEngine(call => ByHand[call.Seed].Step);
        var rewards = RewardsByLastStep(ByHand);
        await new RebaseProgram(engine, rewards, Template, 4, new SearchOptions(StepTokens: 64, BalanceTemperature: 1.0)).RunAsync(Policy("sc:n=4"));

        Assert.All(engine.Calls, c =>
        {
            Assert.Equal([new ChatTurn("system", SolutionSteps.SystemPrompt), new ChatTurn("user", "Q?")], c.Request.Messages);
            Assert.Equal(64, c.Request.MaxTokens);
            Assert.Equal(["\n\n"], c.Request.Sampling.Stop);
            Assert.Equal(0.7, c.Request.Sampling.Temperature);
            Assert.False(c.Request.Continued);
            Assert.Equal(c.Steps.Count == 0 ? "" : SolutionSteps.Join(c.Steps) + "\n\n", c.Request.AssistantPrefix);
        });
        Assert.All(rewards.Requests, r => Assert.Equal(("Q?", SolutionSteps.SystemPrompt), (r.Question, r.System)));
        Assert.Contains(rewards.Requests, r => r.Steps.SequenceEqual(["Try A.", "A gives \\boxed{7}"]));
    }

    [Fact]
    public async Task RunAsync_ConversationHasASystemTurn_KeepsIt()
    {
        var template = Template with { Messages = [new ChatTurn("system", "Be brief, step by step."), new ChatTurn("user", "Q?")] };
        var engine = new ScriptedStepEngine(_ => "\\boxed{1}");
        var rewards = new ScriptedRewardModel(_ => 0.5);
        await new RebaseProgram(engine, rewards, template, 2, new SearchOptions()).RunAsync(Policy("sc:n=2"));
        Assert.All(engine.Calls, c => Assert.Equal(template.Messages, c.Request.Messages));
        Assert.All(rewards.Requests, r => Assert.Equal("Be brief, step by step.", r.System));
    }

    [Fact]
    public async Task RunAsync_NoPathBoxesAnAnswer_MaxDepthEndsEveryPath()
    {
        var engine = new ScriptedStepEngine(call => $"keep going, step {new string('i', call.Steps.Count + 1)}.");
        var rewards = new ScriptedRewardModel(_ => 0.5);
        var result = await new RebaseProgram(engine, rewards, Template, 3, new SearchOptions(MaxDepth: 2)).RunAsync(Policy("sc:n=3"));
        Assert.Equal(6, result.Steps);
        Assert.All(engine.Calls, c => Assert.InRange(c.Steps.Count, 0, 1));
        Assert.Equal(3, result.Knob);
        Assert.Null(result.AnswerKey);
        Assert.Empty(result.Votes);
        Assert.Equal("keep going, step i.\n\nkeep going, step ii.", result.Text);
        Assert.Equal("length", result.FinishReason);
    }

    [Fact]
    public async Task RunAsync_EmptyStep_EndsThePathWithItsParentsRewardAndNoRewardCall()
    {
        // Seed 101 opens, seed 102 ends its turn at once; 101's child (103) ends its turn too.
        var engine = new ScriptedStepEngine(call => call.Seed == 101 ? "Think about 3." : "");
        var rewards = new ScriptedRewardModel(_ => 0.6);
        var program = new RebaseProgram(engine, rewards, Template, 2, new SearchOptions());
        var result = await program.RunAsync(Policy("sc:n=2"));
        Assert.Equal(3, result.Steps);
        Assert.Single(rewards.Requests);
        Assert.Equal(2, result.Knob);
        // The path that ended after "Think about 3." answers with its last step (its last number); the other has no step.
        Assert.Equal("3", result.AnswerKey);
        Assert.Equal(0.6, result.Reward);
        Assert.Equal([0.6], program.Progress.Rewards.ToArray());
    }
}
