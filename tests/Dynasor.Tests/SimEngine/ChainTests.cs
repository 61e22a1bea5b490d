using Dynasor.Answers;
using Dynasor.SimEngine;
using static Dynasor.Tests.SimEngine.SimRequests;

namespace Dynasor.Tests.SimEngine;

public class ChainTests
{
    [Fact]
    public async Task StreamAsync_FreshTurn_WritesThinkChainThenBoxedFinalAnswer()
    {
        await using var engine = Instant();
        var output = await CollectAsync(engine, Request(Question(1), seed: 7));

        Assert.StartsWith("<think>\n", output.Text, StringComparison.Ordinal);
        Assert.Contains("</think>\n\n", output.Text, StringComparison.Ordinal);
        Assert.Equal("stop", output.Finish);
        var chain = engine.Planner.Chain(Question(1), ChainOpening.CodeOf(7));
        Assert.Equal(chain.Text, output.Text);
        Assert.Equal(chain.FinalAnswer, AnswerExtractor.Extract(output.Text));
        Assert.Equal(chain.Correct, chain.FinalAnswer == engine.GoldAnswer(Question(1)));
    }

    [Fact]
    public async Task StreamAsync_SameSeed_SameChain_OtherSeedOtherChain()
    {
        await using var engine = Instant();
        var a = await CollectAsync(engine, Request(Question(2), seed: 1));
        var b = await CollectAsync(engine, Request(Question(2), seed: 1));
        var c = await CollectAsync(engine, Request(Question(2), seed: 2));

        Assert.Equal(a.Text, b.Text);
        Assert.NotEqual(a.Text, c.Text);
    }

    [Fact]
    public async Task StreamAsync_NoSeed_VariesPerRequest()
    {
        await using var engine = Instant();
        var a = await CollectAsync(engine, Request(Question(3)));
        var b = await CollectAsync(engine, Request(Question(3)));

        Assert.NotEqual(a.Text, b.Text);
    }

    [Fact]
    public void Tokens_OfAnyChain_RetokeniseToThemselves()
    {
        var planner = new ContinuationPlanner(new SimEngineOptions());
        for (var i = 0; i < 40; i++)
        {
            var chain = planner.Chain(Question(i), ChainOpening.CodeOf((ulong)i));
            var again = new List<string>();
            SimTokenizer.Append(chain.Text, again);

            Assert.Equal(chain.Tokens, again);
            Assert.Equal(chain.Tokens.Length, SimTokenizer.Count(chain.Text));
        }
    }

    [Fact]
    public void AnswerAfter_FromSettlePointOn_IsTheFinalAnswer()
    {
        var planner = new ContinuationPlanner(new SimEngineOptions());
        for (var i = 0; i < 40; i++)
        {
            var chain = planner.Chain(Question(i), ChainOpening.CodeOf((ulong)i));

            Assert.Equal(chain.FinalAnswer, chain.AnswerAfter(chain.SettleEnd));
            Assert.NotEqual(chain.FinalAnswer, chain.AnswerAfter(chain.SettleEnd - 1));
            for (var at = chain.SettleEnd; at <= chain.Tokens.Length; at += 37)
            {
                Assert.Equal(chain.FinalAnswer, chain.AnswerAfter(at));
            }
        }
    }

    [Fact]
    public void ChainOpening_AnyCode_ReadsBackFromItsText()
    {
        var rng = new Random(5);
        for (var i = 0; i < 3000; i++)
        {
            var code = rng.Next(1 << ChainOpening.Bits);
            var text = ChainOpening.Text(code);

            Assert.True(ChainOpening.TryRead(text, fallback: 0, out var read));
            Assert.Equal(code, read);
            Assert.True(ChainOpening.TryRead(text + " more reasoning", fallback: 0, out read));
            Assert.Equal(code, read);
        }
    }

    [Fact]
    public void ChainOpening_PartialText_KeepsFallbackWhereItFits()
    {
        var code = ChainOpening.CodeOf(99);
        var text = ChainOpening.Text(code);
        for (var cut = 0; cut <= text.Length; cut++)
        {
            Assert.True(ChainOpening.TryRead(text.AsSpan(0, cut), code, out var read));
            Assert.Equal(code, read);
        }

        Assert.False(ChainOpening.TryRead("The answer is 4", 0, out _));
    }

    [Fact]
    public async Task CountTokens_Text_CountsWordPiecesAndPunctuation()
    {
        await using var engine = Instant();

        Assert.Equal(0, engine.CountTokens(""));
        Assert.Equal(5, engine.CountTokens("Hello, world 42!"));
        Assert.Equal(4, engine.CountTokens("\\boxed{7"));
        Assert.Equal(2, engine.CountTokens("\n\n"));
    }

    [Fact]
    public void Constructor_BadOption_NamesTheOptionAndTheFix()
    {
        var error = Assert.Throws<ArgumentException>(() =>
            new SimulatedEngine(new SimEngineOptions { MaxBatch = 0 }, TimeProvider.System));

        Assert.Contains("MaxBatch = 0", error.Message, StringComparison.Ordinal);
        Assert.Contains("at least 1", error.Message, StringComparison.Ordinal);
        Assert.Throws<ArgumentException>(() => new SimulatedEngine(new SimEngineOptions { TimeScale = -1 }, TimeProvider.System));
        Assert.Throws<ArgumentException>(() => new SimulatedEngine(new SimEngineOptions { SettleMedian = 1.0 }, TimeProvider.System));
    }
}
