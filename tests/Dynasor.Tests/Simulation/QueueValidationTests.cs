using Dynasor.Policies;
using Dynasor.Scheduling;
using Dynasor.Simulation;

namespace Dynasor.Tests.Simulation;

/// <summary>
/// The simulator against textbook queues. One program = one sample; a window of one sequence makes the engine a
/// single server; no prompt and a cost model of DecodeA ms per token make the service time tokens x DecodeA.
/// </summary>
public sealed class QueueValidationTests
{
    private static readonly IterationCostModel PerToken = new("queue", 0, 0, 0, 10, 0, 0, "test: 10 ms per decoded token");

    private static SimulationOptions SingleServer(double rate, int programs) => new()
    {
        Rate = rate, Programs = programs, Seed = 7, Cap = 1, MaxBatch = 1, PromptTokens = 0, Cost = PerToken,
    };

    [Fact]
    public void MD1_MeanLatency_MatchesPollaczekKhinchine()
    {
        // Service D = 100 tokens x 10 ms = 1 s, arrivals 0.5/s: rho = 0.5, Wq = rho / (2 mu (1 - rho)) = 0.5 s, T = 1.5 s.
        // 40,000 customers: the standard error of the mean wait (busy-period correlation included) is about 0.01 s;
        // 0.05 s is five of them.
        var run = Simulator.Run(SimulationTraces.SingleSample([100]), PolicyCatalog.Create(PolicyCatalog.Parse("sc:n=1")), SchedulerCatalog.Create("fcfs"), SingleServer(0.5, 40_000));
        var latency = run.Outcomes.Average(o => o.Latency);
        Assert.Equal(1.5, latency, 0.05);
    }

    [Fact]
    public void MM1_MeanLatency_MatchesTextbook()
    {
        // Service lengths are geometric with mean 100 tokens (1 s; squared CV 0.99, near exponential), arrivals 0.5/s:
        // T = 1 / (mu - lambda) = 2 s for M/M/1 (2 - 0.005 by Pollaczek-Khinchine for the geometric's CV).
        // 40,000 customers: the standard error is about 0.03 s; 0.12 s is four of them.
        var random = new Random(11);
        var lengths = Enumerable.Range(0, 20_000).Select(_ => 1 + (int)Math.Floor(Math.Log(1 - random.NextDouble()) / Math.Log(0.99))).ToList();
        var trace = SimulationTraces.SingleSample(lengths);
        var run = Simulator.Run(trace, PolicyCatalog.Create(PolicyCatalog.Parse("sc:n=1")), SchedulerCatalog.Create("fcfs"), SingleServer(0.5, 40_000));
        var service = run.Outcomes.Average(o => o.Tokens) * 0.01;
        Assert.Equal(1.0, service, 0.02);
        var latency = run.Outcomes.Average(o => o.Latency);
        Assert.Equal(1 / (1 / service - 0.5), latency, 0.12);
    }
}
