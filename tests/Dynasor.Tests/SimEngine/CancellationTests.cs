using Dynasor.SimEngine;
using static Dynasor.Tests.SimEngine.SimRequests;

namespace Dynasor.Tests.SimEngine;

public class CancellationTests
{
    [Fact]
    public async Task StreamAsync_CancelledMidStream_LeavesAtOnceAndFreesItsBatchSlot()
    {
        var clock = new ManualTimeProvider();
        await using var engine = new SimulatedEngine(new SimEngineOptions { MaxBatch = 1 }, clock);
        using var cancel = new CancellationTokenSource();
        var first = engine.StreamAsync(Request(Question(1)), cancel.Token).GetAsyncEnumerator();
        var second = engine.StreamAsync(Request(Question(2), maxTokens: 2)).GetAsyncEnumerator();
        var nextFirst = first.MoveNextAsync().AsTask();
        var nextSecond = second.MoveNextAsync().AsTask();
        await clock.WaitForTimerAsync();
        clock.AdvanceToNextTimer();
        Assert.True(await nextFirst);
        Assert.Equal(2, engine.OpenRequests);

        nextFirst = first.MoveNextAsync().AsTask();
        await cancel.CancelAsync();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => nextFirst);
        Assert.Equal(1, engine.OpenRequests);

        // The queued request takes the freed slot: its prefill is the next thing the loop times.
        while (!nextSecond.IsCompleted)
        {
            await clock.WaitForTimerAsync();
            clock.AdvanceToNextTimer();
            await Task.WhenAny(nextSecond, clock.WaitForTimerAsync());
        }

        Assert.True(await nextSecond);
        await first.DisposeAsync();
    }

    [Fact]
    public async Task StreamAsync_ConsumerStopsReading_DisposedEnumeratorLeavesAtOnce()
    {
        var clock = new ManualTimeProvider();
        await using var engine = new SimulatedEngine(new SimEngineOptions(), clock);
        var stream = engine.StreamAsync(Request(Question(3))).GetAsyncEnumerator();
        var next = stream.MoveNextAsync().AsTask();
        await clock.WaitForTimerAsync();
        clock.AdvanceToNextTimer();
        Assert.True(await next);
        Assert.Equal(1, engine.OpenRequests);

        await stream.DisposeAsync();

        Assert.Equal(0, engine.OpenRequests);
    }

    [Fact]
    public async Task StreamAsync_AlreadyCancelledToken_NeverOpens()
    {
        await using var engine = Instant();
        using var cancel = new CancellationTokenSource();
        await cancel.CancelAsync();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => CollectAsync(engine, Request(Question(4)), cancel.Token));

        Assert.Equal(0, engine.OpenRequests);
    }

    [Fact]
    public async Task DisposeAsync_WithOpenStreams_EndsThemWithObjectDisposedAndIsIdempotent()
    {
        var clock = new ManualTimeProvider();
        var engine = new SimulatedEngine(new SimEngineOptions(), clock);
        var stream = engine.StreamAsync(Request(Question(5))).GetAsyncEnumerator();
        var next = stream.MoveNextAsync().AsTask();
        await clock.WaitForTimerAsync();

        await engine.DisposeAsync();

        await Assert.ThrowsAsync<ObjectDisposedException>(() => next);
        Assert.Equal(0, engine.OpenRequests);
        await Assert.ThrowsAsync<ObjectDisposedException>(() => CollectAsync(engine, Request(Question(6))));
        await engine.DisposeAsync();
    }
}
