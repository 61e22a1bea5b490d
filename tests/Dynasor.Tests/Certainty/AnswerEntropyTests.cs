using Dynasor.Certainty;

namespace Dynasor.Tests.Certainty;

public class AnswerEntropyTests
{
    // The worked values of PAPER.md for n = 5.
    [Theory]
    [InlineData(new[] { 5 }, 1.0)]
    [InlineData(new[] { 4, 1 }, 0.689)]
    [InlineData(new[] { 3, 2 }, 0.582)]
    [InlineData(new[] { 3, 1, 1 }, 0.410)]
    [InlineData(new[] { 2, 2, 1 }, 0.345)]
    public void Certaindex_PaperWorkedValues_Match(int[] groups, double expected) =>
        Assert.Equal(expected, AnswerEntropy.Certaindex(groups), 3);

    [Fact]
    public void Certaindex_AllDifferent_IsZero() => Assert.Equal(0, AnswerEntropy.Certaindex([1, 1, 1, 1]), 12);

    [Fact]
    public void Certaindex_FewerThanTwoAnswers_IsZero()
    {
        Assert.Equal(0, AnswerEntropy.Certaindex([]));
        Assert.Equal(0, AnswerEntropy.Certaindex([1]));
    }

    [Fact]
    public void Certaindex_OrderOfGroups_DoesNotMatter() =>
        Assert.Equal(AnswerEntropy.Certaindex([3, 1, 1]), AnswerEntropy.Certaindex([1, 3, 1]), 12);
}
