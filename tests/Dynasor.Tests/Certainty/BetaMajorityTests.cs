using Dynasor.Certainty;

namespace Dynasor.Tests.Certainty;

public class BetaMajorityTests
{
    [Theory]
    [InlineData(3, 0, 15.0 / 16)]
    [InlineData(4, 0, 31.0 / 32)]
    [InlineData(0, 0, 0.5)]
    [InlineData(5, 5, 0.5)]
    public void Probability_ClosedForms_Match(int a, int b, double expected) =>
        Assert.Equal(expected, BetaMajority.Probability(a, b), 12);

    [Theory]
    [InlineData(6, 1)]
    [InlineData(10, 7)]
    [InlineData(21, 17)]
    [InlineData(2, 5)]
    public void Probability_MatchesNumericIntegralOfBetaDensity(int a, int b)
    {
        // Midpoint rule on the unnormalised density x^a (1-x)^b: the ratio of the integral over (1/2, 1) to (0, 1).
        const int steps = 200_000;
        double upper = 0, all = 0;
        for (var i = 0; i < steps; i++)
        {
            var x = (i + 0.5) / steps;
            var f = Math.Pow(x, a) * Math.Pow(1 - x, b);
            all += f;
            if (x > 0.5)
                upper += f;
        }
        Assert.Equal(upper / all, BetaMajority.Probability(a, b), 6);
    }

    [Fact]
    public void Probability_AdaptiveConsistencyAt095_NeedsFourUnanimousVotes()
    {
        Assert.True(BetaMajority.Probability(3, 0) < 0.95);
        Assert.True(BetaMajority.Probability(4, 0) >= 0.95);
    }

    [Fact]
    public void Probability_LargeCounts_StaysFiniteAndNearOne() =>
        Assert.InRange(BetaMajority.Probability(5000, 10), 0.999999, 1.0);
}
