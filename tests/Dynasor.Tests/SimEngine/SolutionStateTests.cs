using System.Text.RegularExpressions;
using Dynasor.Rewards;
using Dynasor.SimEngine;
using Dynasor.Synthesis;
using static Dynasor.Tests.SimEngine.SimRequests;

namespace Dynasor.Tests.SimEngine;

public class SolutionStateTests
{
    private readonly SolutionModel _model = new(new SimEngineOptions());

    [Fact]
    public void Read_TheEnginesOwnSteps_GivesTheStateItWroteThemIn()
    {
        for (var q = 0; q < 60; q++)
        {
            var plan = _model.Plan(Question(q));
            for (var seed = 0UL; seed < 8; seed++)
            {
                var steps = new List<string>();
                for (var step = SolutionModel.Next(plan, steps, seed); step is not null; step = SolutionModel.Next(plan, steps, seed))
                {
                    steps.Add(step.Text);
                    var reading = SolutionReader.Read(plan, steps)[^1];
                    Assert.Equal(step.OnTrack, reading.OnTrack);
                    Assert.Equal(step.Final ? StepKind.Final : StepKind.Value, reading.Kind);
                }

                Assert.Equal(plan.Steps, steps.Count);
            }
        }
    }

    [Fact]
    public void Read_AWrongValueInAnOnTrackPath_ThatStepAndAllAfterAreOffTrack()
    {
        var plan = _model.Plan(Question(0));
        var seed = Enumerable.Range(0, 100).Select(s => (ulong)s)
            .First(s => SolutionReader.Read(plan, SolutionSteps.Split(_model.Continue(Question(0), "", s)))[^1].OnTrack);
        var steps = SolutionSteps.Split(_model.Continue(Question(0), "", seed)).ToList();
        Assert.All(SolutionReader.Read(plan, steps), r => Assert.True(r.OnTrack));
        Assert.Equal(plan.Question.Model.Gold, SolutionReader.Read(plan, steps)[^1].Answer);

        var value = Regex.Match(steps[0], @"(\d+)\.$").Groups[1].Value;
        steps[0] = steps[0][..^(value.Length + 1)] + (int.Parse(value) + 1) + ".";
        var readings = SolutionReader.Read(plan, steps);

        Assert.All(readings, r => Assert.False(r.OnTrack));
        Assert.All(readings, r => Assert.Equal(1, r.FirstOffTrack));
        Assert.Null(SolutionModel.Next(plan, steps, 3));
    }

    [Fact]
    public void Read_ChainParagraphs_StateNoValue()
    {
        var planner = new ContinuationPlanner(new SimEngineOptions());
        for (var q = 0; q < 40; q++)
        {
            var chain = planner.Chain(Question(q), ChainOpening.CodeOf((ulong)q));
            var readings = SolutionReader.Read(_model.Plan(Question(q)), SolutionSteps.Split(chain.Text));

            Assert.All(readings[..^1], r => Assert.Equal(StepKind.Other, r.Kind));
            Assert.Equal(StepKind.Final, readings[^1].Kind);
            Assert.Equal(chain.FinalAnswer, readings[^1].Answer);
        }
    }

    [Fact]
    public void RootPaths_400Questions_RightAsOftenAsTheQuestionsAccuracy()
    {
        // A path from the root stays on track D times with p = a^(1/D): right with probability a, as SC's samples are.
        const int Paths = 32;
        double right = 0, expected = 0, absoluteGap = 0;
        var scaling = (Right: 0.0, Expected: 0.0);
        for (var q = 0; q < 400; q++)
        {
            var plan = _model.Plan(Question(q));
            var a = plan.Question.Model.Accuracy;
            var hits = 0;
            for (var seed = 0UL; seed < Paths; seed++)
            {
                var steps = SolutionSteps.Split(_model.Continue(Question(q), "", seed));
                hits += SolutionReader.Read(plan, steps)[^1].OnTrack ? 1 : 0;
            }

            right += hits;
            expected += a * Paths;
            absoluteGap += Math.Abs(hits / (double)Paths - a);
            if (plan.Question.Model.Zone == QuestionZone.Scaling)
            {
                scaling = (scaling.Right + hits, scaling.Expected + a * Paths);
            }
        }

        Assert.InRange(right / expected, 0.98, 1.02);
        Assert.InRange(scaling.Right / scaling.Expected, 0.9, 1.1);
        // Binomial spread of a 32-sample rate is at most 0.09; the mean gap stays well inside it.
        Assert.InRange(absoluteGap / 400, 0, 0.05);
    }

    [Fact]
    public void Steps_400Questions_ThreeToEightGrowingWithDifficultyOfTenToSeventyTokens()
    {
        var easy = new List<int>();
        var hard = new List<int>();
        var tokens = new List<int>();
        for (var q = 0; q < 400; q++)
        {
            var plan = _model.Plan(Question(q));
            Assert.InRange(plan.Steps, 3, 8);
            (plan.Question.Model.Difficulty < 0.5 ? easy : hard).Add(plan.Steps);
            tokens.AddRange(SolutionSteps.Split(_model.Continue(Question(q), "", 0)).Select(s => SimTokenizer.Count(s)));
        }

        Assert.True(hard.Average() > easy.Average() + 1.5, $"easy {easy.Average():F2} steps, hard {hard.Average():F2}");
        tokens.Sort();
        Assert.InRange(tokens[0], 8, 20);
        Assert.InRange(tokens[tokens.Count / 2], 25, 45);
        Assert.InRange(tokens[^1], 50, 75);
    }
}
