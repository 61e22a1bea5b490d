using Dynasor.Certainty;
using Dynasor.SimEngine;
using static Dynasor.Tests.SimEngine.SimRequests;

namespace Dynasor.Tests.SimEngine;

public class ProbeTests
{
    [Fact]
    public async Task StreamAsync_ProbeAnywhere_ReturnsTheChainsCurrentAnswerThenCloses()
    {
        await using var engine = Instant();
        for (var q = 0; q < 12; q++)
        {
            var chain = engine.Planner.Chain(Question(q), ChainOpening.CodeOf((ulong)q));
            for (var at = 48; at < chain.Tokens.Length; at += 61)
            {
                var probe = await ProbeAsync(engine, q, chain, at, maxTokens: 20);
                var expected = chain.AnswerAfter(at);
                if (expected is null)
                {
                    // Before any tentative answer the model answers empty or guesses one of the question's answers.
                    var model = engine.Question(Question(q));
                    Assert.True(probe.Answer.Length == 0 || probe.Answer == model.Gold || model.Distractors.Contains(probe.Answer), probe.Answer);
                }
                else
                {
                    Assert.Equal(expected, probe.Answer);
                }

                Assert.Equal("stop", probe.Output.Finish);
                Assert.True(probe.Output.Tokens.Count <= 20);
            }
        }
    }

    [Fact]
    public async Task StreamAsync_ProbesAfterSettling_AgreeWithTheFinalAnswerAndSometimesHedge()
    {
        await using var engine = Instant();
        int probes = 0, hedged = 0;
        for (var q = 0; q < 20; q++)
        {
            var chain = engine.Planner.Chain(Question(q), ChainOpening.CodeOf((ulong)q + 100));
            for (var at = chain.SettleEnd; at < chain.Tokens.Length; at += 64)
            {
                var probe = await ProbeAsync(engine, q, chain, at, maxTokens: 20);

                Assert.Equal(chain.FinalAnswer, probe.Answer);
                probes++;
                hedged += HedgeWords.Contains(probe.Output.Text) ? 1 : 0;
            }
        }

        Assert.True(probes > 100, $"only {probes} probes");
        Assert.InRange((double)hedged / probes, 0.1, 0.3);
    }

    [Fact]
    public async Task StreamAsync_ProbesBeforeSettling_MostlyHedge()
    {
        await using var engine = Instant();
        int probes = 0, hedged = 0;
        for (var q = 0; q < 40; q++)
        {
            var chain = engine.Planner.Chain(Question(q), ChainOpening.CodeOf((ulong)q + 200));
            for (var at = 40; at < chain.SettleEnd; at += 32)
            {
                var probe = await ProbeAsync(engine, q, chain, at, maxTokens: 20);
                probes++;
                hedged += HedgeWords.Contains(probe.Output.Text) ? 1 : 0;
            }
        }

        Assert.True(probes > 100, $"only {probes} probes");
        Assert.InRange((double)hedged / probes, 0.65, 0.95);
    }

    [Fact]
    public async Task StreamAsync_ProbeWithTinyMaxTokens_FinishesLength()
    {
        await using var engine = Instant();
        var chain = engine.Planner.Chain(Question(1), ChainOpening.CodeOf(1));

        var probe = await ProbeAsync(engine, 1, chain, chain.SettleEnd + 5, maxTokens: 1);

        Assert.Equal([chain.FinalAnswer], probe.Output.Tokens);
        Assert.Equal("length", probe.Output.Finish);
    }

    [Fact]
    public async Task StreamAsync_SameProbeTwice_SameOutput()
    {
        await using var engine = Instant();
        var chain = engine.Planner.Chain(Question(2), ChainOpening.CodeOf(2));

        var a = await ProbeAsync(engine, 2, chain, 100, maxTokens: 20);
        var b = await ProbeAsync(engine, 2, chain, 100, maxTokens: 20);

        Assert.Equal(a.Output.Text, b.Output.Text);
    }

    private static async Task<(string Answer, Output Output)> ProbeAsync(SimulatedEngine engine, int q, ReasoningChain chain, int at, int maxTokens)
    {
        // No sampling seed: the probe must read its chain from the prefix alone, as Dynasor-CoT sends it.
        var prefix = chain.Text[..chain.OffsetOf(at)] + ProbeSuffix;
        var output = await CollectAsync(engine, Request(Question(q), prefix, maxTokens));
        var close = output.Text.IndexOf('}', StringComparison.Ordinal);
        return (close < 0 ? output.Text : output.Text[..close], output);
    }
}
