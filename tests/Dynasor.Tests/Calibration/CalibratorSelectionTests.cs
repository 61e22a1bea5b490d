using Dynasor.Calibration;
using Dynasor.Certainty;
using Dynasor.Policies;
using Dynasor.Replay;
using Dynasor.Traces;

namespace Dynasor.Tests.Calibration;

/// <summary>Calibration under a program, of pinned families, of one gate measure, and of several families at once.</summary>
public class CalibratorSelectionTests
{
    // 40 questions of 12 samples: unanimous and right (reward 0.95), 2:1 toward the target (right 0.9, wrong 0.4),
    // hopeless (every answer different, reward 0.2).
    private static readonly PreparedTrace Trace = PreparedTrace.From("rewarded.jsonl", Enumerable.Range(0, 40).Select(i => (i % 4) switch
    {
        0 or 1 => Question($"q{i}", k => ("1", 0.95)),
        2 => Question($"q{i}", k => k % 3 == 2 ? ("2", 0.4) : ("1", 0.9)),
        _ => Question($"q{i}", k => ((k + 2).ToString(System.Globalization.CultureInfo.InvariantCulture), 0.2)),
    }));

    private static readonly CalibrationOptions Options = new(Epsilon: 0.01, Split: 0.5, Seed: 1, Cap: 12, Repeats: 4, Margin: 1, Folds: 0, Anchor: null);

    private static TraceQuestion Question(string id, Func<int, (string Answer, double Reward)> sample) =>
        new(id, "test", "test", "1", Enumerable.Range(0, 12).Select(k => sample(k)).Select(s => new TraceSample(s.Answer, 100, Reward: s.Reward)).ToList());

    [Fact]
    public void Calibrate_PinnedFamily_SearchesOnlyThePinnedCandidates()
    {
        var result = Calibrator.Calibrate(Trace, "Stepped:every=5", Options);
        Assert.Equal("stepped:every=5", result.Family);
        Assert.Equal("stepped", result.Chosen.Name);
        Assert.Equal("5", result.Chosen.Parameters["every"]);
        Assert.Equal(3 * 13, result.Candidates);
    }

    [Theory]
    [InlineData("stepped:every=7", "its grid has every=1|2|5")]
    [InlineData("stepped:bogus=1", "has no parameter 'bogus'")]
    [InlineData("curve:edges=0.5", "can pin only 'detect'")]
    [InlineData("nope", "unknown policy 'nope'")]
    public void Calibrate_BadSelection_IsRefusedBeforeAnythingRuns(string family, string mention) =>
        Assert.Contains(mention, Assert.ThrowsAny<ArgumentException>(() => Calibrator.Calibrate(Trace, family, Options)).Message);

    [Fact]
    public void Calibrate_FittedFamilyPinnedDetect_FitsAtThatDetectOnly()
    {
        var result = Calibrator.Calibrate(Trace, "dcurve:detect=3", Options);
        Assert.Equal(1, result.Candidates);
        Assert.Equal("dcurve", result.Chosen.Name);
        Assert.Equal("3", result.Chosen.Parameters["detect"]);
    }

    [Fact]
    public void Calibrate_Dcurve_MeetsTheFloorOnTheCalibrationSplitWithFewerTokens()
    {
        var result = Calibrator.Calibrate(Trace, "dcurve", Options);
        Assert.Equal("dcurve", result.Chosen.Name);
        Assert.True(result.Calibration.Policy.Accuracy >= result.Calibration.Baseline.Accuracy - Options.Epsilon);
        Assert.True(result.Calibration.Policy.TokensPerQuestion < result.Calibration.Baseline.TokensPerQuestion);
    }

    [Fact]
    public void Calibrate_BonOnMaxReward_RunsTheBaselineUnderBonAndStopsOnTheBestReward()
    {
        var result = Calibrator.Calibrate(Trace, "static", Options with { Program = ReplayProgram.Bon, Measure = CertaindexMeasure.MaxReward });
        Assert.Equal("bon", result.Holdout.Baseline.Program);
        Assert.Equal("bon", result.Holdout.Policy.Program);
        Assert.True(result.Chosen.Parameters.ContainsKey("max_reward"), result.Chosen.ToString());
        Assert.Equal("0", result.Chosen.Parameters["threshold"]);
        Assert.True(result.Holdout.Policy.TokensPerQuestion < result.Holdout.Baseline.TokensPerQuestion);
    }

    [Fact]
    public void Calibrate_RewardProgramOnATraceWithoutRewards_IsRefusedNamingTheFix()
    {
        var plain = TestTraces.Prepared(TestTraces.Question("a", "1", "1", "1"), TestTraces.Question("b", "1", "1", "2"));
        var e = Assert.Throws<ArgumentException>(() => Calibrator.Calibrate(plain, "static", Options with { Program = ReplayProgram.Wsc }));
        Assert.Contains("--program wsc", e.Message);
        var measure = Assert.Throws<ArgumentException>(() => Calibrator.Calibrate(plain, "static", Options with { Measure = CertaindexMeasure.RewardShare }));
        Assert.Contains("--measure share", measure.Message);
    }

    [Fact]
    public void CalibrateEach_SeveralFamilies_AreScoredOnTheSameHeldOutQuestionsAndOrders()
    {
        var results = Calibrator.CalibrateEach(Trace, ["static", "stepped:every=1", "curve", "dcurve"], Options);
        Assert.Equal(["static", "stepped:every=1", "curve", "dcurve"], results.Select(r => r.Family));
        foreach (var r in results)
        {
            Assert.Equal(results[0].Holdout.Baseline.QuestionIds, r.Holdout.Policy.QuestionIds);
            Assert.Equal(results[0].Holdout.Baseline.TokensPerQuestion, r.Holdout.Baseline.TokensPerQuestion);
            // Each alone gives the same figures: sharing the replays changes nothing.
            var alone = Calibrator.Calibrate(Trace, r.Family, Options);
            Assert.Equal(alone.Chosen.ToString(), r.Chosen.ToString());
            Assert.Equal(alone.Holdout.Policy.TokensPerQuestion, r.Holdout.Policy.TokensPerQuestion, 9);
        }
    }
}
