using Dynasor.Cot;
using Dynasor.Engines;

namespace Dynasor.Tests.Cot;

public class CotOptionsTests
{
    [Theory]
    [InlineData("mild", 8, 64)]
    [InlineData("low", 5, 64)]
    [InlineData("mid", 3, 64)]
    [InlineData("high", 2, 64)]
    [InlineData("crazy", 2, 32)]
    [InlineData("CRAZY", 2, 32)]
    public void FromEffort_Preset_MapsToTheReferenceWindowAndInterval(string name, int window, int interval)
    {
        var options = CotOptions.FromEffort(name);
        Assert.Equal(window, options.Window);
        Assert.Equal(interval, options.ProbeInterval);
        Assert.Equal(20, options.ProbeMaxTokens);
    }

    [Fact]
    public void Defaults_AreTheMidPreset()
    {
        Assert.Equal(CotOptions.FromEffort("mid"), new CotOptions());
    }

    [Fact]
    public void FromEffort_UnknownName_ThrowsListingThePresets()
    {
        var e = Assert.Throws<ArgumentException>(() => CotOptions.FromEffort("turbo"));
        Assert.Contains("'turbo'", e.Message);
        Assert.Contains("mild, low, mid, high, crazy", e.Message);
    }

    [Theory]
    [InlineData(0, 3, 20, 100, "probe_interval (ProbeInterval) 0")]
    [InlineData(64, 0, 20, 100, "window (Window) 0")]
    [InlineData(64, 3, -1, 100, "probe_max_tokens (ProbeMaxTokens) -1")]
    [InlineData(64, 3, 20, 0, "max_tokens (MaxTokens) 0")]
    public void Validate_OutOfRange_NamesTheSettingAndItsValue(int interval, int window, int probeTokens, int maxTokens, string expected)
    {
        var options = new CotOptions { ProbeInterval = interval, Window = window, ProbeMaxTokens = probeTokens, MaxTokens = maxTokens };
        var e = Assert.Throws<ArgumentException>(() => options.Validate());
        Assert.Contains(expected, e.Message);
        Assert.Contains("use ", e.Message);
    }

    [Fact]
    public void Validate_SuffixWithoutOpenBrace_Throws()
    {
        var e = Assert.Throws<ArgumentException>(() => new CotOptions { ProbeSuffix = "Final answer:" }.Validate());
        Assert.Contains("Final answer:", e.Message);
    }

    [Fact]
    public void RunAsync_BadOptionsOrMaxTokens_ThrowsAtTheCall()
    {
        var engine = new ScriptedChainEngine(["a"], _ => ["1}"]);
        var request = new ContinuationRequest([new ChatTurn("user", "q")], "", 0, SamplingOptions.Default);
        Assert.Throws<ArgumentException>(() => DynasorCot.RunAsync(engine, request, new CotOptions()));
        Assert.Throws<ArgumentException>(() => DynasorCot.RunAsync(engine, request with { MaxTokens = 5 }, new CotOptions { Window = 0 }));
        Assert.Empty(engine.Calls);
    }
}
