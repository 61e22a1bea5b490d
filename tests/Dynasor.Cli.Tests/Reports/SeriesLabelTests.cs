using Dynasor.Cli.Reports;
using Xunit;

namespace Dynasor.Cli.Tests.Reports;

public sealed class SeriesLabelTests
{
    [Theory]
    [InlineData("static:detect=5,reward=0,threshold=0.7", "")]
    [InlineData("static:detect=5,max_reward=0.9,reward=0,threshold=0", "/max")]
    [InlineData("stepped:detect=3,every=1,reward=0,share=0.8,threshold=0", "/share")]
    [InlineData("static:detect=5,reward=0.4,threshold=0.7", "/ent+mean")]
    [InlineData("settle:after=16,confidence=0.9,lead=0,share=0.3,unanimous=2", "")]
    [InlineData("sc:n=5", "")]
    public void Gate_NamesTheRewardGatesOfThresholdSpecsOnly(string policy, string gate) => Assert.Equal(gate, SeriesLabel.Gate(policy));

    [Fact]
    public void Of_WithPrograms_PutsTheProgramFirst()
    {
        var r = new Dynasor.Replay.ReplayResult("t", "static:detect=5,max_reward=0.9,reward=0,threshold=0", 1, 1, 1, 0, 1, 1, 0, 0) { Program = "bon" };
        Assert.Equal("bon static/max", SeriesLabel.Of(r, withProgram: true));
        Assert.Equal("static/max", SeriesLabel.Of(r, withProgram: false));
        Assert.Equal("2 3", SeriesLabel.Dash("bon"));
        Assert.Null(SeriesLabel.Dash("sc"));
    }
}
