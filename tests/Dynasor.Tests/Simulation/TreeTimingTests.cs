using Dynasor.Rewards;
using Dynasor.SimEngine;
using Dynasor.Simulation;

namespace Dynasor.Tests.Simulation;

/// <summary>The simulator's rule for a tree program's requests, checked by hand on one MCTS iteration alone on a replica.</summary>
public sealed class TreeTimingTests
{
    [Fact]
    public void Run_OneMctsIteration_PrefillsThePromptOnceThenOnlyTheSeparatorAndWaitsOneRewardPrefill()
    {
        var options = TreeSimulation.Options("mcts", programs: 1, seed: 2) with { MctsIterations = 1, PromptTokens = 300 };
        var outcome = TreeSimulation.Run(options).Outcomes.Single();

        // The rollout by hand: node k (1, 2, ...) continues the path of nodes 1..k-1 under seed template + k.
        var question = TreeWorkload.Question(options.Seed, 0);
        var seed = TreeWorkload.Template(options, 0).Sampling.Seed!.Value;
        var solutions = new SolutionModel(TreeWorkload.Engine(options));
        var cost = options.Cost;
        var steps = new List<string>();
        var expectedMs = 0.0;
        for (var node = 1; ; node++)
        {
            var prefix = steps.Count == 0 ? "" : SolutionSteps.Join(steps) + SolutionSteps.Separator;
            var step = solutions.Next(question, prefix, seed + node)!;
            var path = SimTokenizer.Count(prefix);
            // First request: the whole prompt. Later ones: the path is cached (the parent wrote it) but for the separator.
            double prefill = node == 1 ? options.PromptTokens : 2;
            expectedMs += cost.PrefillMs(prefill, prefill * prefill) + cost.DecodeSpanMs(options.PromptTokens + path, 1, step.Tokens);
            steps.Add(step.Text);
            if (step.Final)
                break;
        }
        var scored = new SimulatedRewardModel(TreeWorkload.Engine(options), options.Rewards)
            .Score(new RewardRequest(question, steps, SolutionSteps.SystemPrompt)).Tokens;
        expectedMs += cost.PrefillMs(scored, (double)scored * scored);

        Assert.Equal(steps.Count, outcome.Requests);
        Assert.True(steps.Count >= 3);
        Assert.Equal(expectedMs / 1000, outcome.Latency, 9);
    }
}
