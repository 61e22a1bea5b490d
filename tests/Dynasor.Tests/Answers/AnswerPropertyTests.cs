using System.Text;
using Dynasor.Answers;
using FsCheck;
using FsCheck.Fluent;
using Xunit;

namespace Dynasor.Tests.Answers;

public sealed class AnswerPropertyTests
{
    // Pieces that exercise every branch of the cleaner, the number parser and the extractor; random
    // concatenations of them find junction bugs that uniformly random strings almost never hit.
    private static readonly string[] Tokens =
    [
        "\\boxed{", "\\fbox", "{", "}", "\\frac", "\\dfrac", "\\", "\\\\", "$", "\\$", "1", "0", "9", ",", ".", "-", "+",
        "e", "E", "^", "\\circ", "^{\\circ}", "\\left", "\\right", "\\text{", "\\mbox{", " ", "  ", "\n", "=", "/", "%",
        "\\%", "a", "b", "B", "t", "(", ")", "\\(", "\\)", "\\,", "\\!", "\\ ", "~", "°", "−", "#### ", "the answer is ",
        "Final Answer: ", "**", ":", "'", "?", "1,000", "{,}", "\\times10^", "\\cdot", "*", "minutes", "le", "ft", "\\le",
        "\\pi", "\\sqrt", "İ", "ß", "\u00a0", "\ud83d\ude00", "\ud83d",
    ];

    private static readonly Arbitrary<string> TokenStrings = Arb.From(
        Gen.Elements(Tokens).ListOf().Select(parts => string.Concat(parts)));

    private static readonly Arbitrary<string> AnyStrings = Arb.From(
        ArbMap.Default.GeneratorFor<string>().Select(s => s ?? ""));

    private static Config Seeded(int maxTest) => SeededProperties.Config(maxTest, 0x5EED_D1A5_0001UL);

    [Fact]
    public void Of_ArbitraryString_NeverThrowsAndIsIdempotent()
    {
        Prop.ForAll(AnyStrings, s => AnswerKey.Of(AnswerKey.Of(s)) == AnswerKey.Of(s)).Check(Seeded(2000));
    }

    [Fact]
    public void Of_TokenSoup_NeverThrowsAndIsIdempotent()
    {
        Prop.ForAll(TokenStrings, s =>
        {
            string key = AnswerKey.Of(s);
            return AnswerKey.Of(key) == key;
        }).Label("Of(Of(x)) == Of(x)").Check(Seeded(5000));
    }

    [Fact]
    public void Extract_ArbitraryString_NeverThrows()
    {
        Prop.ForAll(AnyStrings, s => AnswerExtractor.Extract(s) is not null).Check(Seeded(2000));
        Prop.ForAll(TokenStrings, s => AnswerExtractor.Extract(s) is not null).Check(Seeded(5000));
    }

    [Fact]
    public void IsCorrect_AnswerAgainstItself_TrueExactlyWhenKeyNonEmpty()
    {
        Prop.ForAll(TokenStrings, s => AnswerGrader.IsCorrect(s, s) == (AnswerKey.Of(s).Length > 0)).Check(Seeded(2000));
    }

    [Fact]
    public void Of_IntegerWithDecorations_SameKeyAsPlainInteger()
    {
        Prop.ForAll(Arb.From(ArbMap.Default.GeneratorFor<long>()), n =>
        {
            string plain = n.ToString(System.Globalization.CultureInfo.InvariantCulture);
            string grouped = n.ToString("#,0", System.Globalization.CultureInfo.InvariantCulture);
            string key = AnswerKey.Of(plain);
            return AnswerKey.Of(grouped) == key
                && AnswerKey.Of("$" + grouped + ".00") == key
                && AnswerKey.Of(plain + " dollars") == key
                && AnswerKey.Of("\\boxed{" + plain + "}") == key
                && AnswerKey.Of(plain + ".0") == key;
        }).Check(Seeded(1000));
    }

    [Fact]
    public void Of_FractionAndItsMultiple_SameKey()
    {
        Arbitrary<(int, int, int)> triples = Arb.From(
            from p in Gen.Choose(-1000, 1000)
            from q in Gen.Choose(1, 1000)
            from m in Gen.Choose(1, 1000)
            select (p, q, m));
        Prop.ForAll(triples, t =>
        {
            (int p, int q, int m) = t;
            return AnswerKey.Of($"\\frac{{{p * m}}}{{{q * m}}}") == AnswerKey.Of($"{p}/{q}");
        }).Check(Seeded(1000));
    }

    [Fact]
    public void Of_DistinctLongIntegers_DistinctKeys()
    {
        Arbitrary<(string, int)> numbers = Arb.From(
            from digits in Gen.Choose(0, 9).ArrayOf(25)
            from position in Gen.Choose(1, 24)
            select (string.Concat(digits.Select(d => (char)('0' + d))), position));
        Prop.ForAll(numbers, t =>
        {
            (string digits, int position) = t;
            string a = "1" + digits;
            char[] changed = a.ToCharArray();
            changed[position] = changed[position] == '9' ? '8' : (char)(changed[position] + 1);
            return AnswerKey.Of(a) == a && AnswerKey.Of(new string(changed)) != AnswerKey.Of(a);
        }).Check(Seeded(500));
    }

    // A quadratic scan over a megabyte takes minutes, so a CI run that finishes these is evidence of linear time.
    [Theory]
    [InlineData("{")]
    [InlineData("}")]
    [InlineData("\\boxed{")]
    [InlineData("\\boxed")]
    [InlineData("\\fbox{\\boxed{")]
    [InlineData("\\text{")]
    [InlineData("\\frac{")]
    [InlineData("\\frac{1}{")]
    [InlineData("\\left\\right")]
    [InlineData("\\")]
    [InlineData("$")]
    [InlineData("9")]
    [InlineData("1,000")]
    [InlineData("1,00")]
    [InlineData("0.")]
    [InlineData("1e")]
    [InlineData("-")]
    [InlineData("=1")]
    [InlineData("^")]
    [InlineData("^{")]
    [InlineData(" ")]
    [InlineData(". ")]
    [InlineData("answer is ")]
    [InlineData("the answer is")]
    [InlineData("final answer\n")]
    [InlineData("####")]
    [InlineData("\\le$ft")]
    [InlineData("a{}")]
    [InlineData("(")]
    public void OfAndExtract_MegabyteAdversarialInput_Complete(string unit)
    {
        string text = Repeat(unit, 1 << 20);

        string key = AnswerKey.Of(text);
        string extracted = AnswerExtractor.Extract(text);
        AnswerKey.Of(extracted);
        AnswerGrader.IsCorrect(text, text);

        Assert.Equal(key, AnswerKey.Of(key));
    }

    [Fact]
    public void Of_MegabyteDigitRun_KeepsEveryDigit()
    {
        string digits = "1" + Repeat("0123456789", 1 << 20);

        Assert.Equal(digits, AnswerKey.Of(digits));
        Assert.NotEqual(AnswerKey.Of(digits), AnswerKey.Of(digits + "0"));
    }

    [Fact]
    public void Extract_MegabyteUnclosedBox_TakesTheRest()
    {
        string text = "\\boxed{" + new string('{', 1 << 20) + "7";

        Assert.EndsWith("7", AnswerExtractor.Extract(text));
    }

    private static string Repeat(string unit, int minimumLength)
    {
        var builder = new StringBuilder(minimumLength + unit.Length);
        while (builder.Length < minimumLength)
        {
            builder.Append(unit);
        }

        return builder.ToString();
    }
}
