using Dynasor.Calibration;
using Dynasor.Policies;
using Dynasor.Replay;
using Dynasor.Synthesis;
using Dynasor.Traces;

namespace Dynasor.Tests.Calibration;

/// <summary>Label-free calibration: questions labelled by SC@cap's own vote over their recorded samples.</summary>
public class VoteLabelsTests
{
    private static TraceQuestion Unlabelled(params string[] answers) => new("q", null, null, null, answers.Select(a => new TraceSample(a, 10)).ToList());

    [Fact]
    public void Apply_MajorityAnswer_BecomesTheTargetAndGradesEverySample()
    {
        var labelled = VoteLabels.Apply(Unlabelled("18", "$18", "7", "", "18.0"));

        // 18, $18 and 18.0 are one answer with three votes; the first spelling is the target; the empty answer is never right.
        Assert.Equal("18", labelled.Target);
        Assert.Equal([true, true, false, false, true], labelled.Samples.Select(s => s.Correct!.Value));
    }

    [Fact]
    public void Apply_Tie_GoesToTheAnswerThatGotThereFirst()
    {
        var labelled = VoteLabels.Apply(Unlabelled("7", "9", "9", "7"));

        Assert.Equal("9", labelled.Target);
    }

    [Fact]
    public void Apply_NoSampleAnswered_LeavesNoTargetAndEverySampleWrong()
    {
        var labelled = VoteLabels.Apply(Unlabelled("", ""));

        Assert.Null(labelled.Target);
        Assert.All(labelled.Samples, s => Assert.False(s.Correct));
    }

    [Theory]
    [InlineData(LabelSource.Auto, false, LabelSource.ScVote)]
    [InlineData(LabelSource.Auto, true, LabelSource.Gold)]
    [InlineData(LabelSource.ScVote, true, LabelSource.ScVote)]
    [InlineData(LabelSource.Gold, true, LabelSource.Gold)]
    public void Resolve_RequestedAndWhatTheTraceHas_GivesTheSourceUsed(LabelSource requested, bool gold, LabelSource expected)
    {
        var question = gold ? Unlabelled("1") with { Target = "1" } : Unlabelled("1");

        Assert.Equal(expected, VoteLabels.Resolve(requested, [question], "t.jsonl"));
    }

    [Fact]
    public void Resolve_GoldAskedOfATraceWithout_ThrowsNamingTheFix()
    {
        var e = Assert.Throws<ArgumentException>(() => VoteLabels.Resolve(LabelSource.Gold, [Unlabelled("1")], "traffic"));

        Assert.Contains("trace 'traffic' has no gold answers", e.Message);
        Assert.Contains("--labels sc-vote", e.Message);
    }

    [Fact]
    public void ForVoteLabels_Best_KeepsOnlyTheFamiliesThatStopOnTheVote()
    {
        var selection = FamilySelection.Parse("best").ForVoteLabels();

        Assert.Equal(VoteLabels.Families, selection.Families.Select(f => f.Name));
    }

    [Theory]
    [InlineData("terminate", "no question is wrong")]
    [InlineData("curve", "needs gold answers")]
    [InlineData("length", "output length")]
    public void ForVoteLabels_FamilyThatNeedsGold_ThrowsSayingWhy(string family, string why)
    {
        var e = Assert.Throws<PolicySpecException>(() => FamilySelection.Parse(family).ForVoteLabels());

        Assert.Contains($"family '{family}' cannot be calibrated without gold answers", e.Message);
        Assert.Contains(why, e.Message);
    }

    [Fact]
    public void Calibrate_UnlabelledTraceOnVoteLabels_BaselineAgreesWithItselfAndTheChoiceIsCertifiedAgainstIt()
    {
        // Synthetic questions with their gold answers removed, as recorded traffic has none; cap = every sample recorded.
        var questions = SyntheticTrace.Generate(new SynthOptions { Questions = 80, SamplesPerQuestion = 16 })
            .Select(q => q with { Target = null, Samples = q.Samples.Select(s => s with { Correct = null }).ToList() })
            .Select(VoteLabels.Apply).ToList();
        var options = new CalibrationOptions(Epsilon: 0.02, Cap: 16, Repeats: 3, Folds: 0) { Labels = LabelSource.ScVote };

        var result = Calibrator.Calibrate(PreparedTrace.From("traffic", questions), "settle", options);

        // Without resampling SC@cap votes on every recorded sample, so it agrees with its own vote on every question.
        Assert.Equal(1.0, result.Holdout.Baseline.Accuracy);
        Assert.StartsWith("settle", result.Certificate.Proposed.ToString());
        Assert.True(result.Holdout.Policy.TokensPerQuestion < result.Holdout.Baseline.TokensPerQuestion);
    }

    [Fact]
    public void Validate_VoteLabelsUnderARewardProgram_ThrowsSayingWhy()
    {
        var e = Assert.Throws<ArgumentException>(() => new CalibrationOptions { Labels = LabelSource.ScVote, Program = ReplayProgram.All.First(p => p.Name == "bon") }.Validate());

        Assert.Contains("--labels sc-vote labels each question by its samples' majority vote", e.Message);
    }
}
