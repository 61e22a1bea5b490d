using Dynasor.Cot;
using Dynasor.Engines;

namespace Dynasor.Tests.Cot;

public class DynasorCotTests
{
    private const string Boxed42 = "\n\n**Final Answer**\n\\[ \\boxed{42} \\]";
    // Probes of at most 4 tokens are applied 4 tokens after launch: at the end of the next chunk, as in the reference.
    private static readonly CotOptions T4K3 = new() { ProbeInterval = 4, Window = 3, ProbeMaxTokens = 4 };

    internal static string[] Chain(int pieces) => Enumerable.Range(0, pieces).Select(i => $"s{i} ").ToArray();

    internal static ContinuationRequest Request(int maxTokens = 1000, string prefix = "", SamplingOptions? sampling = null) =>
        new([new ChatTurn("user", "What is 6 x 7?")], prefix, maxTokens, sampling ?? new SamplingOptions(Seed: 7));

    private static async Task<List<CotEvent>> Collect(IStreamingEngine engine, ContinuationRequest request, CotOptions options)
    {
        var events = new List<CotEvent>();
        await foreach (var e in DynasorCot.RunAsync(engine, request, options))
            events.Add(e);
        return events;
    }

    [Fact]
    public async Task RunAsync_ThreeAgreeingProbes_ExitsWhenTheThirdIsDueWithTheBoxedAnswer()
    {
        var chain = Chain(100);
        var engine = new ScriptedChainEngine(chain, _ => ["42", "} ", "\\]"]);
        var events = await Collect(engine, Request(), T4K3);

        Assert.Equal(17, events.Count);
        Assert.Equal(chain.Take(16), events.Take(16).Select(e => e.Text));
        var last = events[^1];
        Assert.Equal(Boxed42, last.Text);
        var summary = last.Summary!;
        Assert.True(summary.ExitedEarly);
        Assert.Equal(3, summary.Probes);
        Assert.Equal(1.0, summary.Certaindex);
        Assert.Equal(new Dictionary<string, int> { ["42"] = 3 }, summary.Votes);
        Assert.Equal("42", summary.Answer);
        Assert.Equal("stop", summary.FinishReason);
        Assert.Equal(16 + 3 * 3, summary.UpstreamTokens);
        Assert.Equal(16 + 1, summary.CompletionTokens);
        // Each probe streams alongside the next chunk; no fourth probe or fifth chunk once the window agreed.
        Assert.Equal([false, true, false, true, false, true, false], engine.Calls.Select(c => c.IsProbe));
        Assert.Equal([0, 4, 4, 8, 8, 12, 12], engine.Calls.Select(c => c.ChainPosition));
        Assert.All(engine.Calls, c => Assert.Equal(4, c.MaxTokens));
        Assert.All(engine.Calls, c => Assert.Equal(7, c.Sampling.Seed));
    }

    [Fact]
    public async Task RunAsync_AnswerChangesThenHolds_ExitsWhenTheLastKAgreeUnderNormalisation()
    {
        var answers = new Dictionary<int, string> { [4] = "41", [8] = "42", [12] = "42.0", [16] = "$42$" };
        var engine = new ScriptedChainEngine(Chain(100), p => [answers[p], "}"]);
        var summary = (await Collect(engine, Request(), T4K3))[^1].Summary!;
        Assert.True(summary.ExitedEarly);
        Assert.Equal(4, summary.Probes);
        Assert.Equal(new Dictionary<string, int> { ["42"] = 3 }, summary.Votes);
        Assert.Equal("$42$", summary.Answer);
        Assert.Equal(20 + 4 * 2, summary.UpstreamTokens);
    }

    [Theory]
    [InlineData("42} wait")]
    [InlineData("42} Hmm, let me")]
    [InlineData("Wait, 42}")]
    public async Task RunAsync_ProbesHedge_NeverExitsAndPassesTheChainsFinishThrough(string probe)
    {
        var chain = Chain(20);
        var engine = new ScriptedChainEngine(chain, _ => [probe]);
        var events = await Collect(engine, Request(), T4K3);
        var summary = events[^1].Summary!;
        Assert.False(summary.ExitedEarly);
        Assert.Equal("stop", summary.FinishReason);
        Assert.Equal("", events[^1].Text);
        Assert.Equal(string.Concat(chain), string.Concat(events.Select(e => e.Text)));
        // Probes at 4, 8, 12 were due before the chain stopped at 20; the one at 16 was not.
        Assert.Equal(3, summary.Probes);
        Assert.Equal(0, summary.Certaindex);
        Assert.Null(summary.Answer);
        Assert.Equal(20, summary.CompletionTokens);
    }

    [Fact]
    public async Task RunAsync_HedgeWordOnlyInsideALongerWord_StillExits()
    {
        var engine = new ScriptedChainEngine(Chain(100), _ => ["42} the awaited", " nobody butter"]);
        var summary = (await Collect(engine, Request(), T4K3))[^1].Summary!;
        Assert.True(summary.ExitedEarly);
        Assert.Equal(3, summary.Probes);
    }

    [Theory]
    [InlineData("}")]
    [InlineData("  } \\]")]
    [InlineData("42 is the answer so far")]
    public async Task RunAsync_EmptyOrUnclosedProbeAnswers_NeverAgree(string probe)
    {
        var engine = new ScriptedChainEngine(Chain(20), _ => [probe]);
        var summary = (await Collect(engine, Request(), T4K3))[^1].Summary!;
        Assert.False(summary.ExitedEarly);
        Assert.Equal(3, summary.Probes);
        Assert.Empty(summary.Votes);
    }

    [Fact]
    public async Task RunAsync_ProbeText_NeverReachesTheClient()
    {
        var chain = Chain(100);
        var engine = new ScriptedChainEngine(chain, _ => ["42", "} PROBE-ONLY"]);
        var events = await Collect(engine, Request(), T4K3);
        var client = string.Concat(events.Select(e => e.Text));
        Assert.Equal(string.Concat(chain.Take(16)) + Boxed42, client);
        Assert.DoesNotContain("PROBE-ONLY", client);
        Assert.DoesNotContain("suddenly", client);
    }

    [Fact]
    public async Task RunAsync_PiecesOfSeveralTokens_CountsPerTokenNotPerPiece()
    {
        var engine = new ScriptedChainEngine(Chain(100), _ => ["4", "2", "}", " \\]"]) { TokensPerPiece = 2 };
        var events = await Collect(engine, Request(), new CotOptions { ProbeInterval = 8, Window = 2, ProbeMaxTokens = 8 });
        var summary = events[^1].Summary!;
        Assert.Equal(12, events.Count - 1);
        Assert.All(events.SkipLast(1), e => Assert.Equal(2, e.Tokens));
        Assert.Equal(24 + 2 * 4, summary.UpstreamTokens);
        Assert.Equal(24 + 2, summary.CompletionTokens);
        Assert.All(engine.Calls.Where(c => !c.IsProbe), c => Assert.Equal(8, c.MaxTokens));
    }

    [Fact]
    public async Task RunAsync_ChainFinishesBeforeTheWindowAgrees_PassesStopThroughWithoutAnAnswer()
    {
        var engine = new ScriptedChainEngine(Chain(10), _ => ["42}"]);
        var events = await Collect(engine, Request(), T4K3);
        var summary = events[^1].Summary!;
        Assert.False(summary.ExitedEarly);
        Assert.Equal("stop", summary.FinishReason);
        Assert.Equal(1, summary.Probes);
        Assert.Equal(1.0 / 3, summary.Certaindex, 9);
        Assert.Equal(new Dictionary<string, int> { ["42"] = 1 }, summary.Votes);
        Assert.Equal(2, engine.Calls.Count(c => c.IsProbe));
        Assert.Equal(10 + 2, summary.UpstreamTokens);
    }

    [Fact]
    public async Task RunAsync_WindowWouldAgreeAtTheChainsLastToken_PassesTheChainsStopThrough()
    {
        // Probes at 4, 8, 12 agree; the third is due at 16, where the chain ends by itself.
        var engine = new ScriptedChainEngine(Chain(16), _ => ["42}"]);
        var events = await Collect(engine, Request(), T4K3);
        Assert.False(events[^1].Summary!.ExitedEarly);
        Assert.Equal("stop", events[^1].Summary!.FinishReason);
        Assert.Equal("", events[^1].Text);
    }

    [Theory]
    [InlineData(10, 32768, new[] { 4, 4, 2 })]
    [InlineData(1000, 6, new[] { 4, 2 })]
    public async Task RunAsync_TokenBudgetRunsOut_FinishesWithLength(int requestMax, int optionsMax, int[] chunkLimits)
    {
        var engine = new ScriptedChainEngine(Chain(100), _ => ["wait}"]);
        var events = await Collect(engine, Request(requestMax), T4K3 with { MaxTokens = optionsMax });
        var summary = events[^1].Summary!;
        Assert.Equal("length", summary.FinishReason);
        Assert.Equal(chunkLimits.Sum(), summary.CompletionTokens);
        Assert.Equal(chunkLimits, engine.Calls.Where(c => !c.IsProbe).Select(c => c.MaxTokens));
        Assert.Equal(chunkLimits.Length - 1, engine.Calls.Count(c => c.IsProbe));
    }

    [Theory]
    [InlineData("<think>\n", "\n</think>" + Boxed42)]
    [InlineData("<think>\nI know. </think>", Boxed42)]
    [InlineData("", Boxed42)]
    public async Task RunAsync_ExitInsideAThinkBlock_ClosesIt(string prefix, string appended)
    {
        var engine = new ScriptedChainEngine(Chain(100), _ => ["42}"], prefix);
        var events = await Collect(engine, Request(prefix: prefix), T4K3);
        Assert.Equal(appended, events[^1].Text);
    }
}
