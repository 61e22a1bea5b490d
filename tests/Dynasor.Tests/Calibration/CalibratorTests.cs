using Dynasor.Calibration;
using Dynasor.Policies;
using Dynasor.Replay;

namespace Dynasor.Tests.Calibration;

public class CalibratorTests
{
    // 40 questions: most unanimous, some split 2:1 toward the target, some hopeless.
    private static readonly PreparedTrace Trace = TestTraces.Prepared(Enumerable.Range(0, 40).Select(i => (i % 4) switch
    {
        0 or 1 => TestTraces.Question($"q{i}", "1", Enumerable.Repeat("1", 12).ToArray()),
        2 => TestTraces.Question($"q{i}", "1", Enumerable.Range(0, 12).Select(k => k % 3 == 2 ? "2" : "1").ToArray()),
        _ => TestTraces.Question($"q{i}", "1", Enumerable.Range(0, 12).Select(k => (k + 2).ToString(System.Globalization.CultureInfo.InvariantCulture)).ToArray()),
    }).ToArray());

    // The search as it ran before certification: one split, one standard error, no anchor (the served policy is the search's).
    private static readonly CalibrationOptions Options = new(Epsilon: 0.01, Split: 0.5, Seed: 1, Cap: 12, Repeats: 4, Margin: 1, Folds: 0, Anchor: null);

    // The default rule on the same trace.
    private static readonly CalibrationOptions Default = new(Epsilon: 0.01, Seed: 1, Cap: 12, Repeats: 4);

    [Fact]
    public void Split_IsDisjointCompleteAndDeterministic()
    {
        var (a, b) = Calibrator.Split(Trace, Options);
        Assert.Equal(20, a.Questions.Count);
        Assert.Empty(a.Questions.Select(q => q.Id).Intersect(b.Questions.Select(q => q.Id)));
        Assert.Equal(a.Questions.Select(q => q.Id), Calibrator.Split(Trace, Options).Calibration.Questions.Select(q => q.Id));
    }

    [Fact]
    public void Folds_PartitionTheQuestionsEvenlyAndDeterministically()
    {
        var folds = Calibrator.Folds(Trace, Options with { Folds = 3 });
        Assert.Equal([13, 13, 14], folds.Select(f => f.Length).Order());
        Assert.Equal(Enumerable.Range(0, 40), folds.SelectMany(f => f).Order());
        Assert.All(folds, f => Assert.Equal(f.Order(), f));
        Assert.Equal(folds, Calibrator.Folds(Trace, Options with { Folds = 3 }));
        Assert.NotEqual(folds, Calibrator.Folds(Trace, Options with { Folds = 3, Seed = 2 }));
    }

    [Theory]
    [InlineData(1, "folds 1 is invalid")]
    [InlineData(-2, "folds -2 is invalid")]
    [InlineData(41, "use from 2 to 40 folds")]
    public void Calibrate_BadFolds_AreRejectedNamingTheFix(int folds, string mention) =>
        Assert.Contains(mention, Assert.Throws<ArgumentException>(() => Calibrator.Calibrate(Trace, "ac", Options with { Folds = folds })).Message);

    [Fact]
    public void Calibrate_Folds_ScoresEveryQuestionHeldOutAndChoosesTheServedPolicyOnAll()
    {
        var options = Options with { Folds = 4 };
        var anchor = PolicyCatalog.Parse("ac:confidence=0.95");
        var result = Calibrator.Calibrate(Trace, "settle", options, [anchor]);

        // Each fold's choice is made on the other folds only...
        var folds = Calibrator.Folds(Trace, options);
        Assert.Equal(4, result.FoldChoices.Count);
        for (var k = 0; k < folds.Count; k++)
        {
            var rest = Trace.Subset(Enumerable.Range(0, 40).Except(folds[k]));
            Assert.Equal(Calibrator.Choose(rest, "settle", options, null).Spec.ToString(), result.FoldChoices[k].ToString());
        }

        // ...its held-out figures pool the folds, each scored by its own choice...
        var pooled = Replayer.Pool("t", "p", folds.Select((f, k) => Replayer.Run(Trace.Subset(f), result.FoldChoices[k], options.Replay)).ToList());
        Assert.Equal(40, result.Holdout.Policy.Questions);
        Assert.Equal(pooled.Accuracy, result.Holdout.Policy.Accuracy, 12);
        Assert.Equal(pooled.TokensPerQuestion, result.Holdout.Policy.TokensPerQuestion, 12);

        // ...and the served policy is chosen on all questions.
        Assert.Equal(Calibrator.Choose(Trace, "settle", options, null).Spec.ToString(), result.Chosen.ToString());
        Assert.Equal(40, result.Calibration.Policy.Questions);
        // A per-question anchor pooled over the folds is the anchor on the whole trace.
        var whole = Replayer.Run(Trace, anchor, options.Replay);
        Assert.Equal(whole.Accuracy, result.Compared[0].Holdout.Accuracy, 12);
        Assert.Equal(whole.TokensPerQuestion, result.Compared[0].Holdout.TokensPerQuestion, 12);
    }

    [Theory]
    [InlineData("ac")]
    [InlineData("static")]
    [InlineData("settle")]
    [InlineData("curve")]
    public void Calibrate_Family_MeetsAccuracyFloorOnCalibrationSplitWithFewerTokens(string family)
    {
        var result = Calibrator.Calibrate(Trace, family, Options);
        Assert.Equal(family, result.Chosen.Name);
        Assert.True(result.Calibration.Policy.Accuracy >= result.Calibration.Baseline.Accuracy - Options.Epsilon);
        Assert.True(result.Calibration.Policy.TokensPerQuestion < result.Calibration.Baseline.TokensPerQuestion);
        Assert.Equal(20, result.Holdout.Policy.Questions);
    }

    [Fact]
    public void Calibrate_Best_PicksTheCheapestFamilyWinner()
    {
        var result = Calibrator.Calibrate(Trace, Calibrator.Best, Options);
        Assert.NotEmpty(result.FamilyWinners);
        Assert.Equal(result.FamilyWinners.Min(w => w.TokensPerQuestion), result.Calibration.Policy.TokensPerQuestion);
    }

    [Fact]
    public void Calibrate_BestLive_NeverPicksTheBatchAllocatorAndCanBeServed()
    {
        var result = Calibrator.Calibrate(Trace, Calibrator.BestLive, Options);
        Assert.DoesNotContain(result.FamilyWinners, w => w.Policy.StartsWith("batch", StringComparison.Ordinal));
        Assert.Equal(result.FamilyWinners.Min(w => w.TokensPerQuestion), result.Calibration.Policy.TokensPerQuestion);
        Assert.NotNull(PolicyCatalog.Create(result.Chosen));
    }

    [Fact]
    public void Admissible_PairedLossBeyondMargin_IsRejected()
    {
        // Baseline right everywhere; the candidate loses one question of ten in every order: mean -0.1, SE 0.1.
        var baseline = Result(Enumerable.Repeat(1.0, 10).ToArray());
        var candidate = Result([0, 1, 1, 1, 1, 1, 1, 1, 1, 1]);
        Assert.True(Calibrator.Admissible(candidate, baseline, Options with { Epsilon = 0.21, Margin = 1 }));
        Assert.False(Calibrator.Admissible(candidate, baseline, Options with { Epsilon = 0.19, Margin = 1 }));
        Assert.True(Calibrator.Admissible(candidate, baseline, Options with { Epsilon = 0.11, Margin = 0 }));
    }

    [Fact]
    public void Admissible_PairedGainOnOneQuestionCannotHideLossesOnOthers()
    {
        // Same mean accuracy as the baseline, but by trading questions: the spread widens the bound.
        var baseline = Result([1, 1, 1, 1, 0, 0, 1, 1]);
        var candidate = Result([0, 0, 1, 1, 1, 1, 1, 1]);
        Assert.True(Calibrator.Admissible(candidate, baseline, Options with { Epsilon = 0, Margin = 0 }));
        Assert.False(Calibrator.Admissible(candidate, baseline, Options with { Epsilon = 0, Margin = 1 }));
    }

    [Fact]
    public void Calibrate_LargerMargin_NeverChoosesACheaperPolicy()
    {
        var loose = Calibrator.Calibrate(Trace, "settle", Options with { Margin = 0 });
        var strict = Calibrator.Calibrate(Trace, "settle", Options with { Margin = 3 });
        Assert.True(strict.Calibration.Policy.TokensPerQuestion >= loose.Calibration.Policy.TokensPerQuestion);
    }

    [Fact]
    public void Calibrate_BadOptions_AreRejected() =>
        Assert.Throws<ArgumentException>(() => Calibrator.Calibrate(Trace, "ac", Options with { Split = 1 }));

    [Theory]
    [InlineData(1.0, "level 1 is invalid")]
    [InlineData(0.4, "level 0.4 is invalid")]
    public void Calibrate_BadLevel_IsRejectedNamingIt(double level, string mention) =>
        Assert.Contains(mention, Assert.Throws<ArgumentException>(() => Calibrator.Calibrate(Trace, "ac", Default with { Level = level })).Message);

    [Fact]
    public void Calibrate_UnknownAnchor_IsRejectedNamingIt() =>
        Assert.Contains("nope", Assert.Throws<PolicySpecException>(() => Calibrator.Calibrate(Trace, "ac", Default with { Anchor = "nope" })).Message);

    [Fact]
    public void Calibrate_NegativeMargin_IsRejectedNamingIt() =>
        Assert.Contains("margin", Assert.Throws<ArgumentException>(() => Calibrator.Calibrate(Trace, "ac", Options with { Margin = -1 })).Message);

    private static ReplayResult Result(double[] perQuestion) =>
        new("t", "p", perQuestion.Length, 1, perQuestion.Average(), 0, 1, 1, 0, 0) { QuestionAccuracy = perQuestion };
}
