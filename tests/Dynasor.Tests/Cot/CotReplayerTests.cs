using Dynasor.Cot;
using Dynasor.Traces;

namespace Dynasor.Tests.Cot;

/// <summary>Figures of <see cref="CotReplayer"/> on a hand-made trace of two complete chains and one cut live.</summary>
public class CotReplayerTests
{
    // Ends on "5"; probes 64..192 say "3" (one token), 256 says "5": mid exits at 192+20 on "3" (213 tokens, wrong), high at 128+20 (149, wrong).
    private static readonly TraceSample Wrong = new("5", 300)
    {
        Chain = new TraceChain(64, 20, 300, false, [new(64, "3", 1), new(128, "3", 1), new(192, "3", 1), new(256, "5", 1)]),
    };

    // Cut live by mid at 192 (applied at 212), answer "9" of one token: 213 tokens for the client.
    private static readonly TraceSample Cut = new("9", 213)
    {
        Chain = new TraceChain(64, 20, 212, true, [new(64, "9", 1), new(128, "9", 1), new(192, "9", 1)]) { Window = 3 },
    };

    private static CotTrace Trace(string? target1 = "12", string? target2 = "5") => new("hand.jsonl",
    [
        new TraceQuestion("a", null, null, target1, [RecordedChainTests.Chain]),
        new TraceQuestion("b", null, null, target2, [Wrong, new TraceSample("x", 10)]),
        new TraceQuestion("c", null, null, "9", [Cut]),
    ]);

    [Fact]
    public void Run_Mid_CountsCompleteChainsOnlyWithHandComputedTokensAndAccuracy()
    {
        var result = CotReplayer.Run(Trace(), CotPolicy.Parse("mid"));

        // a exits at 278 (right), b at 213 (wrong); c was cut live and is left out; b's plain sample has no chain.
        Assert.Equal((2, 1, 2, true), (result.Chains, result.CutLive, result.Exits, result.Labelled));
        Assert.Equal(0.5, result.Accuracy);
        Assert.Equal((278 + 213) / 2.0, result.TokensPerChain);
        Assert.Equal((400 + 300) / 2.0, result.ChainTokensPerChain);
        Assert.Equal(1 - 245.5 / 350, result.SavingVsChainEnd, 12);
        Assert.Equal(["a", "b"], result.ChainIds);
    }

    [Fact]
    public void Run_Unlabelled_MeasuresAgreementWithEachChainsOwnEnd()
    {
        // mild never exits on a or b, so it agrees with both chains' own final answers; high exits b on "3" against its "5".
        var mild = CotReplayer.Run(Trace(null, null), CotPolicy.Parse("mild"));
        var high = CotReplayer.Run(Trace(null, null), CotPolicy.Parse("high"));

        Assert.False(mild.Labelled);
        Assert.Equal((1.0, 0.0), (mild.Accuracy, mild.SavingVsChainEnd));
        Assert.Equal(0.5, high.Accuracy);
    }

    [Fact]
    public void CheckLive_ChainRecordedWithItsWindow_MatchesTheLiveExit()
    {
        var check = CotReplayer.CheckLive(Trace());

        Assert.Equal(new LiveCheck(1, 1, 1, []), check with { Mismatches = [] });
        Assert.Empty(check.Mismatches);
    }

    [Fact]
    public void CheckLive_RecordThatDisagreesWithTheRule_IsReportedAsAMismatch()
    {
        // Claimed cut at k=3 after only two agreeing probes: the rule would not have exited there.
        var bogus = new TraceSample("9", 149) { Chain = new TraceChain(64, 20, 148, true, [new(64, "9", 1), new(128, "9", 1)]) { Window = 3 } };

        var check = CotReplayer.CheckLive(new CotTrace("t", [new TraceQuestion("z", null, null, null, [bogus])]));

        Assert.Equal((1, 0), (check.Checked, check.Matched));
        Assert.Equal("z: live exit at 149 tokens with '9', offline no exit on the recorded probes", check.Mismatches.Single());
    }

    [Fact]
    public void Constructor_TraceWithoutChains_ThrowsSayingHowToRecordThem()
    {
        var e = Assert.Throws<ArgumentException>(() => new CotTrace("plain.jsonl", [new TraceQuestion("q", null, null, "1", [new TraceSample("1", 5)])]));

        Assert.Contains("has no recorded chain", e.Message);
    }
}
