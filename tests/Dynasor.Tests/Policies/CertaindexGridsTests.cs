using Dynasor.Certainty;
using Dynasor.Policies;

namespace Dynasor.Tests.Policies;

/// <summary>The grids and sweeps of the certaindex families per measure: entropy's as they always were, reward gates added.</summary>
public class CertaindexGridsTests
{
    private static readonly TraceShape Entropy = new(40, 120);
    private static readonly TraceShape Rewards = Entropy with { Measure = CertaindexMeasure.MaxReward, Gates = [CertaindexMeasure.Entropy, CertaindexMeasure.MaxReward, CertaindexMeasure.RewardShare] };

    [Fact]
    public void StaticGrid_EntropyOnly_IsTheGridSpecsAlwaysHad()
    {
        var grid = PolicyCatalog.Family("static").CalibrationGrid(Entropy).ToList();
        Assert.Equal(7 * 13, grid.Count);
        Assert.Equal("static:detect=2,threshold=0.3", grid[0]);
        Assert.All(grid, s => Assert.DoesNotContain("reward", s));
        Assert.Equal("static:detect=5,threshold=0.99", PolicyCatalog.Family("static").Sweep(Entropy).First());
    }

    [Fact]
    public void StaticGrid_RewardGates_AddMaxRewardAndShareCandidatesWithTheEntropyGateOff()
    {
        var grid = PolicyCatalog.Family("static").CalibrationGrid(Rewards).Select(PolicyCatalog.Parse).Select(s => s.ToString()).ToList();
        Assert.Equal(7 * 13 + 2 * 7 * 14, grid.Count);
        Assert.Contains("static:detect=5,max_reward=0.95,reward=0,threshold=0", grid);
        Assert.Contains("static:detect=3,reward=0,share=0.9,threshold=0", grid);
        Assert.Contains("static:detect=5,reward=0,threshold=0.7", grid);
        Assert.All(grid.Where(s => s.Contains("max_reward", StringComparison.Ordinal)), s => Assert.True(PolicyCatalog.ReadsRewards(PolicyCatalog.Parse(s))));
    }

    [Fact]
    public void SteppedGrid_RewardGate_KeepsEveryStepSetting()
    {
        var grid = PolicyCatalog.Family("stepped").CalibrationGrid(Rewards with { Gates = [CertaindexMeasure.MaxReward] }).ToList();
        Assert.Equal(3 * 3 * 14, grid.Count);
        Assert.Contains("stepped:detect=2,every=5,max_reward=0.97,threshold=0", grid);
    }

    [Fact]
    public void TerminateGrid_FollowsTheProgramsOwnCertaindex()
    {
        var entropy = PolicyCatalog.Family("terminate").CalibrationGrid(Entropy).ToList();
        var reward = PolicyCatalog.Family("terminate").CalibrationGrid(Rewards).ToList();
        Assert.Contains("terminate:after=5,below=0.05", entropy);
        Assert.DoesNotContain("terminate:after=5,below=0.8", entropy);
        Assert.Contains("terminate:after=5,below=0.8", reward);
        Assert.Equal("terminate:after=5,below=0.9", PolicyCatalog.Family("terminate").Sweep(Rewards).First());
    }

    [Theory]
    [InlineData("static", false)]
    [InlineData("static:threshold=0.7,reward=0", false)]
    [InlineData("static:max_reward=0.9", true)]
    [InlineData("stepped:share=0.8", true)]
    [InlineData("static:reward=0.4", true)]
    [InlineData("terminate", false)]
    public void ReadsRewards_OnlyThresholdSpecsWithARewardGate(string spec, bool reads) =>
        Assert.Equal(reads, PolicyCatalog.ReadsRewards(PolicyCatalog.Parse(spec)));
}
