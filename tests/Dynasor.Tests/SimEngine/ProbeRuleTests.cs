using Dynasor.Certainty;
using Dynasor.SimEngine;
using static Dynasor.Tests.SimEngine.SimRequests;

namespace Dynasor.Tests.SimEngine;

/// <summary>
/// Dynasor-CoT's exit rule (PAPER.md) run against the engine's probes on whole chains: the engine must make the
/// conservative preset safe and the aggressive one costly, as reasoning models do. This checks the engine's
/// calibration, not the Dynasor-CoT implementation.
/// </summary>
public class ProbeRuleTests
{
    private const int Questions = 120;

    [Fact]
    public async Task ProbeRule_MildPreset_SavesTokensAtTheSameAccuracy()
    {
        var (offTokens, offRight, tokens, right) = await RunAsync(window: 8, interval: 64);

        Assert.InRange(right, offRight - 1, offRight + 1);
        Assert.InRange((double)tokens / offTokens, 0.6, 0.95);
    }

    [Fact]
    public async Task ProbeRule_CrazyPreset_SavesMostTokensButLosesAccuracy()
    {
        var (offTokens, offRight, tokens, right) = await RunAsync(window: 2, interval: 32);

        Assert.True(right < offRight, $"{right} vs {offRight}");
        Assert.InRange((double)tokens / offTokens, 0.1, 0.5);
    }

    private static async Task<(long OffTokens, int OffRight, long Tokens, int Right)> RunAsync(int window, int interval)
    {
        await using var engine = Instant();
        long offTokens = 0, tokens = 0;
        int offRight = 0, right = 0;
        for (var q = 0; q < Questions; q++)
        {
            var chain = engine.Planner.Chain(Question(q), ChainOpening.CodeOf((ulong)q));
            var gold = engine.GoldAnswer(Question(q));
            offTokens += chain.Tokens.Length;
            offRight += chain.FinalAnswer == gold ? 1 : 0;
            var (exit, answer) = await ExitAsync(engine, q, chain, window, interval);
            tokens += exit;
            right += answer == gold ? 1 : 0;
        }

        return (offTokens, offRight, tokens, right);
    }

    // Probes every interval tokens; exits when the last window answers agree, are non-empty and none hedges.
    private static async Task<(int Tokens, string Answer)> ExitAsync(SimulatedEngine engine, int q, ReasoningChain chain, int window, int interval)
    {
        var answers = new List<string>();
        var streak = 0;
        for (var at = interval; at < chain.Tokens.Length; at += interval)
        {
            var probe = await CollectAsync(engine, Request(Question(q), chain.Text[..chain.OffsetOf(at)] + ProbeSuffix, maxTokens: 20));
            var close = probe.Text.IndexOf('}', StringComparison.Ordinal);
            var answer = close < 0 ? probe.Text : probe.Text[..close];
            var clean = answer.Length > 0 && !HedgeWords.Contains(probe.Text);
            streak = clean && answers.Count > 0 && answers[^1] == answer && streak > 0 ? streak + 1 : clean ? 1 : 0;
            answers.Add(answer);
            if (streak >= window)
            {
                return (at, answer);
            }
        }

        return (chain.Tokens.Length, chain.FinalAnswer);
    }
}
