using Dynasor.Engines;
using Dynasor.SimEngine;
using Dynasor.Simulation;
using static Dynasor.Tests.SimEngine.SimRequests;

namespace Dynasor.Tests.SimEngine;

public class BatchTimingTests
{
    private static readonly IterationCostModel Cost = IterationCostModel.Opt13BA100;

    [Fact]
    public async Task StreamAsync_LoneSequence_TokenKArrivesAfterPrefillPlusKMinus1Decodes()
    {
        var clock = new ManualTimeProvider();
        await using var engine = new SimulatedEngine(new SimEngineOptions { TimeScale = 2.0 }, clock);
        var request = Request(Question(1), maxTokens: 6, seed: 1);
        var prompt = 4 + engine.CountTokens(Question(1));

        var times = (await DriveAsync(engine, clock, request))[0];

        var expected = TimeSpan.FromMilliseconds(Cost.PrefillMs(prompt, (double)prompt * prompt) * 2.0);
        Assert.Equal(6, times.Count);
        Assert.Equal(expected, times[0]);
        for (var k = 1; k < 6; k++)
        {
            // Decoding token k+1 holds the prompt and the k tokens already emitted.
            expected += TimeSpan.FromMilliseconds(Cost.DecodeMs(prompt + k, 1) * 2.0);
            Assert.Equal(expected, times[k]);
        }
    }

    [Fact]
    public async Task StreamAsync_TwoSequences_EachDecodeStepIsSlowerThanAlone()
    {
        var clock = new ManualTimeProvider();
        await using var engine = new SimulatedEngine(new SimEngineOptions(), clock);
        var lone = (await DriveAsync(engine, clock, Request(Question(2), maxTokens: 12, seed: 1)))[0];
        var pair = await DriveAsync(engine, clock, Request(Question(2), maxTokens: 12, seed: 1), Request(Question(3), maxTokens: 12, seed: 2));

        // Once both decode, every step of the first costs the decode of a batch of two.
        var bothStarted = pair[1][0];
        var steps = 0;
        for (var k = 1; k < 12; k++)
        {
            if (pair[0][k - 1] < bothStarted)
            {
                continue;
            }

            Assert.True(pair[0][k] - pair[0][k - 1] > lone[k] - lone[k - 1], $"step {k}");
            steps++;
        }

        Assert.True(steps >= 8);
        Assert.True(pair[0][^1] - pair[0][0] > lone[^1] - lone[0]);
    }

    [Fact]
    public async Task StreamAsync_OverMaxBatch_LaterRequestWaitsFirstInFirstOut()
    {
        var clock = new ManualTimeProvider();
        await using var engine = new SimulatedEngine(new SimEngineOptions { MaxBatch = 1 }, clock);
        var first = Request(Question(4), maxTokens: 5, seed: 1);
        var second = Request(Question(5), maxTokens: 5, seed: 2);

        var times = await DriveAsync(engine, clock, first, second);

        Assert.True(times[1][0] > times[0][^1]);
        Assert.Equal(0, engine.OpenRequests);
    }

    [Fact]
    public async Task StreamAsync_QueuedRequests_CountAsOpenUntilDone()
    {
        var clock = new ManualTimeProvider();
        await using var engine = new SimulatedEngine(new SimEngineOptions { MaxBatch = 1 }, clock);
        using var cancel = new CancellationTokenSource();
        var a = engine.StreamAsync(Request(Question(6), maxTokens: 3), cancel.Token).GetAsyncEnumerator();
        var b = engine.StreamAsync(Request(Question(7), maxTokens: 3), cancel.Token).GetAsyncEnumerator();
        var nextA = a.MoveNextAsync().AsTask();
        var nextB = b.MoveNextAsync().AsTask();

        Assert.Equal(2, engine.OpenRequests);
        await clock.WaitForTimerAsync();
        clock.AdvanceToNextTimer();
        Assert.True(await nextA);
        Assert.False(nextB.IsCompleted);
        Assert.Equal(2, engine.OpenRequests);

        await cancel.CancelAsync();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => a.MoveNextAsync().AsTask());
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => nextB);
        Assert.Equal(0, engine.OpenRequests);
    }

    /// <summary>
    /// Streams the requests (admitted in order) and moves the clock from timer to timer, only after every emitted
    /// token has reached its consumer, so each token's arrival time is exactly the end of its iteration.
    /// </summary>
    internal static async Task<List<TimeSpan>[]> DriveAsync(SimulatedEngine engine, ManualTimeProvider clock, params ContinuationRequest[] requests)
    {
        var times = requests.Select(_ => new List<TimeSpan>()).ToArray();
        var start = clock.Elapsed;
        var startTokens = engine.GeneratedTokens;
        long received = 0;
        var consumers = requests.Select((request, i) => ConsumeAsync(request, times[i])).ToArray();
        var all = Task.WhenAll(consumers);
        while (!all.IsCompleted)
        {
            await Task.WhenAny(clock.WaitForTimerAsync(), all);
            if (all.IsCompleted)
            {
                break;
            }

            var guard = DateTime.UtcNow.AddSeconds(10);
            while (Interlocked.Read(ref received) < engine.GeneratedTokens - startTokens && DateTime.UtcNow < guard)
            {
                await Task.Yield();
            }

            clock.AdvanceToNextTimer();
        }

        await all;
        return times;

        async Task ConsumeAsync(ContinuationRequest request, List<TimeSpan> arrivals)
        {
            await foreach (var token in engine.StreamAsync(request))
            {
                arrivals.Add(clock.Elapsed - start);
                Interlocked.Add(ref received, token.Tokens);
            }
        }
    }
}
