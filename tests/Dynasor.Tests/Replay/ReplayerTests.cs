using Dynasor.Policies;
using Dynasor.Replay;

namespace Dynasor.Tests.Replay;

public class ReplayerTests
{
    private static readonly PreparedTrace Trace = TestTraces.Prepared(
        TestTraces.Question("easy", "1", "1", "1", "1", "1", "1", "1"),
        TestTraces.Question("split", "1", "1", "2", "1", "2", "1", "3"),
        TestTraces.Question("wrong", "1", "2", "2", "2", "2", "1", "2"));

    private static ReplayResult Run(string spec, int repeats = 10, int seed = 0) =>
        Replayer.Run(Trace, PolicyCatalog.Parse(spec), new ReplayOptions(Cap: 6, Repeats: repeats, Seed: seed));

    [Fact]
    public void Run_ScAtCap_IsOrderIndependentMajority()
    {
        var r = Run("sc:n=6");
        Assert.Equal(2.0 / 3, r.Accuracy, 12);
        Assert.Equal(0, r.AccuracyStd, 12);
        Assert.Equal(6, r.SamplesPerQuestion);
        Assert.Equal(600, r.TokensPerQuestion);
        Assert.Equal(0, r.TokenSavingVsCap, 12);
    }

    [Fact]
    public void Pool_DisjointParts_EqualsOneRunOverTheirQuestions()
    {
        // A per-question policy sees the same orders whatever else is in the trace, so pooling parts is replaying the whole.
        var options = new ReplayOptions(Cap: 6, Repeats: 7, Seed: 2);
        var spec = PolicyCatalog.Parse("ac:confidence=0.8");
        var whole = Replayer.Run(Trace, spec, options);
        var pooled = Replayer.Pool("t", "p", [Replayer.Run(Trace.Subset([1]), spec, options), Replayer.Run(Trace.Subset([0, 2]), spec, options)]);

        Assert.Equal(3, pooled.Questions);
        Assert.Equal(whole.Accuracy, pooled.Accuracy, 12);
        Assert.Equal(whole.AccuracyStd, pooled.AccuracyStd, 12);
        Assert.Equal(whole.SamplesPerQuestion, pooled.SamplesPerQuestion, 12);
        Assert.Equal(whole.TokensPerQuestion, pooled.TokensPerQuestion, 12);
        Assert.Equal(whole.TokensStd, pooled.TokensStd, 12);
        Assert.Equal(whole.TokenSavingVsCap, pooled.TokenSavingVsCap, 12);
        Assert.Equal([whole.QuestionAccuracy[1], whole.QuestionAccuracy[0], whole.QuestionAccuracy[2]], pooled.QuestionAccuracy);
        Assert.Equal(["split", "easy", "wrong"], pooled.QuestionIds);
        Assert.Equal([whole.QuestionTokens[1], whole.QuestionTokens[0], whole.QuestionTokens[2]], pooled.QuestionTokens);
    }

    [Theory]
    [InlineData("sc:n=6")]
    [InlineData("settle")]
    [InlineData("batch:budget=2")]
    public void Run_PerQuestionSpending_AddsUpToTheTotals(string spec)
    {
        var r = Run(spec, repeats: 5);
        Assert.Equal(["easy", "split", "wrong"], r.QuestionIds);
        Assert.Equal(r.TokensPerQuestion * 3, r.QuestionTokens.Sum(), 9);
        Assert.Equal(r.SamplesPerQuestion * 3, r.QuestionSamples.Sum(), 9);
        // Every test sample is 100 tokens long.
        Assert.All(Enumerable.Range(0, 3), q => Assert.Equal(r.QuestionSamples[q] * 100, r.QuestionTokens[q], 9));
    }

    [Fact]
    public void Pool_PartsWithDifferentRepeats_AreRejected() =>
        Assert.Throws<ArgumentException>(() => Replayer.Pool("t", "p", [Run("sc:n=6", repeats: 2), Run("sc:n=6", repeats: 3)]));

    [Fact]
    public void Run_Resample_UsingEverySampleNoLongerRecoversTheRecordedVote()
    {
        // Recorded 3:2 for the target. Shuffled, SC over all five samples is always right; drawn with replacement, the
        // vote over five draws is as uncertain as a 60% answer makes it, and SC@cap's tokens are drawn too.
        var trace = TestTraces.Prepared(TestTraces.Question("q", "1", "1", "1", "1", "2", "2"));
        var sc = PolicyCatalog.Parse("sc:n=5");
        var shuffled = Replayer.Run(trace, sc, new ReplayOptions(Cap: 5, Repeats: 200, Seed: 0));
        var resampled = Replayer.Run(trace, sc, new ReplayOptions(Cap: 5, Repeats: 200, Seed: 0, Resample: true));
        Assert.Equal(1, shuffled.Accuracy);
        Assert.InRange(resampled.Accuracy, 0.55, 0.8); // P(at least 3 of 5 draws at 60%) = 0.68
        Assert.Equal(500, resampled.TokensPerQuestion);
        Assert.Equal(0, resampled.TokenSavingVsCap, 12);
    }

    [Fact]
    public void Run_SameSeed_SameResult()
    {
        var (a, b) = (Run("settle", seed: 3), Run("settle", seed: 3));
        Assert.Equal(a with { QuestionAccuracy = [], QuestionIds = [], QuestionSamples = [], QuestionTokens = [], PerRepeat = [] }, b with { QuestionAccuracy = [], QuestionIds = [], QuestionSamples = [], QuestionTokens = [], PerRepeat = [] });
        Assert.Equal(a.QuestionTokens, b.QuestionTokens);
        Assert.Equal(a.QuestionAccuracy, b.QuestionAccuracy);
        Assert.Equal(a.PerRepeat.SelectMany(t => t.Correctness), b.PerRepeat.SelectMany(t => t.Correctness));
        Assert.Equal(a.PerRepeat.Select(t => (t.Correct, t.Samples, t.Tokens, t.CapTokens)), b.PerRepeat.Select(t => (t.Correct, t.Samples, t.Tokens, t.CapTokens)));
    }

    [Fact]
    public void Run_QuestionAccuracy_IsPerQuestionFractionOfOrdersAndAveragesToAccuracy()
    {
        var r = Run("sc:n=6");
        Assert.Equal([1.0, 1.0, 0.0], r.QuestionAccuracy);
        var one = Run("sc:n=1", repeats: 20);
        Assert.Equal(1.0, one.QuestionAccuracy[0]);
        Assert.Equal(one.Accuracy, one.QuestionAccuracy.Average(), 12);
    }

    [Fact]
    public void Run_OneSample_SavesFiveSixthsOfTokens()
    {
        var r = Run("sc:n=1");
        Assert.Equal(1, r.SamplesPerQuestion);
        Assert.Equal(5.0 / 6, r.TokenSavingVsCap, 12);
    }

    [Fact]
    public void Run_Batch_SpendsAboutItsBudget()
    {
        var r = Run("batch:budget=300");
        Assert.InRange(r.TokensPerQuestion, 300, 400);
    }

    [Fact]
    public void Run_ScAboveTheSamplesThereAre_IsLabelledWithTheSamplesItDrew()
    {
        // The trace has 7 samples per question and the cap is 6: sc:n=40 draws 6, and says so.
        var r = Run("sc:n=40");
        Assert.Equal("sc:n=6", r.Policy);
        Assert.Equal(6, r.SamplesPerQuestion);
        Assert.Equal(Run("sc:n=6").TokensPerQuestion, r.TokensPerQuestion);
    }

    [Fact]
    public void Run_DefaultBatch_IsLabelledWithTheBudgetItUsesAndTheLabelReplaysTheSame()
    {
        var r = Run("batch");
        // Four mean-length samples per question: every sample of this trace is 100 tokens.
        Assert.Equal("batch:budget=400,initial=1", r.Policy);
        var again = Run(r.Policy);
        Assert.Equal(r.Policy, again.Policy);
        Assert.Equal(r.TokensPerQuestion, again.TokensPerQuestion);
        Assert.Equal(r.Accuracy, again.Accuracy);
    }

    [Fact]
    public void Run_BadOptions_AreRejected() =>
        Assert.Throws<ArgumentException>(() => Replayer.Run(Trace, PolicyCatalog.Parse("ac"), new ReplayOptions(Cap: 0)));

    [Theory]
    [InlineData(ReplayOptions.MaxCap + 1, 10, "cap 1001")]
    [InlineData(40, ReplayOptions.MaxRepeats + 1, "repeats 1001")]
    [InlineData(40, int.MaxValue, "repeats 2147483647")]
    public void Validate_BeyondTheBounds_NamesTheSettingAndItsRange(int cap, int repeats, string mention)
    {
        var message = Assert.Throws<ArgumentException>(() => new ReplayOptions(cap, repeats).Validate()).Message;
        Assert.Contains(mention, message);
        Assert.Contains("1000", message);
    }

    // Reproduces the anchors of the table on the real trace (10 shuffled orders, cap 40).
    [SkippableFact]
    public void Run_Gsm8kAnchors_MatchPublishedFigures()
    {
        Skip.IfNot(SharedTraces.Available, SharedTraces.SkipReason);
        var trace = PreparedTrace.Load(SharedTraces.PathOf("gsm8k.gpt-4o-mini.jsonl"));
        var options = new ReplayOptions();
        var sc = Replayer.Run(trace, PolicyCatalog.Parse("sc:n=40"), options);
        Assert.Equal(0.942, sc.Accuracy, 2);
        Assert.Equal(0.647, Replayer.Run(trace, PolicyCatalog.Parse("static:detect=5,threshold=0.7"), options).TokenSavingVsCap, 2);
        Assert.Equal(0.748, Replayer.Run(trace, PolicyCatalog.Parse("esc:window=5"), options).TokenSavingVsCap, 2);
        var ac = Replayer.Run(trace, PolicyCatalog.Parse("ac:confidence=0.95"), options);
        Assert.Equal(0.831, ac.TokenSavingVsCap, 2);
        Assert.InRange(ac.Accuracy, 0.937, 0.947);
    }
}
