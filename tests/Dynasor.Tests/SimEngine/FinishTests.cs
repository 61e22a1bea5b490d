using static Dynasor.Tests.SimEngine.SimRequests;

namespace Dynasor.Tests.SimEngine;

public class FinishTests
{
    [Fact]
    public async Task StreamAsync_MaxTokensBeforeTheEnd_StopsThereWithLength()
    {
        await using var engine = Instant();
        var whole = await CollectAsync(engine, Request(Question(1), seed: 4));

        var part = await CollectAsync(engine, Request(Question(1), maxTokens: 17, seed: 4));

        Assert.Equal(17, part.Tokens.Count);
        Assert.Equal(whole.Tokens.Take(17), part.Tokens);
        Assert.Equal("length", part.Finish);
    }

    [Fact]
    public async Task StreamAsync_StopSequence_EndsBeforeItWithStop()
    {
        await using var engine = Instant();
        var whole = await CollectAsync(engine, Request(Question(2), seed: 5));

        var cut = await CollectAsync(engine, Request(Question(2), seed: 5, stop: ["never appears", "</think>"]));

        Assert.Equal(whole.Text[..whole.Text.IndexOf("</think>", StringComparison.Ordinal)], cut.Text);
        Assert.Equal("stop", cut.Finish);
    }

    [Fact]
    public async Task StreamAsync_StopSequenceInsideAToken_CutsTheToken()
    {
        await using var engine = Instant();

        var cut = await CollectAsync(engine, Request(Question(3), seed: 6, stop: ["eed to"]));

        Assert.EndsWith(" I n", cut.Text, StringComparison.Ordinal);
        Assert.Equal("stop", cut.Finish);
    }

    [Fact]
    public async Task StreamAsync_StopSequenceBeyondMaxTokens_FinishesLength()
    {
        await using var engine = Instant();

        var part = await CollectAsync(engine, Request(Question(4), maxTokens: 5, seed: 7, stop: ["</think>"]));

        Assert.Equal(5, part.Tokens.Count);
        Assert.Equal("length", part.Finish);
    }

    [Fact]
    public async Task StreamAsync_MaxTokensZero_ThrowsNamingTheFix()
    {
        await using var engine = Instant();

        var error = await Assert.ThrowsAsync<ArgumentOutOfRangeException>(() => CollectAsync(engine, Request(Question(1), maxTokens: 0)));

        Assert.Contains("MaxTokens must be at least 1", error.Message, StringComparison.Ordinal);
    }
}
