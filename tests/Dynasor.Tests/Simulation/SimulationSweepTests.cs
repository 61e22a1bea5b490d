using Dynasor.Policies;
using Dynasor.Scheduling;
using Dynasor.Simulation;

namespace Dynasor.Tests.Simulation;

public sealed class SimulationSweepTests
{
    [Theory]
    [InlineData("dynasor")]
    [InlineData("slack")]
    [InlineData("plas")]
    public void Run_EachSloScale_MatchesARunAtThatScale(string scheduler)
    {
        // Deadline-aware schedulers order by the deadlines, so each scale needs its own run; the others may share one.
        var trace = SimulationTraces.Synthetic();
        var allocation = PolicyCatalog.Parse("ac");
        var options = new SimulationOptions { Programs = 300, MaxBatch = 32 };
        double[] scales = [0.05, 1];

        var (results, _) = SimulationSweep.Run(trace, [allocation], [scheduler], [6], scales, options);

        foreach (var scale in scales)
        {
            var alone = Simulator.Run(trace, PolicyCatalog.Create(allocation), SchedulerCatalog.Create(scheduler), options with { Rate = 6, SloScale = scale });
            var expected = SimulationMetrics.Evaluate(alone, allocation.ToString(), scheduler, 6, scale);
            Assert.Equal(expected, results.Single(r => r.SloScale == scale));
        }
    }

    [Fact]
    public void Run_LimitAtTheEdgeOfTheGrid_IsMarkedAsOnlyABound()
    {
        var trace = SimulationTraces.Synthetic();
        var options = new SimulationOptions { Programs = 200 };
        PolicySpec[] sc = [PolicyCatalog.Parse("sc:n=40")];

        // At 1 program/s (the top of the first grid) 90% is reached; at 21/s (the top of the second) the queue misses more.
        var low = SimulationSweep.Run(trace, sc, ["fcfs"], [0.5, 1], [1, 2], options).Summary.Single();
        var wide = SimulationSweep.Run(trace, sc, ["fcfs"], [1, 21], [1, 2], options).Summary.Single();

        Assert.Equal(1, low.MaxRateAt90);
        Assert.True(low.MaxRateIsTopOfGrid);
        Assert.Equal(1, low.MinSloScaleAt90);
        Assert.True(low.MinSloScaleIsBottomOfGrid);
        Assert.Equal(1, wide.MaxRateAt90);
        Assert.False(wide.MaxRateIsTopOfGrid);
    }
}
