using Dynasor.Certainty;
using FsCheck;
using FsCheck.Fluent;

namespace Dynasor.Tests.Certainty;

public class ModalSharePriorTests
{
    [Theory]
    // Pinned against an independent Python prototype of the same model (20-point grid, lookahead 3, flat prior).
    [InlineData(1, 0, 0.0313)]
    [InlineData(2, 0, 0.0052)]
    [InlineData(1, 1, 0.1877)]
    [InlineData(2, 1, 0.0313)]
    [InlineData(3, 0, 0.0)]
    public void GainPerSample_FlatPrior_MatchesTheReferenceValues(int leader, int runnerUp, double expected) =>
        Assert.Equal(expected, ModalSharePrior.Flat.GainPerSample(leader, runnerUp, 3), 4);

    [Fact]
    public void LeaderIsModal_Tie_IsAHalfAndAgreementRaisesIt()
    {
        var prior = ModalSharePrior.Flat;
        Assert.Equal(0.5, prior.LeaderIsModal(2, 2), 12);
        Assert.True(prior.LeaderIsModal(2, 0) > prior.LeaderIsModal(1, 0));
        Assert.True(prior.LeaderIsModal(3, 1) > prior.LeaderIsModal(2, 1));
    }

    [Fact]
    public void Fit_SelfConsistentBatch_PutsThePriorNearOneAndMakesAgreeingPairsSettled()
    {
        // 90 questions whose first two votes agree, 10 split: a model that mostly agrees with itself.
        var votes = Enumerable.Repeat((2, 0), 90).Concat(Enumerable.Repeat((1, 1), 10));
        var prior = ModalSharePrior.Fit(votes);
        var meanShare = prior.Weights.Select((w, j) => w * (0.5 + (j + 0.5) / (2 * ModalSharePrior.GridSize))).Sum();
        Assert.True(meanShare > 0.85, $"mean modal share {meanShare:F3}");

        // Under the fitted prior a lone vote is worth much more than a third vote for an agreeing pair, far more so
        // than under the flat prior; that is what lets the batch allocator pay for long questions' second samples.
        var fitted = prior.GainPerSample(1, 0, 3) / prior.GainPerSample(2, 0, 3);
        var flat = ModalSharePrior.Flat.GainPerSample(1, 0, 3) / ModalSharePrior.Flat.GainPerSample(2, 0, 3);
        Assert.True(fitted > 2 * flat, $"fitted ratio {fitted:F1}, flat ratio {flat:F1}");
    }

    [Fact]
    public void Fit_NoVotes_IsFlat() =>
        Assert.Equal(ModalSharePrior.Flat.Weights, ModalSharePrior.Fit([(0, 0)]).Weights);

    [Fact]
    public void GainPerSample_AnyVoteAndPrior_IsFiniteNonNegativeAndZeroWhenNoOutcomeCanChangeTheLeader()
    {
        var cases = Arb.From(
            from leader in Gen.Choose(1, 40)
            from runnerUp in Gen.Choose(0, 40)
            from lookahead in Gen.Choose(1, 8)
            from agree in Gen.Choose(0, 50)
            from split in Gen.Choose(0, 50)
            where runnerUp <= leader
            select (leader, runnerUp, lookahead, agree, split));
        Prop.ForAll(cases, c =>
        {
            var prior = ModalSharePrior.Fit(Enumerable.Repeat((3, 0), c.agree).Concat(Enumerable.Repeat((2, 1), c.split)));
            var gain = prior.GainPerSample(c.leader, c.runnerUp, c.lookahead);
            Assert.True(double.IsFinite(gain) && gain >= 0, $"gain {gain}");
            Assert.InRange(prior.LeaderIsModal(c.leader, c.runnerUp), 0.5 - 1e-12, 1 + 1e-12);
            if (c.leader - c.runnerUp > c.lookahead)
                Assert.Equal(0, gain, 9);
        }).Check(SeededProperties.Config(500, 0x0D_A1UL));
    }
}
