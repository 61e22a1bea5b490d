using Dynasor.Certainty;

namespace Dynasor.Tests.Certainty;

public class ProbeConsistencyTests
{
    [Fact]
    public void IsSettled_LastKProbesAgree_IsTrue()
    {
        var probes = new ProbeConsistency(window: 3);
        foreach (var output in new[] { "41}", "42} done", "42}", "42}." })
            probes.Add(output);
        Assert.True(probes.IsSettled);
        Assert.Equal(1.0, probes.Certaindex);
        Assert.Equal("42", probes.LatestAnswer);
    }

    [Fact]
    public void IsSettled_OneHedgedProbeInWindow_IsFalse()
    {
        var probes = new ProbeConsistency(window: 2);
        probes.Add("42} wait");
        probes.Add("42}");
        Assert.False(probes.IsSettled);
        Assert.Equal(0.5, probes.Certaindex);
    }

    [Fact]
    public void IsSettled_EmptyAnswers_IsFalse()
    {
        var probes = new ProbeConsistency(window: 2);
        probes.Add("}");
        probes.Add("}");
        Assert.False(probes.IsSettled);
    }

    [Fact]
    public void IsSettled_FewerProbesThanWindow_IsFalse()
    {
        var probes = new ProbeConsistency(window: 3);
        probes.Add("5}");
        probes.Add("5}");
        Assert.False(probes.IsSettled);
    }

    [Theory]
    [InlineData("\\frac{1}{2}} and more", "\\frac{1}{2}")]
    [InlineData("42", "42")]
    [InlineData("{{", "{{")]
    [InlineData("", "")]
    public void AnswerBeforeUnmatchedBrace_NestedBraces_StopsAtTheFirstUnmatched(string text, string expected) =>
        Assert.Equal(expected, ProbeConsistency.AnswerBeforeUnmatchedBrace(text));
}
