using Dynasor.Simulation;

namespace Dynasor.Tests.Simulation;

public sealed class TreeProgramTests
{
    [Theory]
    [InlineData("rebase")]
    [InlineData("mcts")]
    public void Run_TreePrograms_IssueManyShortStepRequestsPerKnobUnit(string kind)
    {
        var options = TreeSimulation.Options(kind);
        var run = TreeSimulation.Run(options);
        Assert.All(run.Outcomes, o =>
        {
            Assert.Equal(options.CapOf(o.Kind), o.Samples);
            // A solution or an iteration is several steps (the engine writes 3 to 8 per solution), each a request.
            Assert.True(o.Requests > o.Samples, $"{o.Requests} requests for {o.Samples} knob units");
            // Steps are short: far below the 256-token step limit, and far below an SC sample.
            Assert.InRange((double)o.Tokens / o.Requests, 5, 120);
        });
        Assert.True(run.Outcomes.Sum(o => o.Requests) >= 3 * run.Outcomes.Sum(o => o.Samples));
    }

    [Theory]
    [InlineData("rebase", 1, 1_000_000)]
    [InlineData("mcts", 1, 1_000_000)]
    [InlineData("rebase mcts sc", 3, 3000)]
    public void Run_TreePrograms_TokensServedEqualSumOfProgramsTokens(string mix, int replicas, long kvCapacity)
    {
        // A small KV capacity forces prompt evictions (then prompt and path are prefilled again).
        var options = TreeSimulation.Options(mix, programs: 24) with { Replicas = replicas, KvCapacityTokens = kvCapacity, Rate = 4 };
        var run = TreeSimulation.Run(options, "certaindex", "dynasor");
        Assert.Equal(run.Outcomes.Sum(o => o.Tokens), run.TokensServed);
        Assert.All(run.Outcomes, o => Assert.True(o.Finish > o.Arrival));
        Assert.Equal(replicas, run.Outcomes.Select(o => o.Replica).Distinct().Count());
    }

    [Fact]
    public void Run_SameSeed_GivesIdenticalTreeOutcomes()
    {
        var options = TreeSimulation.Options("rebase mcts", programs: 12, seed: 5) with { Rate = 2 };
        var first = TreeSimulation.Run(options, "certaindex", "dynasor");
        var second = TreeSimulation.Run(options, "certaindex", "dynasor");
        Assert.Equal(first.Outcomes, second.Outcomes);
        Assert.Equal(first.TokensServed, second.TokensServed);

        var other = TreeSimulation.Run(options with { Seed = 6 }, "certaindex", "dynasor");
        Assert.NotEqual(first.Outcomes, other.Outcomes);
    }

    [Fact]
    public void Run_CertaindexAllocation_StopsSomeTreesEarlyAndSpendsFewerTokens()
    {
        var options = TreeSimulation.Options("mcts", programs: 30) with { MctsIterations = 10 };
        var uniform = TreeSimulation.Run(options);
        var certaindex = TreeSimulation.Run(options, "certaindex");
        Assert.All(uniform.Outcomes, o => Assert.Equal(10, o.Samples));
        Assert.Contains(certaindex.Outcomes, o => o.Samples == 3);
        Assert.True(certaindex.TokensServed < uniform.TokensServed);
    }

    [Fact]
    public async Task Run_TreeQuestion_DifficultyFactorFollowsItsZone()
    {
        var options = TreeSimulation.Options("mcts", programs: 40) with { MctsIterations = 1 };
        var run = TreeSimulation.Run(options);
        await using var engine = new Dynasor.SimEngine.SimulatedEngine(TreeWorkload.Engine(options), TimeProvider.System);
        for (var i = 0; i < run.Outcomes.Count; i++)
        {
            var zone = engine.Question(TreeWorkload.Question(options.Seed, i)).Zone;
            Assert.Equal(zone switch { Dynasor.Synthesis.QuestionZone.Easy => 1, Dynasor.Synthesis.QuestionZone.Scaling => 2, _ => 3 }, run.Outcomes[i].DifficultyFactor);
        }
        // The GSM8K-like question model has every zone among 40 questions.
        Assert.Equal([1, 2, 3], run.Outcomes.Select(o => o.DifficultyFactor).Distinct().Order());
    }
}
