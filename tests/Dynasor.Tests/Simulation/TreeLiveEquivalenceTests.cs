using Dynasor.Policies;
using Dynasor.Rewards;
using Dynasor.Search;
using Dynasor.SimEngine;
using Dynasor.Simulation;

namespace Dynasor.Tests.Simulation;

/// <summary>The same program code in the simulator and on the live simulated engine gives the same tree.</summary>
public sealed class TreeLiveEquivalenceTests
{
    [Theory]
    [InlineData("rebase", "certaindex")]
    [InlineData("rebase", "uniform")]
    [InlineData("mcts", "certaindex")]
    [InlineData("mcts", "uniform")]
    public async Task Run_TreeProgram_MatchesTheSameProgramOnTheLiveEngine(string kind, string allocation)
    {
        // Caps above the certaindex detect points (Rebase 16, MCTS 3), so adaptive stops are exercised.
        var options = TreeSimulation.Options(kind, programs: 8, seed: 0) with { RebaseWidth = 24, MctsIterations = 8 };
        var run = TreeSimulation.Run(options, allocation);
        var spec = MixAllocation.Parse(allocation).Resolve(options, null)[options.Mix.Shares[0].Kind];

        await using var engine = new SimulatedEngine(TreeWorkload.Engine(options) with { TimeScale = 0 }, TimeProvider.System);
        var rewards = new SimulatedRewardModel(engine, options.Rewards);
        for (var i = 0; i < run.Outcomes.Count; i++)
        {
            var template = TreeWorkload.Template(options, i);
            var policy = PolicyCatalog.Create(spec);
            var live = kind == "rebase"
                ? await new RebaseProgram(engine, rewards, template, options.RebaseWidth, options.Search).RunAsync(policy)
                : await new MctsProgram(engine, rewards, template, options.MctsIterations, options.Search).RunAsync(policy);
            var simulated = run.Outcomes[i];
            Assert.Equal(live.AnswerKey, simulated.AnswerKey);
            Assert.Equal(live.Knob, simulated.Samples);
            Assert.Equal(live.Steps, simulated.Requests);
            Assert.Equal(live.UpstreamTokens, simulated.Tokens);
            Assert.Equal(live.AnswerKey is not null && live.AnswerKey == Dynasor.Answers.AnswerKey.Of(engine.GoldAnswer(template.Question)), simulated.Correct);
        }
        Assert.All(run.Outcomes, o => Assert.NotNull(o.AnswerKey));
        // The certaindex policy stops some trees at its detect point and lets others run to the cap.
        if (allocation == "certaindex")
            Assert.Equal(2, run.Outcomes.Select(o => o.Samples == options.CapOf(o.Kind)).Distinct().Count());
    }
}
