using Dynasor.Rewards;
using Dynasor.SimEngine;
using static Dynasor.Tests.SimEngine.SimRequests;

namespace Dynasor.Tests.Rewards;

public class SimulatedRewardModelTests
{
    private static readonly SimEngineOptions Engine = new();

    [Fact]
    public async Task ScoreAsync_SameText_SameRewardsInUnitRangeOnePerStep()
    {
        var prm = new SimulatedRewardModel(Engine);
        var steps = Steps(Question(1), 4);

        var first = await prm.ScoreAsync(new RewardRequest(Question(1), steps));
        var again = await new SimulatedRewardModel(Engine).ScoreAsync(new RewardRequest(Question(1), steps));

        Assert.Equal(first.StepRewards, again.StepRewards);
        Assert.Equal(steps.Count, first.StepRewards.Count);
        Assert.All(first.StepRewards, r => Assert.InRange(r, 0.0, 1.0));
        Assert.Equal(first.StepRewards.Take(2), (await prm.ScoreAsync(new RewardRequest(Question(1), steps.Take(2).ToList()))).StepRewards);
    }

    [Fact]
    public void Score_ManyPaths_OnTrackStepsScoreHigherThanOffTrackAndTheGapWidensToTheAnswer()
    {
        var prm = new SimulatedRewardModel(Engine);
        var model = new SolutionModel(Engine);
        var on = new List<double>[9];
        var off = new List<double>[9];
        for (var k = 0; k < 9; k++)
        {
            (on[k], off[k]) = ([], []);
        }

        for (var q = 0; q < 300; q++)
        {
            var plan = model.Plan(Question(q));
            for (var seed = 0UL; seed < 8; seed++)
            {
                var steps = SolutionSteps.Split(model.Continue(Question(q), "", seed));
                var rewards = prm.Score(new RewardRequest(Question(q), steps)).StepRewards;
                var readings = SolutionReader.Read(plan, steps);
                for (var k = 0; k < steps.Count; k++)
                {
                    (readings[k].OnTrack ? on : off)[k == steps.Count - 1 ? 8 : Math.Min(k, 7)].Add(rewards[k]);
                }
            }
        }

        Assert.True(on[0].Average() > off[0].Average() + 0.2, $"first step: on {on[0].Average():F2}, off {off[0].Average():F2}");
        Assert.True(on[8].Average() - off[8].Average() > on[0].Average() - off[0].Average(), "the final step separates best");
        Assert.InRange(on[8].Average(), 0.7, 0.85);
        Assert.InRange(off[8].Average(), 0.15, 0.3);
    }

    [Fact]
    public void Score_AChain_NeutralParagraphsAndTheOutcomeAtTheBoxedAnswer()
    {
        var prm = new SimulatedRewardModel(Engine, new SimRewardOptions { Noise = 0 });
        var planner = new ContinuationPlanner(Engine);
        var right = planner.Chain(Question(0), ChainOpening.CodeOf(0));
        Assert.True(right.Correct);

        var steps = SolutionSteps.Split(right.Text);
        var rewards = prm.Score(new RewardRequest(Question(0), steps)).StepRewards;
        var wrongEnding = steps.Take(steps.Count - 1).Append("**Final Answer**\n\\[ \\boxed{" + (int.Parse(right.FinalAnswer) + 1) + "} \\]").ToList();

        Assert.All(rewards.Take(steps.Count - 1), r => Assert.Equal(0.5, r, 12));
        Assert.Equal(1 / (1 + Math.Exp(-2.0)), rewards[^1], 12);
        Assert.Equal(1 / (1 + Math.Exp(2.0)), prm.Score(new RewardRequest(Question(0), wrongEnding)).Last, 12);
    }

    [Fact]
    public void Score_Tokens_CountWhatAPrmReads()
    {
        var prm = new SimulatedRewardModel(Engine);
        var steps = new[] { "So the subtotal is 12.", "So the final answer is \\boxed{7}." };

        var score = prm.Score(new RewardRequest("What is 3+4?", steps, "Be brief."));

        // 3 messages x 4 template tokens + "Be brief." (3) + the question (6) + the steps (6 + 11) + one tag per step.
        Assert.Equal(12 + 3 + 6 + 6 + 11 + 2, score.Tokens);
    }

    [Fact]
    public async Task ScoreAsync_NoStepsOrCancelled_Throws()
    {
        var prm = new SimulatedRewardModel(Engine);
        using var cancelled = new CancellationTokenSource();
        await cancelled.CancelAsync();

        var empty = await Assert.ThrowsAsync<ArgumentException>(async () => await prm.ScoreAsync(new RewardRequest("q", [])));
        Assert.Contains("Steps is empty", empty.Message);
        await Assert.ThrowsAnyAsync<OperationCanceledException>(async () => await prm.ScoreAsync(new RewardRequest("q", ["a"]), cancelled.Token));
    }

    [Theory]
    [InlineData(nameof(SimRewardOptions.Noise), -1.0)]
    [InlineData(nameof(SimRewardOptions.Noise), double.NaN)]
    [InlineData(nameof(SimRewardOptions.Margin), 0.0)]
    [InlineData(nameof(SimRewardOptions.Correlation), 1.0)]
    [InlineData(nameof(SimRewardOptions.NeutralMean), 30.0)]
    public void Constructor_OptionOutOfRange_ThrowsNamingIt(string name, double value)
    {
        var options = name switch
        {
            nameof(SimRewardOptions.Noise) => new SimRewardOptions { Noise = value },
            nameof(SimRewardOptions.Margin) => new SimRewardOptions { Margin = value },
            nameof(SimRewardOptions.Correlation) => new SimRewardOptions { Correlation = value },
            _ => new SimRewardOptions { NeutralMean = value },
        };

        var error = Assert.Throws<ArgumentException>(() => new SimulatedRewardModel(Engine, options));

        Assert.StartsWith($"SimRewardOptions.{name} = ", error.Message);
    }

    private static List<string> Steps(string question, ulong seed) =>
        SolutionSteps.Split(new SolutionModel(Engine).Continue(question, "", seed)).ToList();
}
