using Dynasor.Calibration;
using Dynasor.Policies;
using Dynasor.Replay;

namespace Dynasor.Tests.Calibration;

/// <summary>The default rule: the search's choice is served only when its held-out loss bound is within epsilon.</summary>
public class CalibratorCertificationTests
{
    // 40 questions: most unanimous, some split 2:1 toward the target, some hopeless.
    private static readonly PreparedTrace Trace = TestTraces.Prepared(Enumerable.Range(0, 40).Select(i => (i % 4) switch
    {
        0 or 1 => TestTraces.Question($"q{i}", "1", Enumerable.Repeat("1", 12).ToArray()),
        2 => TestTraces.Question($"q{i}", "1", Enumerable.Range(0, 12).Select(k => k % 3 == 2 ? "2" : "1").ToArray()),
        _ => TestTraces.Question($"q{i}", "1", Enumerable.Range(0, 12).Select(k => (k + 2).ToString(System.Globalization.CultureInfo.InvariantCulture)).ToArray()),
    }).ToArray());

    private static readonly CalibrationOptions Default = new(Epsilon: 0.01, Seed: 1, Cap: 12, Repeats: 4);

    [Fact]
    public void Options_Default_CrossValidateFiveFoldsAtNinetyFivePercentWithAdaptiveConsistencyAsAnchor()
    {
        var options = new CalibrationOptions();
        Assert.Equal(5, options.Folds);
        Assert.Equal(0.95, options.Level);
        Assert.Equal(1.6448536, options.Z, 6);
        Assert.Equal("ac:confidence=0.95", options.AnchorSpec!.ToString());
    }

    [Fact]
    public void Options_Margin_IsTheBoundInStandardErrorsInsteadOfTheLevel()
    {
        Assert.Equal(1, new CalibrationOptions(Margin: 1).Z);
        Assert.Equal(0, new CalibrationOptions(Level: 0.5).Z);
    }

    [Fact]
    public void Calibrate_Default_CertifiesOnEveryFoldScoredByTheChoiceMadeWithoutIt()
    {
        var result = Calibrator.Calibrate(Trace, "settle", Default);
        var c = result.Certificate;

        // The bound is computed on the pooled held-out folds, never on the questions a choice was made on...
        Assert.Same(result.Holdout.Policy, c.ProposedHoldout);
        Assert.Equal(40, c.ProposedLoss.Questions);
        Assert.Equal(LossEstimate.Paired(result.Holdout.Policy, result.Holdout.Baseline, Default.Z), c.ProposedLoss);
        // ...the anchor is scored on the same questions and orders (per question, so pooled equals the whole trace)...
        Assert.Equal(Replayer.Run(Trace, PolicyCatalog.Parse("ac:confidence=0.95"), Default.Replay).Accuracy, c.AnchorHoldout!.Accuracy, 12);
        // ...and the served policy is the search's choice on all questions exactly when that bound certifies it.
        Assert.Equal(Calibrator.Choose(Trace, "settle", Default, null).Spec.ToString(), c.Proposed.ToString());
        Assert.Equal((c.Certified ? c.Proposed : c.Anchor!).ToString(), result.Chosen.ToString());
    }

    [Fact]
    public void Calibrate_Split_CertifiesOnTheHeldOutHalfOnly()
    {
        var options = Default with { Folds = 0 };
        var result = Calibrator.Calibrate(Trace, "settle", options);
        var holdout = Calibrator.Split(Trace, options).Holdout;
        Assert.Equal(20, result.Certificate.ProposedLoss.Questions);
        var replayed = Replayer.Run(holdout, result.Certificate.Proposed, options.Replay);
        Assert.Equal(replayed.QuestionAccuracy, result.Certificate.ProposedHoldout.QuestionAccuracy);
    }

    [Fact]
    public void Calibrate_EpsilonZeroOnLossyCandidates_ServesTheAnchorAndKeepsTheFailedBound()
    {
        // Fewer than all 12 samples can lose a 2:1 question; at epsilon 0 no SC@n cheaper than AC is certified.
        var result = Calibrator.Calibrate(Trace, "sc", Default with { Epsilon = 0 });
        Assert.False(result.Certificate.Certified);
        Assert.Equal("ac:confidence=0.95", result.Chosen.ToString());
        Assert.Same(result.Certificate.AnchorHoldout, result.Certificate.ServedHoldout);
    }

    [Fact]
    public void Choose_NothingCheaperThanTheAnchor_ChoosesTheAnchor()
    {
        var choice = Calibrator.Choose(Trace, "settle", Default with { Anchor = "sc:n=1" }, null);
        Assert.Equal("sc:n=1", choice.Spec.ToString());
        Assert.Empty(choice.Winners);
    }

    [Theory]
    [InlineData("settle")]
    [InlineData("static")]
    [InlineData(Calibrator.Best)]
    public void Choose_WithAnAnchor_NeverChoosesAPolicyDearerThanIt(string family)
    {
        var choice = Calibrator.Choose(Trace, family, Default, null);
        var anchor = Replayer.Run(Trace, Default.AnchorSpec!, Default.Replay);
        Assert.True(choice.Result.TokensPerQuestion <= anchor.TokensPerQuestion);
        Assert.All(choice.Winners, w => Assert.True(w.TokensPerQuestion < anchor.TokensPerQuestion));
    }

    [Fact]
    public void Choose_BatchGridStoppedEarly_FindsTheCheapestAdmissibleBudgetOfTheWholeGrid()
    {
        var options = Default with { Anchor = null };
        var choice = Calibrator.Choose(Trace, "batch", options, null);
        var baseline = Replayer.Run(Trace, PolicyCatalog.Parse("sc:n=12"), options.Replay);
        var cheapest = PolicyCatalog.Family("batch").CalibrationGrid(Trace.Shape(12))
            .Select(s => Replayer.Run(Trace, PolicyCatalog.Parse(s), options.Replay))
            .Where(r => Calibrator.Admissible(r, baseline, options))
            .MinBy(r => r.TokensPerQuestion)!;
        Assert.Equal(cheapest.Policy, choice.Spec.ToString());
    }

    [Theory]
    [InlineData("settle")]
    [InlineData("ac:confidence=0.8")]
    [InlineData("sc:n=12")]
    public void ReplayCache_PerQuestionPolicy_CutFromTheWholeTraceEqualsReplayingTheSubset(string text)
    {
        var spec = PolicyCatalog.Parse(text);
        var subset = Trace.Subset(Calibrator.Folds(Trace, Default)[2], "fold");
        var direct = Replayer.Run(subset, spec, Default.Replay);
        var cut = new ReplayCache(Trace, Default.Replay).Run(subset, spec);
        static ReplayResult Totals(ReplayResult r) => r with { QuestionAccuracy = [], QuestionIds = [], QuestionSamples = [], QuestionTokens = [], PerRepeat = [] };
        Assert.Equal(Totals(direct), Totals(cut));
        Assert.Equal(direct.QuestionAccuracy, cut.QuestionAccuracy);
        Assert.Equal(direct.QuestionIds, cut.QuestionIds);
        Assert.Equal(direct.QuestionTokens, cut.QuestionTokens);
        Assert.Equal(direct.PerRepeat.Select(t => (t.CapTokens, t.Correct, t.Samples, t.Tokens)), cut.PerRepeat.Select(t => (t.CapTokens, t.Correct, t.Samples, t.Tokens)));
    }
}
