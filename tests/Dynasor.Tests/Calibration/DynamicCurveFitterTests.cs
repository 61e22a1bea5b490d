using Dynasor.Calibration;
using Dynasor.Policies;
using Dynasor.Replay;
using Dynasor.Traces;

namespace Dynasor.Tests.Calibration;

/// <summary>The dcurve fitter on traces small enough to fit by hand.</summary>
public class DynamicCurveFitterTests
{
    // Best-of-N answers with the best-rewarded sample, so it is right exactly once the 0.9 sample "1" is drawn, and its
    // certaindex (the max reward so far) says whether it was: bucket 4 (>= 0.8) once it is, 1 (0.3) or 2 (0.5) before.
    private static readonly PreparedTrace Climb = PreparedTrace.From("climb.jsonl",
    [
        new TraceQuestion("climb", "test", "test", "1",
            [new TraceSample("2", 100, Reward: 0.3), new TraceSample("3", 100, Reward: 0.5), new TraceSample("1", 100, Reward: 0.9)]),
    ]);

    // 30 orders of 3 samples: every one of the 6 orders occurs (checked by the table below having no empty cell).
    private static readonly ReplayOptions Bon = new(Cap: 3, Repeats: 30, Seed: 0) { Program = ReplayProgram.Bon };

    [Fact]
    public void Fit_BestOfN_StopsOnceTheRightSampleIsSeenAndGrantsOneMoreUntilThen()
    {
        // Row n=2: bucket 4 (right) stops; bucket 2 (2 and 3 drawn) needs the last sample; bucket 1 cannot occur at n=2
        // (the two drawn hold a 0.5 or a 0.9), so like every empty cell it runs to the cap (1). Row n=1: bucket 4 stops;
        // buckets 1 and 2 are wrong now, and granting 1 then following row 2 is right in every order for fewer tokens
        // than granting 2; the empty buckets 0, 3 and 5 run to the cap (2).
        var spec = DynamicCurveFitter.Fit(Climb, detect: 1, epsilon: 0, Bon);
        Assert.Equal("dcurve:detect=1,edges=0.2|0.4|0.6|0.8|0.99,extra=2|1|1|2|0|2;1|1|1|1|0|1", spec.ToString());
    }

    [Fact]
    public void Fit_ReplayedOnItsOwnTrace_KeepsTheCapsAccuracyForFewerSamples()
    {
        var spec = DynamicCurveFitter.Fit(Climb, detect: 1, epsilon: 0, Bon);
        var fitted = Replayer.Run(Climb, spec, Bon);
        var cap = Replayer.Run(Climb, PolicyCatalog.Parse("sc:n=3"), Bon);
        Assert.Equal(1, cap.Accuracy);
        Assert.Equal(1, fitted.Accuracy);
        // It draws until the "1" turns up: 1, 2 or 3 samples, each a third of the orders, so 2 on average over all six.
        Assert.InRange(fitted.SamplesPerQuestion, 1.7, 2.3);
    }

    [Fact]
    public void Fit_UnanimousQuestions_StopAtDetectWhereStoppingLosesNothing()
    {
        // Every sample agrees, so the answer never changes and stopping anywhere loses nothing against the cap. One vote has
        // certaindex 0 (bucket 0), two or more agreeing votes 1 (bucket 5): those cells stop; the cells never reached
        // run to the cap.
        var trace = TestTraces.Prepared(
            TestTraces.Question("right", "1", "1", "1", "1", "1"),
            TestTraces.Question("wrong", "9", "2", "2", "2", "2"));
        var spec = DynamicCurveFitter.Fit(trace, detect: 1, epsilon: 0, new ReplayOptions(Cap: 4, Repeats: 3));
        Assert.Equal("dcurve:detect=1,edges=0.2|0.4|0.6|0.8|0.99,extra=0|3|3|3|3|3;2|2|2|2|2|0;1|1|1|1|1|0", spec.ToString());
    }

    [Fact]
    public void Fit_RewardProgramOnATraceWithoutRewards_IsRefused()
    {
        var trace = TestTraces.Prepared(TestTraces.Question("q", "1", "1", "2"));
        Assert.Contains("--program bon", Assert.Throws<ArgumentException>(() => DynamicCurveFitter.Fit(trace, 1, 0, Bon)).Message);
    }
}
