using Dynasor.Rewards;
using Dynasor.Search;
using static Dynasor.Tests.Search.RebaseProgramTests;

namespace Dynasor.Tests.Search;

public class MctsProgramTests
{
    /// <summary>
    /// ExpansionWidth 2, c = 1. Iteration 1 expands the root into "Try A." (node 1) and rolls out to "A: \boxed{7}" (node 2),
    /// reward 0.8. Iteration 2: the root has one child, so it gets a second, "\boxed{5} at once" (node 3), reward 0.4.
    /// Iteration 3: UCT at the root (N = 2) gives node 1 0.8 + sqrt(ln 2) = 1.633 and node 3 0.4 + 0.833 = 1.233, so node 1,
    /// which has one child and gets a second, "A: \boxed{9}" (node 4), reward 0.2. Iteration 4: at the root (N = 3) node 1
    /// scores 0.5 + sqrt(ln 3 / 2) = 1.241 and node 3 0.4 + sqrt(ln 3) = 1.448: node 3 is terminal, so its path is revisited
    /// without a request.
    /// </summary>
    private static readonly Dictionary<long, (string Step, double Reward)> ByHand = new()
    {
        [101] = ("Try A.", 0.5), [102] = ("A: \\boxed{7}", 0.8), [103] = ("\\boxed{5} at once", 0.4), [104] = ("A: \\boxed{9}", 0.2),
    };

    private static (MctsProgram Program, ScriptedStepEngine Engine, ScriptedRewardModel Rewards) ByHandProgram()
    {
        var engine = new ScriptedStepEngine(call => ByHand[call.Seed].Step);
        var rewards = new ScriptedRewardModel(steps => ByHand.Values.First(s => s.Step == steps[^1]).Reward);
        return (new MctsProgram(engine, rewards, Template, cap: 10, new SearchOptions(Exploration: 1.0, ExpansionWidth: 2)), engine, rewards);
    }

    [Fact]
    public async Task RunAsync_FourIterationsByHand_BacksUpEachPathsRewardAlongIt()
    {
        var (program, engine, rewards) = ByHandProgram();
        await program.RunAsync(Policy("sc:n=4"));

        var root = program.Root;
        var (a, five) = (root.Children[0], root.Children[1]);
        var (seven, nine) = (a.Children[0], a.Children[1]);
        Assert.Equal((4, 1.8), (root.Visits, Math.Round(root.ValueSum, 12)));
        Assert.Equal((2, 1.0), (a.Visits, Math.Round(a.ValueSum, 12)));
        Assert.Equal((1, 0.8), (seven.Visits, seven.ValueSum));
        Assert.Equal((1, 0.2), (nine.Visits, nine.ValueSum));
        Assert.Equal((2, 0.8), (five.Visits, five.ValueSum));
        Assert.Equal(0.5, a.Value, 12);
        Assert.Equal([101L, 102, 103, 104], engine.Calls.Select(c => c.Seed));
        Assert.Equal(3, rewards.Requests.Count);
        Assert.Equal(["Try A.", "A: \\boxed{7}"], rewards.Requests[0].Steps);
    }

    [Fact]
    public async Task RunAsync_FourIterationsByHand_AnswersWithTheBestRewardedPath()
    {
        var (program, engine, rewards) = ByHandProgram();
        var result = await program.RunAsync(Policy("sc:n=4"));

        Assert.Equal("mcts", result.Program);
        Assert.Equal("7", result.Answer);
        Assert.Equal("Try A.\n\nA: \\boxed{7}", result.Text);
        Assert.Equal(0.8, result.Reward);
        Assert.Equal(new Dictionary<string, int> { ["7"] = 1, ["5"] = 2, ["9"] = 1 }, result.Votes);
        // Mean reward over the four iterations' paths: (0.8 + 0.4 + 0.2 + 0.4) / 4.
        Assert.Equal(0.45, result.Certaindex, 12);
        Assert.Equal((4, 4, 4), (result.Knob, result.Steps, result.Nodes));
        Assert.Equal(engine.TokensSent, result.UpstreamTokens);
        Assert.Equal(engine.TokensSent, program.Progress.Tokens);
        Assert.Equal(rewards.TokensRead, result.RewardTokens);
    }

    [Fact]
    public async Task RunAsync_PolicyGrantsInSteps_RunsExactlyTheGrantedIterationsOverOneTree()
    {
        var engine = new ScriptedStepEngine(call => call.Steps.Count < 2 ? $"Step {call.Seed}." : "\\boxed{4}");
        var program = new MctsProgram(engine, new ScriptedRewardModel(_ => 0.3), Template, cap: 10, new SearchOptions(ExpansionWidth: 2));
        var grants = new List<int>();
        var result = await program.RunAsync(new RecordingPolicy(new GrantTwiceThree(), grants));
        Assert.Equal([3, 3, 0], grants);
        Assert.Equal(6, result.Knob);
        Assert.Equal(6, program.Root.Visits);
        Assert.Equal(result.Nodes, CountNodes(program.Root) - 1);
    }

    [Theory]
    [InlineData(0.9, 3)]
    [InlineData(0.1, 5)]
    public async Task RunAsync_StaticWithMeanReward_StopsAtDetectOnlyWhenTheMeanPasses(double reward, int iterations)
    {
        var engine = new ScriptedStepEngine(_ => "so \\boxed{5}");
        var program = new MctsProgram(engine, new ScriptedRewardModel(_ => reward), Template, cap: 5, new SearchOptions());
        var result = await program.RunAsync(Policy("static:detect=3,threshold=0,reward=0.4"));
        Assert.Equal(iterations, result.Knob);
        Assert.Equal(iterations, program.Root.Visits);
    }

    [Fact]
    public async Task RunAsync_Cancelled_EndsTheOpenRequestBeforeThrowing()
    {
        var open = new Countdown(1);
        var engine = new ScriptedStepEngine(_ => "Start.")
        {
            Before = async (_, ct) =>
            {
                open.Hit();
                await Task.Delay(Timeout.Infinite, ct);
            },
        };
        using var cts = new CancellationTokenSource();
        var run = new MctsProgram(engine, new ScriptedRewardModel(_ => 0.5), Template, 5, new SearchOptions()).RunAsync(Policy("sc:n=5"), cancellationToken: cts.Token);
        await open.Reached;
        await cts.CancelAsync();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => run);
        Assert.Equal(0, engine.Open);
        Assert.True(engine.Calls.Single().Cancelled);
    }

    [Fact]
    public async Task RunAsync_RewardModelFails_Throws()
    {
        var engine = new ScriptedStepEngine(_ => "\\boxed{1}");
        var rewards = new ScriptedRewardModel(_ => throw new RewardModelException("prm: 503"));
        var program = new MctsProgram(engine, rewards, Template, 5, new SearchOptions());
        await Assert.ThrowsAsync<RewardModelException>(() => program.RunAsync(Policy("sc:n=5")));
        Assert.Equal((0, 0), (engine.Open, rewards.Open));
    }

    private static int CountNodes(StepNode node) => 1 + node.Children.Sum(CountNodes);

    private sealed class GrantTwiceThree : Dynasor.Policies.IAllocationPolicy
    {
        public int Next(Dynasor.Programs.ProgramProgress progress) => progress.Samples < 6 ? 3 : 0;
    }
}
