using System.Text;
using Dynasor.Cot;
using Dynasor.Engines;
using Dynasor.SimEngine;

namespace Dynasor.Tests.Cot;

/// <summary>Dynasor-CoT against the in-process simulated engine (no waiting: TimeScale 0).</summary>
public class DynasorCotSimEngineTests
{
    private static SimulatedEngine Instant() => new(new SimEngineOptions { TimeScale = 0 }, TimeProvider.System);

    private static ContinuationRequest Request(int question) =>
        new([new ChatTurn("user", $"Sim question {question}: what is the answer?")], "", 16384, new SamplingOptions(Seed: 11));

    private static async Task<string> PlainAsync(IStreamingEngine engine, ContinuationRequest request)
    {
        var text = new StringBuilder();
        await foreach (var token in engine.StreamAsync(request))
            text.Append(token.Text);
        return text.ToString();
    }

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(3)]
    public async Task CompleteAsync_SeededEngine_ClientGetsAPrefixOfThePlainChainThenTheAnswer(int question)
    {
        await using var engine = Instant();
        var plain = await PlainAsync(engine, Request(question));
        var result = await DynasorCot.CompleteAsync(engine, Request(question), CotOptions.FromEffort("high"));
        var summary = result.Summary;
        Assert.True(summary.ExitedEarly);
        var appended = "**Final Answer**\n\\[ \\boxed{" + summary.Answer + "} \\]";
        Assert.EndsWith(appended, result.Content);
        var chain = result.Content[..result.Content.LastIndexOf("\n\n**Final Answer**", StringComparison.Ordinal)];
        // An open think block is closed just before the answer; the rest is the plain chain's start.
        if (chain.EndsWith("\n</think>", StringComparison.Ordinal))
            chain = chain[..^"\n</think>".Length];
        Assert.StartsWith(chain, plain);
        Assert.True(summary.UpstreamTokens > summary.CompletionTokens);
        Assert.Equal(0, engine.OpenRequests);
    }

    [Fact]
    public async Task RunAsync_CallerCancelsMidChain_LeavesNoRequestOpenOnTheEngine()
    {
        await using var engine = Instant();
        using var cts = new CancellationTokenSource();
        var received = 0;
        await Assert.ThrowsAnyAsync<OperationCanceledException>(async () =>
        {
            await foreach (var _ in DynasorCot.RunAsync(engine, Request(4), CotOptions.FromEffort("mild") with { ProbeInterval = 16 }, cts.Token))
            {
                if (++received == 100)
                    await cts.CancelAsync();
            }
        });
        Assert.Equal(0, engine.OpenRequests);
    }
}
