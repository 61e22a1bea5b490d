using Dynasor.Engines;
using Dynasor.Programs;
using Dynasor.SimEngine;
using Dynasor.Tests.SimEngine;

namespace Dynasor.Tests.Programs;

/// <summary>Adaptive self-consistency against the simulated engine.</summary>
public class AdaptiveSelfConsistencySimEngineTests
{
    private static ContinuationRequest Request(string question) =>
        new([new ChatTurn("user", question)], "", 4096, new SamplingOptions(Seed: 3));

    [Fact]
    public async Task RunAsync_CancelledMidWave_LeavesNoRequestOpen()
    {
        // A manual clock: the wave's four samples are admitted and wait for their first step until the clock moves.
        var clock = new ManualTimeProvider();
        await using var engine = new SimulatedEngine(new SimEngineOptions(), clock);
        using var cts = new CancellationTokenSource();
        var run = AdaptiveSelfConsistency.RunAsync(engine, Request(SimRequests.Question(1)), "sc:n=4", new ScOptions(MaxSamples: 4), cts.Token);
        await clock.WaitForTimerAsync();
        Assert.Equal(4, engine.OpenRequests);

        await cts.CancelAsync();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => run);
        Assert.Equal(0, engine.OpenRequests);
    }

    [Fact]
    public async Task RunAsync_SeededEngine_MajorityAnswerComesWithTheTextOfASampleThatGaveIt()
    {
        await using var engine = SimRequests.Instant();
        var question = SimRequests.Question(2);
        var result = await AdaptiveSelfConsistency.RunAsync(engine, Request(question), "ac", new ScOptions(MaxSamples: 12));
        Assert.NotNull(result.Answer);
        Assert.Equal(result.AnswerKey, Dynasor.Answers.AnswerKey.Of(Dynasor.Answers.AnswerExtractor.Extract(result.Text)));
        Assert.Equal(result.Samples, result.Votes.Values.Sum());
        Assert.True(result.UpstreamTokens >= result.TextTokens * 1L);
        Assert.Equal(0, engine.OpenRequests);
    }
}
