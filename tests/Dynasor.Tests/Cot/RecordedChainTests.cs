using Dynasor.Cot;
using Dynasor.Traces;

namespace Dynasor.Tests.Cot;

/// <summary>
/// Exit decisions over a hand-made recorded chain, each computed by hand in the comment beside it. The chain: probes
/// every 32 tokens, each applied 20 tokens after its launch; 400 tokens long, ending on "12".
/// </summary>
public class RecordedChainTests
{
    // at:  32  64   96(hedged) 128  160  192  224  256  288  320  352  384
    // ans: ""  "7"  "12"       "12" "12" "12" "12" "12" "12" "12" "12" "12"
    internal static readonly TraceSample Chain = new("12", 400)
    {
        Chain = new TraceChain(32, 20, 400, Exited: false,
        [
            new(32, "", 0), new(64, "7", 1), new(96, "12", 2, Hedged: true), new(128, "12", 2), new(160, "12", 2), new(192, "12", 2),
            new(224, "12", 2), new(256, "12", 2), new(288, "12", 2), new(320, "12", 2), new(352, "12", 2), new(384, "12", 2),
        ]),
    };

    [Theory]
    // mid (k=3, T=64) reads 64 "7", 128, 192, 256: the last three agree at 256 -> exit at 256+20, plus the answer's 2 tokens.
    [InlineData("mid", true, 276, 278, "12", 4)]
    // high (k=2, T=64): 128 and 192 agree -> exit at 212 + 2.
    [InlineData("high", true, 212, 214, "12", 3)]
    // crazy (k=2, T=32): 96 hedges, so 96+128 does not count; 128+160 agree -> 180 + 2; five probes read (32..160).
    [InlineData("crazy", true, 180, 182, "12", 5)]
    // low (k=5, T=64): 64..320 are 7,12,12,12,12 (never five alike); 384 is applied at 404, past the chain's end -> runs to 400.
    [InlineData("low", false, 400, 400, "12", 5)]
    // mild (k=8, T=64): five probes before the end, fewer than eight.
    [InlineData("mild", false, 400, 400, "12", 5)]
    // certaindex >= 0.6 with k=3 at T=64: after 192, two of the last three (128, 192) agree with the latest -> exit at 212 + 2.
    [InlineData("mid:threshold=0.6", true, 212, 214, "12", 3)]
    // T=128 reads 128, 256, 384(past the end): two agreeing probes with k=2 -> exit at 276 + 2.
    [InlineData("cot:window=2,interval=128", true, 276, 278, "12", 2)]
    public void Replay_HandMadeChain_ExitsWhereComputedByHand(string policy, bool exited, int chainTokens, int tokens, string answer, int probes)
    {
        var exit = RecordedChain.Replay(Chain, CotPolicy.Parse(policy));

        Assert.Equal(new ChainExit(true, exited, chainTokens, tokens, answer, probes), exit);
    }

    [Fact]
    public void Replay_ChainCutLiveBeforeTheRuleDecides_IsUnknown()
    {
        // Cut live by k=2 at 128 (applied at 148): mild needs eight agreeing probes, which the record does not have.
        var cut = new TraceSample("5", 149) { Chain = new TraceChain(64, 20, 148, Exited: true, [new(64, "5", 1), new(128, "5", 1)]) { Window = 2 } };

        var mild = RecordedChain.Replay(cut, CotPolicy.Parse("mild"));
        var high = RecordedChain.Replay(cut, CotPolicy.Parse("high"));

        Assert.False(mild.Known);
        Assert.Equal(new ChainExit(true, true, 148, 149, "5", 2), high);
    }

    [Fact]
    public void Replay_IntervalNotAMultipleOfTheRecordedOne_ThrowsNamingBoth()
    {
        var coarse = new TraceSample("1", 300) { Chain = new TraceChain(64, 20, 300, false, []) };

        var e = Assert.Throws<ArgumentException>(() => RecordedChain.Replay(coarse, CotPolicy.Parse("crazy")));

        Assert.Contains("probes every 32 tokens, but chains were recorded with probes every 64", e.Message);
        Assert.Contains("record with \"probe_interval\":32", e.Message);
    }

    [Fact]
    public void Replay_LiveOnAChainWithoutItsWindow_ThrowsSayingWhy()
    {
        var e = Assert.Throws<ArgumentException>(() => RecordedChain.Replay(Chain, CotPolicy.Parse("live")));

        Assert.Contains("needs each chain's recorded window", e.Message);
    }

    [Fact]
    public void Replay_AnswersWithBracesAndHedgeFlags_ReadBackAsRecorded()
    {
        // A LaTeX answer with nested braces agrees with itself; a hedged probe never counts, even when its answer agrees.
        var chain = new TraceSample("\\frac{1}{2}", 500)
        {
            Chain = new TraceChain(64, 20, 500, false, [new(64, "\\frac{1}{2}", 7, Hedged: true), new(128, "\\frac{1}{2}", 7), new(192, "\\frac{1}{2}", 7)]),
        };

        var exit = RecordedChain.Replay(chain, CotPolicy.Parse("high"));

        Assert.Equal(new ChainExit(true, true, 212, 219, "\\frac{1}{2}", 3), exit);
    }
}
