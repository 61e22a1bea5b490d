using Dynasor.Cot;
using static Dynasor.Tests.Cot.DynasorCotTests;

namespace Dynasor.Tests.Cot;

/// <summary>
/// Probes overlap the next chunk; exits and cancellations end every upstream stream. The engines here block on
/// signals from each other, never on time; the only timeout is a guard that turns a deadlock into a failure.
/// </summary>
public class DynasorCotConcurrencyTests
{
    private static readonly TimeSpan Guard = TimeSpan.FromSeconds(20);

    private static TaskCompletionSource Signal() => new(TaskCreationOptions.RunContinuationsAsynchronously);

    [Fact]
    public async Task RunAsync_ProbeAfterAChunk_RunsWhileTheNextChunkStreams()
    {
        // The first probe cannot answer until the second chunk has started, and the second chunk cannot produce a token
        // until the first probe has started: a runner that waits for the probe before the next chunk deadlocks here.
        var probeStarted = Signal();
        var chunkStarted = Signal();
        var engine = new ScriptedChainEngine(Chain(100), _ => ["42}"])
        {
            BeforePiece = (call, i, ct) =>
            {
                if (i != 0 || call.ChainPosition != 4)
                    return Task.CompletedTask;
                (call.IsProbe ? probeStarted : chunkStarted).TrySetResult();
                return (call.IsProbe ? chunkStarted : probeStarted).Task.WaitAsync(Guard, ct);
            },
        };
        // The probes at 4 and 8 (20 tokens each) are due at 24 and 28, so the run exits at 28 whatever the thread timing.
        var result = await DynasorCot.CompleteAsync(engine, Request(), new CotOptions { ProbeInterval = 4, Window = 2 });
        Assert.True(result.Summary.ExitedEarly);
        Assert.Equal(string.Concat(Chain(28)) + "\n\n**Final Answer**\n\\[ \\boxed{42} \\]", result.Content);
        Assert.True(engine.MaxOpen >= 2);
        Assert.Equal(0, engine.Open);
    }

    [Fact]
    public async Task RunAsync_ProbeDueMidChunk_ExitsThereAndCancelsTheChunk()
    {
        // Window 1: the first probe (launched at 4, at most 2 tokens) decides at 6, in the middle of the second chunk,
        // whose third token never comes unless cancelled. The probe answers only once the chunk is streaming.
        var chunkStreaming = Signal();
        var engine = new ScriptedChainEngine(Chain(100), _ => ["42", "}"])
        {
            BeforePiece = async (call, i, ct) =>
            {
                if (call.IsProbe && i == 0)
                    await chunkStreaming.Task.WaitAsync(Guard, ct);
                else if (!call.IsProbe && call.ChainPosition == 4 && i == 0)
                    chunkStreaming.TrySetResult();
                else if (!call.IsProbe && call.ChainPosition == 4 && i == 2)
                    await Task.Delay(Timeout.Infinite, ct);
            },
        };
        var events = new List<CotEvent>();
        await foreach (var e in DynasorCot.RunAsync(engine, Request(), new CotOptions { ProbeInterval = 4, Window = 1, ProbeMaxTokens = 2 }))
            events.Add(e);

        Assert.Equal(DynasorCotTests.Chain(6), events.SkipLast(1).Select(e => e.Text));
        var summary = events[^1].Summary!;
        Assert.True(summary.ExitedEarly);
        Assert.Equal(6 + 2, summary.UpstreamTokens);
        Assert.Equal(6 + 1, summary.CompletionTokens);
        Assert.True(engine.Calls.Single(c => !c.IsProbe && c.ChainPosition == 4).Cancelled);
        Assert.Equal(0, engine.Open);
    }

    [Fact]
    public async Task RunAsync_CallerCancels_CancelsTheChunkAndEveryProbe()
    {
        // Probes never answer; the chain yields asynchronously. After six chain tokens the caller cancels.
        var engine = new ScriptedChainEngine(Chain(100), _ => ["42}"])
        {
            BeforePiece = async (call, _, ct) =>
            {
                if (call.IsProbe)
                    await Task.Delay(Timeout.Infinite, ct);
                else
                    await Task.Yield();
            },
        };
        using var cts = new CancellationTokenSource();
        var received = 0;
        await Assert.ThrowsAnyAsync<OperationCanceledException>(async () =>
        {
            await foreach (var _ in DynasorCot.RunAsync(engine, Request(), new CotOptions { ProbeInterval = 2, Window = 3 }, cts.Token))
            {
                if (++received == 6)
                    await cts.CancelAsync();
            }
        });
        Assert.Equal(6, received);
        Assert.Equal(0, engine.Open);
        Assert.Equal(2, engine.Calls.Count(c => c.IsProbe));
        Assert.All(engine.Calls.Where(c => c.IsProbe), c => Assert.True(c.Cancelled));
    }

    [Fact]
    public async Task RunAsync_ConsumerStopsEarly_DisposingCancelsEverythingStillOpen()
    {
        var engine = new ScriptedChainEngine(Chain(100), _ => ["42}"])
        {
            BeforePiece = async (call, _, ct) =>
            {
                if (call.IsProbe)
                    await Task.Delay(Timeout.Infinite, ct);
            },
        };
        var received = 0;
        await foreach (var _ in DynasorCot.RunAsync(engine, Request(), new CotOptions { ProbeInterval = 3, Window = 2 }))
        {
            if (++received == 7)
                break;
        }
        Assert.Equal(0, engine.Open);
        Assert.Equal(3, engine.Calls.Count(c => !c.IsProbe));
        Assert.True(engine.Calls.Last(c => !c.IsProbe).Cancelled);
        Assert.All(engine.Calls.Where(c => c.IsProbe), c => Assert.True(c.Cancelled));
    }
}
