using Dynasor.Answers;
using Xunit;

namespace Dynasor.Tests.Answers;

public sealed class AnswerGraderTests
{
    [Theory]
    [InlineData("$64", "64")]
    [InlineData("160 minutes", "160")]
    [InlineData("900000000", "900,000,000")]
    [InlineData("\\frac{2}{4}", "\\frac{1}{2}")]
    [InlineData("(A)", "A")]
    public void IsCorrect_EquivalentAnswer_True(string answer, string target)
    {
        Assert.True(AnswerGrader.IsCorrect(answer, target));
    }

    [Theory]
    [InlineData("$195,000", "70000")]
    [InlineData("\\frac{5}{16}", "\\frac{3}{8}")]
    [InlineData("C", "A")]
    public void IsCorrect_DifferentAnswer_False(string answer, string target)
    {
        Assert.False(AnswerGrader.IsCorrect(answer, target));
    }

    [Fact]
    public void IsCorrect_NullTarget_False()
    {
        Assert.False(AnswerGrader.IsCorrect("18", null));
    }

    [Theory]
    [InlineData("", "")]
    [InlineData("$", "")]
    [InlineData("  ", " ")]
    public void IsCorrect_EmptyAnswer_False(string answer, string target)
    {
        Assert.False(AnswerGrader.IsCorrect(answer, target));
    }
}
