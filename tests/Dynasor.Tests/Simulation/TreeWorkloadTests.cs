using Dynasor.Policies;
using Dynasor.Scheduling;
using Dynasor.Simulation;

namespace Dynasor.Tests.Simulation;

public sealed class TreeWorkloadTests
{
    [Fact]
    public void Run_Mix_RunsEveryKindInProportionUnderItsOwnCap()
    {
        var options = TreeSimulation.Options("sc rebase:2 mcts", programs: 80) with { Cap = 5, RebaseWidth = 6, MctsIterations = 3, Rate = 2 };
        var run = TreeSimulation.Run(options);
        var byKind = run.Outcomes.GroupBy(o => o.Kind).ToDictionary(g => g.Key, g => g.ToList());
        Assert.Equal(3, byKind.Count);
        Assert.InRange(byKind[ProgramKind.Rebase].Count, 28, 52);
        Assert.All(byKind[ProgramKind.Sc], o => Assert.Equal(5, o.Samples));
        Assert.All(byKind[ProgramKind.Rebase], o => Assert.Equal(6, o.Samples));
        Assert.All(byKind[ProgramKind.Mcts], o => Assert.Equal(3, o.Samples));
        // An SC sample is one request; a tree's knob unit is several.
        Assert.All(byKind[ProgramKind.Sc], o => Assert.Equal(o.Samples, o.Requests));
    }

    [Fact]
    public void Run_Mix_EachKindCarriesItsBaseDeadlineUnlessOneIsGivenForAll()
    {
        var options = TreeSimulation.Options("sc rebase mcts", programs: 30) with { Rate = 2 };
        var deadlines = TreeSimulation.Run(options).Outcomes.GroupBy(o => o.Kind).ToDictionary(g => g.Key, g => g.Select(o => o.BaseDeadlineSeconds).Distinct().Single());
        Assert.Equal(new Dictionary<ProgramKind, double> { [ProgramKind.Sc] = 240, [ProgramKind.Rebase] = 300, [ProgramKind.Mcts] = 60 }, deadlines);

        var overridden = TreeSimulation.Run(options.WithBaseDeadline(100)).Outcomes;
        Assert.All(overridden, o => Assert.Equal(100, o.BaseDeadlineSeconds));
    }

    [Fact]
    public void Run_Mix_SchedulerSeesEachKindsDeadline()
    {
        // Caps tell the kinds apart: SC 5, Rebase 6, MCTS 3.
        var options = TreeSimulation.Options("sc rebase mcts", programs: 30) with { Cap = 5, RebaseWidth = 6, MctsIterations = 3, Rate = 2, SloScale = 0.5 };
        var recorder = new DeadlineRecorder();
        var policies = Enum.GetValues<ProgramKind>().ToDictionary(k => k, _ => PolicyCatalog.Create(PolicyCatalog.Parse("sc")));
        Simulator.Run(SimulationTraces.Synthetic(questions: 50, samples: 8), policies, recorder, options);
        var seen = recorder.Relative.GroupBy(r => r.Cap).ToDictionary(g => g.Key, g => g.Select(r => r.Seconds).Distinct().Order().ToList());
        Assert.All(seen[5], d => Assert.Contains(d, new[] { 120.0, 240, 360 }));
        Assert.All(seen[6], d => Assert.Contains(d, new[] { 150.0, 300, 450 }));
        Assert.All(seen[3], d => Assert.Contains(d, new[] { 30.0, 60, 90 }));
        Assert.Contains(150.0, seen[6]);
        Assert.Contains(30.0, seen[3]);
    }

    [Fact]
    public void Evaluate_MixedKinds_JudgesEachAgainstItsKindsBaseDeadline()
    {
        // Both took 100 s on an easy question: within Rebase's 300 s, past MCTS's 60 s.
        var run = new SimulationRun(
            [
                new ProgramOutcome(0, 100, 1, true, 16, 1000, 0) { Kind = ProgramKind.Rebase, BaseDeadlineSeconds = 300 },
                new ProgramOutcome(0, 100, 1, true, 3, 1000, 0) { Kind = ProgramKind.Mcts, BaseDeadlineSeconds = 60 },
            ],
            2000, 100, 10, 240);
        Assert.Equal(0.5, SimulationMetrics.Evaluate(run, "a", "fcfs", 1, 1).Attainment);
        Assert.Equal(1.0, SimulationMetrics.Evaluate(run, "a", "fcfs", 1, 2).Attainment);
    }

    [Fact]
    public void Question_IsTheTextEvalSeeds() =>
        Assert.Equal("Eval question 3 (seed 7): what is the final answer?", TreeWorkload.Question(7, 2));

    private sealed class DeadlineRecorder : ISchedulingPolicy
    {
        public List<(int Cap, double Seconds)> Relative { get; } = [];

        public string Name => "recorder";

        public bool ReadsDeadlines => true;

        public SchedulingKey Key(ProgramState program, SchedulingContext context)
        {
            if (program.Deadline is { } deadline)
                Relative.Add((program.Progress.Cap, Math.Round(deadline - program.Arrival, 6)));
            return new SchedulingKey(program.Arrival, program.Arrival);
        }
    }
}
