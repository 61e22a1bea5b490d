using Dynasor.Calibration;

namespace Dynasor.Tests.Calibration;

public class LossEstimateTests
{
    [Fact]
    public void Paired_IsTheMeanPerQuestionLossWithANormalUpperBound()
    {
        // Per question the baseline minus the policy: 0, 0, 0.5, -0.25, 0.25 -> mean 0.1, sample sd 0.2850, se 0.1275.
        var estimate = LossEstimate.Paired([1, 1, 0.5, 0.75, 0.5], [1, 1, 1, 0.5, 0.75], 1.6448536269514722);
        Assert.Equal(5, estimate.Questions);
        Assert.Equal(0.1, estimate.Loss, 12);
        Assert.Equal(Math.Sqrt(0.08125 / 5), estimate.StandardError, 12);
        Assert.Equal(0.1 + 1.6448536269514722 * Math.Sqrt(0.08125 / 5), estimate.Upper, 12);
        Assert.Equal(0.95, estimate.Level, 6);
    }

    [Fact]
    public void Paired_PolicyMoreAccurate_GivesANegativeLoss() =>
        Assert.Equal(-0.5, LossEstimate.Paired([1, 1], [0.5, 0.5], 1).Loss, 12);

    [Fact]
    public void Paired_EveryQuestionTied_HasAZeroWidthBound()
    {
        // What the normal approximation cannot see: a loss rarer than one question in n.
        var estimate = LossEstimate.Paired([1, 0, 1], [1, 0, 1], 1.645);
        Assert.Equal(0, estimate.Upper);
    }

    [Fact]
    public void Paired_QuestionsOfDifferentCounts_AreRejected() =>
        Assert.Throws<ArgumentException>(() => LossEstimate.Paired([1, 1], [1], 1.645));
}
