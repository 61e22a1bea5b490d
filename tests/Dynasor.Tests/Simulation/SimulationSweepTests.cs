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
}
