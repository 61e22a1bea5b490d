using Dynasor.Cli.Commands;

namespace Dynasor.Cli.Tests.Commands;

public class EvalSummaryTests
{
    private static EvalLine Even(double accuracy, double tokens, bool baseline = false) => new("mcts", "sc", "mcts", baseline, true, accuracy, tokens, 0);

    private static EvalLine Policy(double accuracy, double tokens) => new("mcts", "static", "mcts", false, false, accuracy, tokens, 0);

    [Theory]
    [InlineData(0.85, 150.0)]   // halfway between the first two caps
    [InlineData(0.80, 100.0)]   // the first cap exactly
    [InlineData(0.95, 300 + 0.07 / 0.12 * 200)]   // past the dip: the last segment, from (0.88, 300)
    public void TokensAt_InsideTheCurve_InterpolatesTheFirstCrossing(double accuracy, double tokens)
    {
        Assert.Equal(tokens, EvalSummary.TokensAt([(0.8, 100), (0.9, 200), (0.88, 300), (1.0, 500)], accuracy)!.Value, 9);
    }

    [Theory]
    [InlineData(0.7)]
    [InlineData(1.01)]
    public void TokensAt_OutsideTheCurve_Null(double accuracy)
    {
        Assert.Null(EvalSummary.TokensAt([(0.8, 100), (1.0, 500)], accuracy));
    }

    /// <summary>
    /// Two seeds. Even rows: (0.8, 100) and (0.9, 200), then (0.8, 120) and (1.0, 220): mean curve (0.8, 110), (0.95, 210).
    /// The policy: (0.9, 150) and (0.9, 130): mean 0.9 at 140 tokens; per seed saving 1 - 150/200 = 0.25 and 1 - 130/220;
    /// accuracy against the baseline 0 and -0.1. At equal accuracy the curve needs 110 + (0.1 / 0.15) · 100 tokens.
    /// </summary>
    [Fact]
    public void Of_TwoSeeds_PairedSavingsGapsAndSavingAtEqualAccuracy()
    {
        var rows = EvalSummary.Of([
            [Even(0.8, 100), Even(0.9, 200, baseline: true), Policy(0.9, 150)],
            [Even(0.8, 120), Even(1.0, 220, baseline: true), Policy(0.9, 130)],
        ]);

        var policy = rows[2];
        Assert.Equal(0.9, policy.Accuracy.Mean, 12);
        Assert.Equal(0, policy.Accuracy.Std!.Value, 12);
        Assert.Equal(140, policy.UpstreamTokens.Mean, 12);
        Assert.Equal(Math.Sqrt(200), policy.UpstreamTokens.Std!.Value, 9);
        Assert.Equal((0.25 + (1 - 130.0 / 220)) / 2, policy.Saving.Mean, 12);
        Assert.Equal(-0.05, policy.AccuracyVsBaseline.Mean, 12);
        Assert.Equal(1 - 140 / (110 + 0.1 / 0.15 * 100), policy.SavingAtEqualAccuracy!.Value, 9);
        Assert.Null(rows[0].SavingAtEqualAccuracy);
        Assert.Equal(0, rows[1].Saving.Mean);
    }

    [Fact]
    public void Of_OneSeed_NoSpread()
    {
        var row = EvalSummary.Of([[Even(0.8, 100, baseline: true)]])[0];

        Assert.Null(row.Accuracy.Std);
        Assert.Null(row.Saving.Std);
        Assert.Equal(0.8, row.Accuracy.Mean);
    }
}
