using Dynasor.Policies;
using Dynasor.Scheduling;
using Dynasor.Simulation;

namespace Dynasor.Tests.Simulation;

/// <summary>Small Rebase / MCTS workloads for the simulator tests: tiny caps so a run takes milliseconds.</summary>
internal static class TreeSimulation
{
    /// <summary>Tiny tree programs: Rebase width 8, MCTS 4 iterations, on one replica.</summary>
    public static SimulationOptions Options(string mix, int programs = 8, int seed = 0) => new()
    {
        Mix = ProgramMix.Parse(mix.Split(' ')),
        Programs = programs,
        Rate = 0.5,
        Seed = seed,
        RebaseWidth = 8,
        MctsIterations = 4,
        Cap = 8,
    };

    /// <summary>Runs <paramref name="options"/> under one allocation (<c>uniform</c>, <c>certaindex</c>, a spec, ...).</summary>
    public static SimulationRun Run(SimulationOptions options, string allocation = "uniform", string scheduler = "fcfs")
    {
        var trace = options.Mix.Contains(ProgramKind.Sc) ? SimulationTraces.Synthetic(questions: 50, samples: 8) : null;
        var shape = trace?.Shape(options.Cap);
        var policies = MixAllocation.Parse(allocation).Resolve(options, shape).ToDictionary(p => p.Key, p => PolicyCatalog.Create(p.Value));
        return Simulator.Run(trace, policies, SchedulerCatalog.Create(scheduler), options);
    }
}
