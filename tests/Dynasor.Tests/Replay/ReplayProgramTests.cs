using Dynasor.Policies;
using Dynasor.Replay;
using Dynasor.Traces;

namespace Dynasor.Tests.Replay;

/// <summary>The reward programs on a hand-made trace whose answers under each rule are worked out by hand.</summary>
public class ReplayProgramTests
{
    // Each question: majority, reward-weighted vote and best reward pick different answers, whatever the order.
    // q1 (target 1): 1 (.2), 1 (.2), 2 (.9)  -> sc 1 (right); wsc 1:.4 vs 2:.9 -> 2; bon 2.
    // q2 (target 3): 3 (.6), 4 (.5), 4 (.5)  -> sc 4; wsc 3:.6 vs 4:1.0 -> 4; bon 3 (right).
    // q3 (target 5): 5 (.9), 6 (.3), 6 (.3)  -> sc 6; wsc 5:.9 vs 6:.6 -> 5 (right); bon 5 (right).
    private static readonly PreparedTrace Rewarded = PreparedTrace.From("rewarded.jsonl",
    [
        Question("q1", "1", ("1", 0.2), ("1", 0.2), ("2", 0.9)),
        Question("q2", "3", ("3", 0.6), ("4", 0.5), ("4", 0.5)),
        Question("q3", "5", ("5", 0.9), ("6", 0.3), ("6", 0.3)),
    ]);

    private static TraceQuestion Question(string id, string target, params (string Answer, double Reward)[] samples) =>
        new(id, "test", "test", target, samples.Select(s => new TraceSample(s.Answer, 100, Reward: s.Reward)).ToList());

    private static ReplayResult Run(ReplayProgram program, string spec = "sc:n=3", PreparedTrace? trace = null) =>
        Replayer.Run(trace ?? Rewarded, PolicyCatalog.Parse(spec), new ReplayOptions(Cap: 3, Repeats: 6, Seed: 1) { Program = program });

    [Fact]
    public void Run_EveryProgramAtCap_AnswersAsWorkedOutByHand()
    {
        var sc = Run(ReplayProgram.Sc);
        var wsc = Run(ReplayProgram.Wsc);
        var bon = Run(ReplayProgram.Bon);

        Assert.Equal([1.0, 0.0, 0.0], sc.QuestionAccuracy);
        Assert.Equal([0.0, 0.0, 1.0], wsc.QuestionAccuracy);
        Assert.Equal([0.0, 1.0, 1.0], bon.QuestionAccuracy);
        Assert.Equal(("sc", "wsc", "bon"), (sc.Program, wsc.Program, bon.Program));
        Assert.Equal(0, bon.AccuracyStd, 12);
    }

    [Fact]
    public void Run_TerminateUnderBon_ReadsTheMaxReward()
    {
        // Every sample of "low" scores 0.1 and of "high" 0.9: after one sample bon's certaindex (max reward) is 0.1
        // or 0.9 in every order, so terminate below 0.5 stops "low" at once and runs "high" to the cap.
        var trace = PreparedTrace.From("flat.jsonl",
        [
            Question("low", "1", ("1", 0.1), ("2", 0.1), ("3", 0.1)),
            Question("high", "1", ("1", 0.9), ("1", 0.9), ("2", 0.9)),
        ]);
        var result = Run(ReplayProgram.Bon, "terminate:after=1,below=0.5", trace);
        Assert.Equal([1.0, 3.0], result.QuestionSamples);
    }

    [Fact]
    public void Run_StaticOnShareUnderWsc_StopsOnlyWhenTheWeightedLeaderHoldsTheShare()
    {
        // After two samples q1's reward-weighted leader holds 1.0 (two 1s) or 0.9/1.1 = 0.82 (a 1 and the 2): above 0.8
        // in every order, so it stops. "even" scores every answer 0.5, so any two hold 0.5 each: it runs to the cap.
        var trace = PreparedTrace.From("share.jsonl",
        [
            Question("q1", "1", ("1", 0.2), ("1", 0.2), ("2", 0.9)),
            Question("even", "1", ("1", 0.5), ("2", 0.5), ("3", 0.5)),
        ]);
        Assert.Equal([2.0, 3.0], Run(ReplayProgram.Wsc, "static:detect=2,threshold=0,share=0.8", trace).QuestionSamples);
        // The same spec with the share gate off stops both: the entropy threshold of 0 always passes.
        Assert.Equal([2.0, 2.0], Run(ReplayProgram.Wsc, "static:detect=2,threshold=0", trace).QuestionSamples);
    }

    [Fact]
    public void Run_RewardProgramOnATraceWithoutRewards_NamesTheTraceTheSampleAndTheFix()
    {
        var plain = TestTraces.Prepared(TestTraces.Question("a", "1", "1", "1"), TestTraces.Question("b", "2", "2", "3"));
        var e = Assert.Throws<ArgumentException>(() => Run(ReplayProgram.Bon, trace: plain));
        Assert.Contains("test.jsonl", e.Message);
        Assert.Contains("question 'a'", e.Message);
        Assert.Contains("\"reward\"", e.Message);
        Assert.Contains("--program bon", e.Message);
        Assert.Contains("--program sc", e.Message);
        Assert.DoesNotContain('\n', e.Message);
    }

    [Fact]
    public void Run_RewardThresholdUnderScOnATraceWithoutRewards_IsRefusedNotSilentlyRunToTheCap()
    {
        var plain = TestTraces.Prepared(TestTraces.Question("a", "1", "1", "1"));
        var e = Assert.Throws<ArgumentException>(() => Run(ReplayProgram.Sc, "static:detect=1,threshold=0,max_reward=0.9", plain));
        Assert.Contains("max_reward=0.9", e.Message);
        Assert.Equal(1.0, Run(ReplayProgram.Sc, "static:detect=1,threshold=0", plain).SamplesPerQuestion);
    }

    [Fact]
    public void Pool_PartsOfDifferentPrograms_AreRejected() =>
        Assert.Throws<ArgumentException>(() => Replayer.Pool("t", "p", [Run(ReplayProgram.Sc), Run(ReplayProgram.Bon)]));

    [Theory]
    [InlineData("sc", "sc")]
    [InlineData(" WSC ", "wsc")]
    [InlineData("Bon", "bon")]
    public void Parse_KnownName_IgnoresCaseAndSpace(string text, string name) => Assert.Equal(name, ReplayProgram.Parse(text).Name);

    [Fact]
    public void Parse_UnknownName_ListsThePrograms() =>
        Assert.Contains("sc (self-consistency), wsc", Assert.Throws<ArgumentException>(() => ReplayProgram.Parse("rebase")).Message);

    // The even-allocation figures of docs/reward-replay.md on the real trace (10 orders, seed 0, cap 8).
    [SkippableFact]
    public void Run_MathRewardTrace_MatchesTheDocumentedEvenAllocation()
    {
        Skip.IfNot(SharedTraces.Available, SharedTraces.SkipReason);
        var trace = PreparedTrace.Load(SharedTraces.PathOf("math.qwen2.5-math.jsonl"));
        Assert.Null(trace.FirstUnrewarded);
        double Accuracy(ReplayProgram program, int n) =>
            Replayer.Run(trace, PolicyCatalog.Parse($"sc:n={n}"), new ReplayOptions(Cap: 8, Repeats: 10, Seed: 0) { Program = program }).Accuracy;
        Assert.Equal(0.932, Accuracy(ReplayProgram.Sc, 8), 3);
        Assert.Equal(0.940, Accuracy(ReplayProgram.Wsc, 8), 3);
        Assert.Equal(0.940, Accuracy(ReplayProgram.Bon, 8), 3);
        Assert.Equal(0.912, Accuracy(ReplayProgram.Sc, 2), 3);
        Assert.Equal(0.929, Accuracy(ReplayProgram.Bon, 2), 3);
    }
}
