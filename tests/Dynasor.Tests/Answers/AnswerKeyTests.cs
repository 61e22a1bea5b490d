using Dynasor.Answers;
using Xunit;

namespace Dynasor.Tests.Answers;

public sealed class AnswerKeyTests
{
    [Theory]
    // Plain numbers, currency and units.
    [InlineData("18", "18.0")]
    [InlineData("18", "$18")]
    [InlineData("18", "18 dollars")]
    [InlineData("18", "18.")]
    [InlineData("18", "\\$18")]
    [InlineData("18", "$18$")]
    [InlineData("18", "+18")]
    [InlineData("18", "18.000")]
    [InlineData("18", "\\text{18}")]
    [InlineData("18", "18\\text{ dollars}")]
    [InlineData("18", "\\$18\\text{ dollars}")]
    [InlineData("16", "$16.00")]
    [InlineData("1000", "1,000")]
    [InlineData("195000", "$195,000")]
    [InlineData("7425", "$7,425.00")]
    [InlineData("10000", "10{,}000")]
    [InlineData("10000", "10\\,000")]
    [InlineData("160", "160 minutes")]
    [InlineData("10", "10 miles per hour")]
    [InlineData("225", "225 lbs")]
    [InlineData("5", "5\\text{cm}")]
    [InlineData("5", "5 \\mbox{cm}^2")]
    [InlineData("3", "3 \\mathrm{m/s}")]
    [InlineData("0.5", ".5")]
    [InlineData("0.5", "0.50")]
    [InlineData("37.5", "37.50")]
    // Fractions.
    [InlineData("\\frac{1}{2}", "1/2")]
    [InlineData("\\frac{1}{2}", "0.5")]
    [InlineData("\\frac{1}{2}", "\\dfrac12")]
    [InlineData("\\frac{1}{2}", "\\tfrac{1}{2}")]
    [InlineData("\\frac{1}{2}", "\\frac{2}{4}")]
    [InlineData("\\frac{1}{2}", "\\frac 1 2")]
    [InlineData("\\frac{1}{3}", "1/3")]
    [InlineData("\\frac{1}{3}", "\\dfrac{2}{6}")]
    [InlineData("-\\frac{40}{153}", "\\frac{-40}{153}")]
    [InlineData("-\\frac{40}{153}", "-40/153")]
    [InlineData("\\frac{6}{3}", "2")]
    [InlineData("12\\frac{3}{5}", "12.6")]
    [InlineData("1\\frac{1}{2}", "3/2")]
    // Percentages.
    [InlineData("50\\%", "50%")]
    [InlineData("50\\%", "50")]
    [InlineData("50 %", "50 percent")]
    // LaTeX noise.
    [InlineData("\\left(3,4\\right)", "(3, 4)")]
    [InlineData("90^\\circ", "90")]
    [InlineData("90^{\\circ}", "90")]
    [InlineData("90^{ \\circ }", "90°")]
    [InlineData("90^\\circ C", "90")]
    [InlineData("90^{\\circ}C", "90 C")]
    [InlineData("90°C", "90")]
    [InlineData("\\text{east}", "East")]
    [InlineData("\\mbox{east}", "\\mathrm{east}")]
    [InlineData("4a - 2", "4a-2")]
    [InlineData("\\(4a-2\\)", "$4a-2$")]
    [InlineData("x^{2}+1", "x^2 + 1")]
    [InlineData("\\displaystyle\\frac{\\sqrt{3}}{2}", "\\dfrac{\\sqrt{3}}{2}")]
    [InlineData("1\\!000", "1000")]
    // Option letters.
    [InlineData("(B)", "B")]
    [InlineData("B.", "B")]
    [InlineData("b", "B")]
    [InlineData("B)", "B")]
    [InlineData("\\text{(B)}", "B")]
    // Numbers in other notations.
    [InlineData("-0", "0")]
    [InlineData("-0.0", "0")]
    [InlineData("1.5e3", "1500")]
    [InlineData("1.5E-3", "0.0015")]
    [InlineData("1.5 \\times 10^{3}", "1500")]
    [InlineData("2\\cdot10^3", "2000")]
    [InlineData("007", "7")]
    [InlineData("11.999999999999998", "12")]
    [InlineData("0.30000000000000004", "0.3")]
    [InlineData("2.9999999999999996", "3")]
    [InlineData("9999.857142857143", "9999.85714285714")]
    [InlineData("−5", "-5")]
    [InlineData("- 5", "-5")]
    // Right-hand sides and open-ended text.
    [InlineData("x = 5", "5")]
    [InlineData("$19.50 / 0.75 = $26", "26")]
    [InlineData("  New   York. ", "new york")]
    [InlineData("**Paris**", "paris")]
    [InlineData("\"yes\"", "Yes")]
    public void Of_EquivalentAnswers_SameKey(string left, string right)
    {
        Assert.Equal(AnswerKey.Of(left), AnswerKey.Of(right));
    }

    [Theory]
    [InlineData("18", "81")]
    [InlineData("4t", "4")]
    [InlineData("4a-2", "4a+2")]
    [InlineData("7\\pi", "7")]
    [InlineData("1.39", "12")]
    [InlineData("\\frac{1}{3}", "0.33")]
    [InlineData("\\frac{1}{3}", "0.3333333333")]
    [InlineData("0.123456789012345", "0.123456789012346")]
    [InlineData("12345678901234567890.25", "12345678901234567890.5")]
    [InlineData("1,2", "12")]
    [InlineData("12345678901234567890", "12345678901234567891")]
    [InlineData("123456789012345678901234567890", "123456789012345678901234567891")]
    [InlineData("4:30p..", "4:30")]
    [InlineData("$19.50 / 0.75", "26")]
    [InlineData("5 and 7", "5")]
    [InlineData("2e", "2")]
    [InlineData("\\sqrt{2}", "2")]
    [InlineData("1/0", "0")]
    [InlineData("-5", "5")]
    [InlineData("A", "C")]
    public void Of_DifferentAnswers_DifferentKeys(string left, string right)
    {
        Assert.NotEqual(AnswerKey.Of(left), AnswerKey.Of(right));
    }

    [Theory]
    [InlineData("18.0", "18")]
    [InlineData("$1,000", "1000")]
    [InlineData("\\frac{2}{4}", "0.5")]
    [InlineData("\\frac{1}{3}", "1/3")]
    [InlineData("-\\frac{2}{6}", "-1/3")]
    [InlineData("\\frac{3}{8}", "0.375")]
    [InlineData("1\\frac{1}{10}", "1.1")]
    [InlineData("9999\\frac{6}{7}", "69999/7")]
    [InlineData("(B)", "b")]
    [InlineData("1e-3", "0.001")]
    [InlineData("12e2", "1200")]
    [InlineData("100000000000000000000000", "100000000000000000000000")]
    [InlineData("00012345678901234567890.500", "12345678901234567890.5")]
    [InlineData("  New \n  York. ", "new york")]
    [InlineData("\\sqrt{34} + 3\\sqrt{10}", "\\sqrt34+3\\sqrt10")]
    [InlineData("\\pi{}r", "\\pi r")]
    [InlineData("1e99999", "1e99999")]
    [InlineData("", "")]
    [InlineData("   ", "")]
    [InlineData("$", "")]
    [InlineData(null, "")]
    public void Of_Answer_CanonicalKey(string? answer, string expected)
    {
        Assert.Equal(expected, AnswerKey.Of(answer));
    }

    [Theory]
    [InlineData("\\le$ft x")]
    [InlineData("\\le\\,ft")]
    [InlineData("\\ci{}rc")]
    [InlineData("x={5}")]
    [InlineData("{5.0}")]
    [InlineData("\\text{\\text{\\$}18}")]
    [InlineData("a\\.")]
    [InlineData("\\Left(5\\Right)")]
    public void Of_TrickyJunctions_Idempotent(string answer)
    {
        string key = AnswerKey.Of(answer);
        Assert.Equal(key, AnswerKey.Of(key));
    }
}
