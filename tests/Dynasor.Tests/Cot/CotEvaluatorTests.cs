using Dynasor.Cot;
using Dynasor.Programs;

namespace Dynasor.Tests.Cot;

public class CotEvaluatorTests
{
    // 40 chain tokens ending in a boxed 42; probes answer 42 (right) or 41 (wrong).
    private static string[] Chain() => [.. DynasorCotTests.Chain(39), "\\boxed{42}"];

    private static readonly EvalQuestion[] Questions = [new("q1", "42"), new("q2", "42"), new("q3", "42")];

    [Fact]
    public async Task RunAsync_Off_GradesTheChainsOwnAnswerAndCountsEveryToken()
    {
        var row = await CotEvaluator.RunAsync(new ScriptedChainEngine(Chain(), _ => ["42}"]), Questions, null, "-", 1000, seed: 0, concurrency: 2);
        Assert.Equal(("off", 3, 1.0, 40.0, 40.0), (row.Mode, row.Questions, row.Accuracy, row.UpstreamTokensPerQuestion, row.CompletionTokensPerQuestion));
        Assert.Null(row.ExitedEarly);
    }

    [Theory]
    [InlineData("42}", 1.0)]
    [InlineData("41}", 0.0)]
    public async Task RunAsync_Cot_GradesTheAppendedAnswerAndCountsProbes(string probe, double accuracy)
    {
        var options = new CotOptions { ProbeInterval = 4, Window = 2, ProbeMaxTokens = 4 };
        var row = await CotEvaluator.RunAsync(new ScriptedChainEngine(Chain(), _ => [probe]), Questions, options, "test", 1000, seed: 0, concurrency: 1);
        // Probes at 4 and 8 are due at 8 and 12, where the window agrees before a third is launched: 12 + 2 + 1 answer token.
        Assert.Equal(("cot", accuracy, 14.0, 13.0, 1.0), (row.Mode, row.Accuracy, row.UpstreamTokensPerQuestion, row.CompletionTokensPerQuestion, row.ExitedEarly!.Value));
    }

    [Fact]
    public void Label_NamesThePresetWithItsWindowAndInterval()
    {
        Assert.Equal("crazy (k=2, T=32)", CotEvaluator.Label("crazy", CotOptions.FromEffort("crazy")));
    }
}
