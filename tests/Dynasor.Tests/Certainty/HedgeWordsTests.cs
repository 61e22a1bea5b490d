using Dynasor.Certainty;

namespace Dynasor.Tests.Certainty;

public class HedgeWordsTests
{
    [Theory]
    [InlineData("Wait, let me recheck", true)]
    [InlineData("hmm 42", true)]
    [InlineData("42 but maybe 43", true)]
    [InlineData("No.", true)]
    public void Contains_WholeHedgeWord_IsTrue(string text, bool expected) => Assert.Equal(expected, HedgeWords.Contains(text));

    // The reference code's substring test flagged these; whole-word matching must not.
    [Theory]
    [InlineData("I know it is 42")]
    [InlineData("not 41, so 42")]
    [InlineData("the waiter has 3 buttons")]
    [InlineData("")]
    [InlineData(null)]
    public void Contains_WordOnlyInsideAnotherWord_IsFalse(string? text) => Assert.False(HedgeWords.Contains(text));
}
