using Dynasor.SimEngine;
using FsCheck;
using FsCheck.Fluent;
using static Dynasor.Tests.SimEngine.SimRequests;

namespace Dynasor.Tests.SimEngine;

public class ContinuationTests
{
    private static Config Seeded(int maxTest) => SeededProperties.Config(maxTest, 0x51_E4_61_4EUL);

    [Fact]
    public void StreamAsync_ChunkedContinuationOfAnyChunkSize_EqualsOneShotChain()
    {
        // Chunk sizes lean small (down to 1 token) where prefix handling is hardest.
        var chunks = Gen.OneOf(Gen.Choose(1, 40), Gen.Choose(41, 700));
        var cases = Arb.From(from q in Gen.Choose(0, 10_000) from s in Gen.Choose(0, int.MaxValue) from t in chunks select (q, s, t));
        Prop.ForAll(cases, c => ChunkedEqualsOneShot(c.Item1, c.Item2, c.Item3, seedEveryChunk: true)).Check(Seeded(40));
    }

    [Fact]
    public void StreamAsync_ChunksWithoutSeedOnceOpeningIsWritten_EqualOneShotChain()
    {
        // Without a seed the variant is read from the chain's opening, so later chunks need none once it is there.
        var opening = SimTokenizer.Count(ChainOpening.Text(0));
        var cases = Arb.From(from q in Gen.Choose(0, 10_000) from s in Gen.Choose(0, int.MaxValue) from t in Gen.Choose(opening + 4, 500) select (q, s, t));
        Prop.ForAll(cases, c => ChunkedEqualsOneShot(c.Item1, c.Item2, c.Item3, seedEveryChunk: false)).Check(Seeded(30));
    }

    [Fact]
    public async Task StreamAsync_PrefixEndingInsideAToken_ContinuesWithTheTokensRest()
    {
        await using var engine = Instant();
        var whole = await CollectAsync(engine, Request(Question(4), seed: 3));
        var cut = whole.Text.IndexOf(" problem", StringComparison.Ordinal) + 4;

        var rest = await CollectAsync(engine, Request(Question(4), whole.Text[..cut], seed: 3));

        Assert.Equal(whole.Text, whole.Text[..cut] + rest.Text);
        Assert.Equal("blem", rest.Tokens[0]);
    }

    [Fact]
    public async Task StreamAsync_WholeChainAsPrefix_FinishesStopWithNothingMore()
    {
        await using var engine = Instant();
        var whole = await CollectAsync(engine, Request(Question(5), seed: 9));

        var more = await CollectAsync(engine, Request(Question(5), whole.Text, maxTokens: 10));

        Assert.Equal("", more.Text);
        Assert.Empty(more.Tokens);
        Assert.Equal("stop", more.Finish);
    }

    [Fact]
    public async Task StreamAsync_ForeignPrefix_ResumesReasoningWithoutRestarting()
    {
        await using var engine = Instant();
        var output = await CollectAsync(engine, Request(Question(6), "Let me think about this my own way.", maxTokens: 30, seed: 1));

        Assert.Equal(30, output.Tokens.Count);
        Assert.DoesNotContain("<think>", output.Text, StringComparison.Ordinal);
    }

    private static bool ChunkedEqualsOneShot(int question, int seed, int chunk, bool seedEveryChunk)
    {
        return Run().GetAwaiter().GetResult();

        async Task<bool> Run()
        {
            await using var engine = Instant(seed: question % 3);
            var oneShot = await CollectAsync(engine, Request(Question(question), seed: seed));
            var tokens = new List<string>();
            var prefix = "";
            for (var first = true; ; first = false)
            {
                var part = await CollectAsync(engine, Request(Question(question), prefix, chunk, seedEveryChunk || first ? seed : null));
                tokens.AddRange(part.Tokens);
                prefix += part.Text;
                if (part.Finish == "stop")
                {
                    break;
                }

                Assert.Equal("length", part.Finish);
                Assert.Equal(chunk, part.Tokens.Count);
            }

            Assert.Equal(oneShot.Tokens, tokens);
            Assert.Equal(oneShot.Text, prefix);
            Assert.Equal("stop", oneShot.Finish);
            return true;
        }
    }
}
