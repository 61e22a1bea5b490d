using Dynasor.Calibration;
using Dynasor.Policies;
using Dynasor.Replay;

namespace Dynasor.Tests.Calibration;

public class CertificateTests
{
    private static readonly PolicySpec Cheap = PolicyCatalog.Parse("settle");
    private static readonly PolicySpec Anchor = PolicyCatalog.Parse("ac:confidence=0.95");

    // Ten questions, SC@cap right on all; "loses" questions the proposed policy gets wrong in every order.
    private static Certificate Certify(int loses, double tokens, double epsilon, PolicySpec? anchor = null, bool withAnchor = true) => new(
        Cheap,
        Result(Enumerable.Range(0, 10).Select(q => q < loses ? 0.0 : 1.0).ToArray(), tokens),
        Result(Enumerable.Repeat(1.0, 10).ToArray(), 1000),
        withAnchor ? anchor ?? Anchor : null,
        withAnchor ? Result(Enumerable.Repeat(1.0, 10).ToArray(), 500) : null,
        epsilon,
        1.6448536269514722);

    [Fact]
    public void Certified_WhenTheHeldOutUpperBoundIsWithinEpsilonAndCheaperThanTheAnchor()
    {
        var c = Certify(loses: 0, tokens: 300, epsilon: 0.003);
        Assert.True(c.Certified);
        Assert.False(c.AnchorServed);
        Assert.Same(Cheap, c.Served);
        Assert.Equal(300, c.ServedHoldout.TokensPerQuestion);
    }

    [Fact]
    public void AnchorServed_WhenTheUpperBoundExceedsEpsilonEvenThoughTheMeanIsWithin()
    {
        // One question of ten lost: mean 0.1, upper 0.1 + 1.645 * 0.1 = 0.26; epsilon 0.2 holds the mean, not the bound.
        var c = Certify(loses: 1, tokens: 300, epsilon: 0.2);
        Assert.Equal(0.1, c.ProposedLoss.Loss, 12);
        Assert.False(c.WithinEpsilon);
        Assert.True(c.AnchorServed);
        Assert.Same(Anchor, c.Served);
        Assert.Equal(0, c.ServedLoss.Loss);
        Assert.Equal(500, c.ServedHoldout.TokensPerQuestion);
    }

    [Fact]
    public void AnchorServed_WhenTheProposedProcedureIsNotCheaperThanTheAnchor()
    {
        var c = Certify(loses: 0, tokens: 500, epsilon: 0.003);
        Assert.True(c.WithinEpsilon);
        Assert.False(c.CheaperThanAnchor);
        Assert.Same(Anchor, c.Served);
    }

    [Fact]
    public void WithoutAnAnchor_TheProposedPolicyIsServedAndItsBoundOnlyReported()
    {
        var c = Certify(loses: 3, tokens: 300, epsilon: 0.003, withAnchor: false);
        Assert.False(c.Certified);
        Assert.False(c.AnchorServed);
        Assert.Same(Cheap, c.Served);
        Assert.Null(c.AnchorLoss);
    }

    private static ReplayResult Result(double[] perQuestion, double tokens) =>
        new("t", "p", perQuestion.Length, 1, perQuestion.Average(), 0, 1, tokens, 0, 0) { QuestionAccuracy = perQuestion };
}
