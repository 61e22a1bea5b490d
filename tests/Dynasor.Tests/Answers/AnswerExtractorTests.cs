using Dynasor.Answers;
using Xunit;

namespace Dynasor.Tests.Answers;

public sealed class AnswerExtractorTests
{
    [Theory]
    [InlineData("So the result is \\boxed{42}.", "42")]
    [InlineData("Thus \\(\\boxed{\\frac{1}{2}}\\).", "\\frac{1}{2}")]
    [InlineData("\\boxed{\\left(\\frac{1}{2}, \\sqrt{3}\\right)}", "\\left(\\frac{1}{2}, \\sqrt{3}\\right)")]
    [InlineData("First \\boxed{3}, then corrected: \\boxed{4}.", "4")]
    [InlineData("\\boxed{a}{b}", "a")]
    [InlineData("\\fbox{7}", "7")]
    [InlineData("\\boxed{1} and \\fbox{2}", "2")]
    [InlineData("\\fbox{1} and \\boxed{2}", "2")]
    [InlineData("\\boxed{\\text{(B)}}", "\\text{(B)}")]
    [InlineData("\\boxed {12}", "12")]
    [InlineData("$\\boxed 5$", "5")]
    [InlineData("\\boxed{\\{1, 2\\}}", "\\{1, 2\\}")]
    [InlineData("The answer is \\boxed{\\frac{1}{2}", "\\frac{1}{2}")]
    [InlineData("\\boxed{\\frac{1}{2}", "\\frac{1}{2}")]
    [InlineData("\\boxed{12}. Also \\boxedsymbol 3", "12")]
    [InlineData("\\boxed{} but the answer is 5.", "5")]
    public void Extract_Boxed_LastBoxWins(string text, string expected)
    {
        Assert.Equal(expected, AnswerExtractor.Extract(text));
    }

    [Theory]
    [InlineData("Natalia sold 48 + 24 = 72 clips.\n#### 72", "72")]
    [InlineData("#### 1,000.\n", "1,000")]
    [InlineData("Step 1 gives 5.\nThe answer is 18.", "18")]
    [InlineData("So the answer is: $18$. I hope it is correct.", "$18$")]
    [InlineData("Final Answer: The final answer is $\\frac{3}{4}$. I hope it is correct.", "$\\frac{3}{4}$")]
    [InlineData("THE ANSWER IS 7", "7")]
    [InlineData("The answer is 1.5 liters", "1.5 liters")]
    [InlineData("My answer is 3, so the answer is 4.", "4")]
    [InlineData("Final Answer: 12 apples\nThat's all.", "12 apples")]
    [InlineData("**Final Answer**\n\n$18$\n", "$18$")]
    [InlineData("**Final Answer:** 9", "9")]
    [InlineData("It takes 3 hours, then 2 more, for a total of 5 hours.", "5")]
    [InlineData("The total cost is $1,234.50.", "1,234.50")]
    [InlineData("The temperature is -7 degrees.", "-7")]
    [InlineData("Subtract: 10-3", "3")]
    [InlineData("It costs $.50", ".50")]
    [InlineData("No numbers here.", "")]
    [InlineData("", "")]
    [InlineData(null, "")]
    public void Extract_WithoutBox_FallsBackInOrder(string? text, string expected)
    {
        Assert.Equal(expected, AnswerExtractor.Extract(text));
    }

    [Fact]
    public void Extract_BoxedAndHashes_BoxedWins()
    {
        Assert.Equal("2", AnswerExtractor.Extract("\\boxed{2}\n#### 3"));
    }

    [Fact]
    public void Extract_HashesAndAnswerIs_HashesWin()
    {
        Assert.Equal("3", AnswerExtractor.Extract("#### 3\nThe answer is 4"));
    }

    [Fact]
    public void Extract_NestedBoxes_InnermostLastBoxWins()
    {
        Assert.Equal("1", AnswerExtractor.Extract("\\boxed{\\boxed{1}}"));
    }
}
