using System.Runtime.CompilerServices;
using Dynasor.Extensions.AI.Tests.Fakes;
using Microsoft.Extensions.AI;

namespace Dynasor.Extensions.AI.Tests;

/// <summary><see cref="DynasorChatClient"/> over hand-written fakes: pass-through, refusals, sampling, and cancellation of every inner call.</summary>
public sealed class DynasorChatClientTests
{
    private static readonly DynasorChatOptions Continuing = new() { Continuation = ChatContinuation.TrailingAssistantMessage };

    [Fact]
    public async Task GetResponseAsync_ModeOff_PassesThroughWithoutDynasorKey()
    {
        var inner = new FakeChatClient { StreamCallback = (_, _, _) => Updates("hello") };
        using var client = inner.AsBuilder().UseDynasor().Build();
        var options = new ChatOptions { Temperature = 0.5f, AdditionalProperties = new() { ["dynasor"] = new { mode = "off" }, ["other"] = 1 } };

        var response = await client.GetResponseAsync("hi", options);

        Assert.Equal("hello", response.Text);
        Assert.Null(DynasorReport.From(response));
        var sent = Assert.Single(inner.Calls).Options!;
        Assert.False(sent.AdditionalProperties!.ContainsKey("dynasor"));
        Assert.Equal(1, sent.AdditionalProperties["other"]);
        Assert.True(options.AdditionalProperties.ContainsKey("dynasor"), "the caller's options are not changed");
    }

    [Fact]
    public async Task GetResponseAsync_CotOverClientThatCannotContinue_ErrorNamesFixAndNoCall()
    {
        var inner = new FakeChatClient { StreamCallback = (_, _, _) => Updates("x") };
        using var client = inner.AsBuilder().UseDynasorCot().Build();

        var e = await Assert.ThrowsAsync<InvalidOperationException>(() => client.GetResponseAsync("hi"));

        Assert.Contains("ChatContinuation.TrailingAssistantMessage", e.Message);
        Assert.Contains("mode sc", e.Message);
        Assert.Equal(0, inner.StartedCalls);
    }

    [Theory]
    [InlineData("sc")]
    [InlineData("cot")]
    public async Task GetResponseAsync_ToolsWithMode_RefusedBeforeAnyCall(string mode)
    {
        var inner = new FakeChatClient();
        using var client = inner.AsBuilder().UseDynasor(Continuing).Build();
        var options = new ChatOptions { Tools = [AIFunctionFactory.Create(() => 1, "one")], AdditionalProperties = new() { ["dynasor"] = $$"""{"mode":"{{mode}}"}""" } };

        var e = await Assert.ThrowsAsync<NotSupportedException>(() => client.GetResponseAsync("hi", options));

        Assert.Contains("ChatOptions.Tools", e.Message);
        Assert.Equal(0, inner.StartedCalls);
    }

    [Fact]
    public async Task GetResponseAsync_UnknownEffort_ArgumentErrorNamesSettingAndValues()
    {
        using var client = new FakeChatClient().AsBuilder().UseDynasor().Build();
        var options = new ChatOptions { AdditionalProperties = new() { ["dynasor"] = new Dictionary<string, object?> { ["mode"] = "cot", ["effort"] = "extreme" } } };

        var e = await Assert.ThrowsAsync<ArgumentException>(() => client.GetResponseAsync("hi", options));

        Assert.Equal("Unknown value 'extreme' for 'dynasor.effort'; use one of: mild, low, mid, high, crazy", e.Message);
    }

    [Fact]
    public async Task GetResponseAsync_Sc_EachSampleGetsCallersSamplingAndSeedPlusIndex()
    {
        var inner = new FakeChatClient { StreamCallback = (_, o, _) => Updates($"so \\boxed{{{o.Seed % 2}}}") };
        using var client = inner.AsBuilder().UseAdaptiveSelfConsistency("sc:n=4", maxSamples: 4).Build();
        var options = new ChatOptions { Seed = 10, Temperature = 0.7f, TopP = 0.9f, StopSequences = ["END"], MaxOutputTokens = 300, ModelId = "model-x" };

        var response = await client.GetResponseAsync("What is 1+1?", options);

        Assert.Equal([10L, 11, 12, 13], inner.Calls.Select(c => c.Options!.Seed!.Value).Order());
        Assert.All(inner.Calls, c =>
        {
            Assert.Equal(0.7f, c.Options!.Temperature);
            Assert.Equal(0.9f, c.Options.TopP);
            Assert.Equal(["END"], c.Options.StopSequences!);
            Assert.Equal(300, c.Options.MaxOutputTokens);
            Assert.Equal("model-x", c.Options.ModelId);
            Assert.Equal(ChatRole.User, c.Messages[^1].Role);
        });
        var report = DynasorReport.From(response)!;
        Assert.Equal(new Dictionary<string, int> { ["0"] = 2, ["1"] = 2 }, report.Votes);
        Assert.Equal("so \\boxed{0}", response.Text);
    }

    [Fact]
    public async Task GetStreamingResponseAsync_CotCancelled_EveryInnerCallEnded()
    {
        // Chunks of 64 one-token updates; a probe answers "42" and then hangs, and so does the second chunk: at the
        // cancel both are open inner calls.
        var inner = new FakeChatClient { StreamCallback = Hanging };
        using var client = inner.AsBuilder().UseDynasorCot(Continuing).Build();
        using var cts = new CancellationTokenSource();
        var seen = 0;

        await Assert.ThrowsAnyAsync<OperationCanceledException>(async () =>
        {
            await foreach (var _ in client.GetStreamingResponseAsync("What is 6*7?", null, cts.Token))
            {
                if (++seen == 70)
                    await cts.CancelAsync();
            }
        });

        Assert.True(inner.StartedCalls >= 3, $"a chunk, a probe and the next chunk should have started; {inner.StartedCalls} did");
        Assert.Equal(0, inner.OpenCalls);
        var chunk = inner.Calls.First(c => c.Messages[^1].Role == ChatRole.Assistant && !c.Messages[^1].Text.EndsWith('{'));
        Assert.Equal(string.Concat(Enumerable.Repeat("x ", 64)), chunk.Messages[^1].Text);
    }

    [Fact]
    public async Task GetResponseAsync_ScCancelledWithWaveOpen_EveryInnerCallEnded()
    {
        using var cts = new CancellationTokenSource();
        var inner = new FakeChatClient();
        inner.StreamCallback = (_, _, ct) => HangAfterOne(() => { if (inner.OpenCalls == 4) cts.Cancel(); }, ct);
        using var client = inner.AsBuilder().UseAdaptiveSelfConsistency("sc:n=4", maxSamples: 4).Build();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => client.GetResponseAsync("What is 6*7?", new ChatOptions { Seed = 1 }, cts.Token));

        Assert.Equal(4, inner.StartedCalls);
        Assert.Equal(0, inner.OpenCalls);
    }

    private static async IAsyncEnumerable<ChatResponseUpdate> Updates(string text)
    {
        await Task.Yield();
        yield return new ChatResponseUpdate(ChatRole.Assistant, text) { FinishReason = ChatFinishReason.Stop };
    }

    private static async IAsyncEnumerable<ChatResponseUpdate> Hanging(IReadOnlyList<ChatMessage> messages, ChatOptions options, [EnumeratorCancellation] CancellationToken ct)
    {
        var continuing = messages[^1].Role == ChatRole.Assistant;
        if (continuing && messages[^1].Text.EndsWith('{'))
        {
            yield return new ChatResponseUpdate(ChatRole.Assistant, "42");
            yield return new ChatResponseUpdate(ChatRole.Assistant, "}");
        }
        else
        {
            for (var i = 0; i < 64; i++)
                yield return new ChatResponseUpdate(ChatRole.Assistant, "x ");
            if (!continuing)
            {
                yield return new ChatResponseUpdate { FinishReason = ChatFinishReason.Length };
                yield break;
            }
        }
        await Task.Delay(Timeout.Infinite, ct);
    }

    private static async IAsyncEnumerable<ChatResponseUpdate> HangAfterOne(Action started, [EnumeratorCancellation] CancellationToken ct)
    {
        yield return new ChatResponseUpdate(ChatRole.Assistant, "thinking");
        started();
        await Task.Delay(Timeout.Infinite, ct);
    }
}
