using Dynasor.Cot;
using Dynasor.Engines;

namespace Dynasor.Tests.Cot;

public class DynasorCotTests
{
    private const string Boxed42 = "\n\n**Final Answer**\n\\[ \\boxed{42} \\]";
    private static readonly CotOptions T4K3 = new() { ProbeInterval = 4, Window = 3 };

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
    public async Task RunAsync_ThreeAgreeingProbes_ExitsAtTheThirdWithTheBoxedAnswer()
    {
        var chain = Chain(100);
        var engine = new ScriptedChainEngine(chain, _ => ["42", "} ", "\\]"]);
        var events = await Collect(engine, Request(), T4K3);

        Assert.Equal(13, events.Count);
        Assert.Equal(chain.Take(12), events.Take(12).Select(e => e.Text));
        var last = events[^1];
        Assert.Equal(Boxed42, last.Text);
        var summary = last.Summary!;
        Assert.True(summary.ExitedEarly);
        Assert.Equal(3, summary.Probes);
        Assert.Equal(1.0, summary.Certaindex);
        Assert.Equal(new Dictionary<string, int> { ["42"] = 3 }, summary.Votes);
        Assert.Equal("42", summary.Answer);
        Assert.Equal("stop", summary.FinishReason);
        Assert.Equal(12 + 3 * 3, summary.UpstreamTokens);
        Assert.Equal(12 + 1, summary.CompletionTokens);
        // chunk, probe, chunk, probe, chunk, probe: no fourth chunk once the window agreed.
        Assert.Equal([false, true, false, true, false, true], engine.Calls.Select(c => c.IsProbe));
        Assert.Equal([0, 4, 4, 8, 8, 12], engine.Calls.Select(c => c.ChainPosition));
        Assert.All(engine.Calls, c => Assert.Equal(c.IsProbe ? 20 : 4, c.MaxTokens));
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
        Assert.Equal(16 + 4 * 2, summary.UpstreamTokens);
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
        Assert.Equal(4, summary.Probes);
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
        Assert.Equal(4, summary.Probes);
        Assert.Empty(summary.Votes);
    }

    [Fact]
    public async Task RunAsync_ProbeText_NeverReachesTheClient()
    {
        var chain = Chain(100);
        var engine = new ScriptedChainEngine(chain, _ => ["42", "} PROBE-ONLY"]);
        var events = await Collect(engine, Request(), T4K3);
        var client = string.Concat(events.Select(e => e.Text));
        Assert.Equal(string.Concat(chain.Take(12)) + Boxed42, client);
        Assert.DoesNotContain("PROBE-ONLY", client);
        Assert.DoesNotContain("suddenly", client);
    }

    [Fact]
    public async Task RunAsync_PiecesOfSeveralTokens_CountsPerTokenNotPerPiece()
    {
        var engine = new ScriptedChainEngine(Chain(100), _ => ["4", "2", "}", " \\]"]) { TokensPerPiece = 2 };
        var events = await Collect(engine, Request(), new CotOptions { ProbeInterval = 8, Window = 2 });
        var summary = events[^1].Summary!;
        Assert.Equal(8, events.Count - 1);
        Assert.All(events.SkipLast(1), e => Assert.Equal(2, e.Tokens));
        Assert.Equal(16 + 2 * 4, summary.UpstreamTokens);
        Assert.Equal(16 + 2, summary.CompletionTokens);
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
        Assert.Equal(2, summary.Probes);
        Assert.Equal(2.0 / 3, summary.Certaindex, 9);
        Assert.Equal(new Dictionary<string, int> { ["42"] = 2 }, summary.Votes);
        Assert.Equal(10 + 2, summary.UpstreamTokens);
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
        Assert.Equal(chunkLimits.Length - 1, summary.Probes);
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
