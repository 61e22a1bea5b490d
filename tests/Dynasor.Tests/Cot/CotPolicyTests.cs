using Dynasor.Cot;
using Dynasor.Policies;

namespace Dynasor.Tests.Cot;

public class CotPolicyTests
{
    [Theory]
    [InlineData("mild", 8, 64, 1.0, "mild (k=8, T=64)")]
    [InlineData("CRAZY", 2, 32, 1.0, "crazy (k=2, T=32)")]
    [InlineData("mid:threshold=0.67", 3, 64, 0.67, "mid (k=3, T=64, certaindex>=0.67)")]
    [InlineData("cot:window=4,interval=128", 4, 128, 1.0, "cot (k=4, T=128)")]
    [InlineData("high:interval=128", 2, 128, 1.0, "high (k=2, T=128)")]
    public void Parse_PresetsAndOverrides_GiveTheirWindowIntervalAndLabel(string text, int window, int interval, double threshold, string label)
    {
        var policy = CotPolicy.Parse(text);

        Assert.Equal((window, interval, threshold, label), (policy.Window, policy.ProbeInterval, policy.Threshold, policy.ToString()));
    }

    [Fact]
    public void Presets_AreTheFiveEffortLevels()
    {
        Assert.Equal(["mild", "low", "mid", "high", "crazy"], CotPolicy.Presets.Select(p => p.Name));
    }

    [Theory]
    [InlineData("extreme", "cot policy 'extreme' is unknown")]
    [InlineData("mid:k=3", "has no parameter 'k'")]
    [InlineData("mid:threshold=1.5", "threshold=1.5 is invalid")]
    [InlineData("cot:window=0", "window=0 is invalid")]
    [InlineData("live:window=3", "takes no parameters")]
    public void Parse_BadSpec_ThrowsNamingTheProblem(string text, string expected)
    {
        var e = Assert.Throws<PolicySpecException>(() => CotPolicy.Parse(text));

        Assert.Contains(expected, e.Message);
    }
}
