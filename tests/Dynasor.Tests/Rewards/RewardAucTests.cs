using Dynasor.Answers;
using Dynasor.Engines;
using Dynasor.Rewards;
using Dynasor.SimEngine;
using static Dynasor.Tests.SimEngine.SimRequests;

namespace Dynasor.Tests.Rewards;

/// <summary>
/// How well the simulated PRM's final reward tells right finished paths from wrong ones (pooled over questions), on
/// paths the engine streams. The margin and noise are the model's design, not fitted here: the AUC they predict is
/// Φ(√2·margin/noise), 0.87 at the defaults.
/// </summary>
public class RewardAucTests
{
    private const int Questions = 400;
    private const int Paths = 16;

    [Fact]
    public async Task FinalReward_DefaultNoise_AucAbout087OnSolutionsAndOnChains()
    {
        await using var engine = Instant();
        var prm = new SimulatedRewardModel(engine);
        var planner = new ContinuationPlanner(engine.Options);
        var solutions = new List<(double, bool)>();
        var chains = new List<(double, bool)>();
        for (var q = 0; q < Questions; q++)
        {
            var gold = engine.GoldAnswer(Question(q));
            var system = new ChatTurn("system", SolutionSteps.SystemPrompt);
            var streamed = await Task.WhenAll(Enumerable.Range(0, Paths).Select(s => CollectAsync(engine,
                new ContinuationRequest([system, new ChatTurn("user", Question(q))], "", 100_000, new SamplingOptions(Seed: s)))));
            foreach (var path in streamed)
            {
                var score = await prm.ScoreAsync(new RewardRequest(Question(q), SolutionSteps.Split(path.Text), SolutionSteps.SystemPrompt));
                solutions.Add((score.Last, AnswerGrader.IsCorrect(AnswerExtractor.Extract(path.Text), gold)));
            }

            // The chains the engine streams for seeds 0..15 (ChainTests pins that the stream is the chain), written directly.
            for (var s = 0; s < Paths; s++)
            {
                var chain = planner.Chain(Question(q), ChainOpening.CodeOf((ulong)s));
                chains.Add(((await prm.ScoreAsync(new RewardRequest(Question(q), SolutionSteps.Split(chain.Text)))).Last, chain.Correct));
            }
        }

        // Measured (engine seed 0): 0.870 on solutions, 0.881 on chains; Φ(√2·2/2.5) = 0.871.
        Assert.InRange(Auc.Of(solutions), 0.85, 0.89);
        Assert.InRange(Auc.Of(chains), 0.85, 0.89);
        // Root paths are right as often as samples (the GSM8K fit: 89% one-sample accuracy).
        Assert.InRange(solutions.Count(s => s.Item2) / (double)solutions.Count, 0.84, 0.93);
    }

    [Theory]
    [InlineData(1.5)]
    [InlineData(4.0)]
    public void FinalReward_OtherNoise_AucAsTheMarginOverTheNoisePredicts(double noise)
    {
        var prm = new SimulatedRewardModel(new SimEngineOptions(), new SimRewardOptions { Noise = noise });
        var model = new SolutionModel(new SimEngineOptions());
        var scored = new List<(double, bool)>();
        for (var q = 0; q < Questions; q++)
        {
            var plan = model.Plan(Question(q));
            for (var seed = 0UL; seed < Paths; seed++)
            {
                var steps = SolutionSteps.Split(model.Continue(Question(q), "", seed));
                scored.Add((prm.Score(new RewardRequest(Question(q), steps)).Last, SolutionReader.Read(plan, steps)[^1].OnTrack));
            }
        }

        // Measured: 0.971 at noise 1.5 (Φ = 0.970), 0.759 at noise 4 (Φ = 0.760).
        Assert.InRange(Auc.Of(scored), Auc.NormalCdf(Math.Sqrt(2) * 2 / noise) - 0.02, Auc.NormalCdf(Math.Sqrt(2) * 2 / noise) + 0.02);
    }
}
