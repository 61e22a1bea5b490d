using Dynasor.Engines;
using Dynasor.Policies;
using Dynasor.Replay;
using Dynasor.Rewards;
using Dynasor.Scheduling;
using Dynasor.SimEngine;

namespace Dynasor.Simulation;

/// <summary>
/// The discrete-event serving simulator: programs arrive open-loop (Poisson or Gamma), each of a kind drawn from
/// <see cref="SimulationOptions.Mix"/> and run by the real program code under a real allocation policy (SC:
/// <see cref="Programs.SelfConsistencyProgram"/> over a trace question; Rebase and MCTS: <see cref="Search.RebaseProgram"/>
/// and <see cref="Search.MctsProgram"/> over a simulated engine question, scored by the simulated PRM), placed on the
/// replica with the least predicted queued work, and served by <see cref="ReplicaModel"/>s whose schedulers are the same
/// objects the live server uses. Single-threaded and seeded: the same inputs give the same run.
/// </summary>
public sealed class Simulator
{
    private const int ArrivalPriority = 0;
    private readonly IReadOnlyDictionary<ProgramKind, IAllocationPolicy> _allocation;
    private readonly SimulationOptions _options;
    private readonly EventQueue _events = new(new VirtualTimeProvider());
    private readonly ReplicaModel[] _replicas;
    private readonly ReplicaPlacement _placement;
    private readonly SimulatedProgram[] _programs;
    private readonly Task[] _running;
    private readonly double[] _arrivals;
    private readonly double _prior;
    private int _next;

    private Simulator(PreparedTrace? trace, IReadOnlyDictionary<ProgramKind, IAllocationPolicy> allocation, ISchedulingPolicy scheduling, SimulationOptions options)
    {
        _allocation = allocation;
        _options = options;
        // The scheduler's length estimate before any request finished: a recorded sample, else a step's token limit.
        _prior = trace is { MeanTokensPerSample: > 0 } ? trace.MeanTokensPerSample : options.Search.StepTokens;
        _placement = new ReplicaPlacement(options.Replicas);
        _replicas = Enumerable.Range(0, options.Replicas)
            .Select(i => new ReplicaModel(i, _events, options, scheduling, _prior, NextArrival, _placement))
            .ToArray();

        var random = new Random(options.Seed);
        _arrivals = ArrivalProcess.Times(options.Rate, options.ArrivalCv, options.Programs, random);
        var factors = trace?.Questions.Select(DifficultyFactor).ToArray();
        var solutions = new SolutionModel(TreeWorkload.Engine(options));
        var prm = new SimulatedPrm(new SimulatedRewardModel(TreeWorkload.Engine(options), options.Rewards), _events, options.Cost);
        _programs = new SimulatedProgram[options.Programs];
        for (var i = 0; i < _programs.Length; i++)
        {
            var kind = options.Mix.Draw(random);
            if (kind == ProgramKind.Sc)
            {
                var q = random.Next(trace!.Questions.Count);
                var question = trace.Questions[q];
                var order = SeededOrder.Permutation(question.Samples.Length, SeededOrder.Mix((ulong)(uint)options.Seed, (ulong)i));
                _programs[i] = new SimulatedScProgram(i, question, order, options.Cap, _arrivals[i], factors![q], options.BaseDeadlineSeconds);
            }
            else
            {
                _programs[i] = new SimulatedTreeProgram(i, kind, TreeWorkload.Question(options.Seed, i), TreeWorkload.Template(options, i),
                    solutions, prm, options, _arrivals[i]);
            }
        }
        _running = new Task[_programs.Length];
    }

    /// <summary>Simulates <paramref name="options"/>.Programs SC programs over <paramref name="trace"/>, all under <paramref name="allocation"/>.</summary>
    /// <exception cref="InvalidOperationException">A program never finished (a simulator bug, reported rather than hidden).</exception>
    public static SimulationRun Run(PreparedTrace trace, IAllocationPolicy allocation, ISchedulingPolicy scheduling, SimulationOptions options)
    {
        ArgumentNullException.ThrowIfNull(trace);
        ArgumentNullException.ThrowIfNull(allocation);
        return Run(trace, Enum.GetValues<ProgramKind>().ToDictionary(k => k, _ => allocation), scheduling, options);
    }

    /// <summary>
    /// Simulates <paramref name="options"/>.Programs programs of the kinds in <paramref name="options"/>.Mix, each under
    /// its kind's policy in <paramref name="allocation"/>, and returns every outcome. <paramref name="trace"/> supplies SC
    /// programs' questions and may be null when the mix has no SC.
    /// </summary>
    /// <exception cref="ArgumentException">The mix has SC and no trace, or a kind in the mix has no policy.</exception>
    /// <exception cref="InvalidOperationException">A program never finished (a simulator bug, reported rather than hidden).</exception>
    public static SimulationRun Run(PreparedTrace? trace, IReadOnlyDictionary<ProgramKind, IAllocationPolicy> allocation, ISchedulingPolicy scheduling, SimulationOptions options)
    {
        ArgumentNullException.ThrowIfNull(allocation);
        ArgumentNullException.ThrowIfNull(scheduling);
        options.Validate();
        if (options.Mix.Contains(ProgramKind.Sc) && (trace is null || trace.Questions.Count == 0))
            throw new ArgumentException("SC programs need a trace with at least one question");
        foreach (var kind in options.Mix.Kinds.Where(k => !allocation.ContainsKey(k)))
            throw new ArgumentException($"no allocation policy for {ProgramMix.Name(kind)} programs");
        // Continuations must run inline, inside the event that completes them: a synchronization context (a UI
        // thread, a test runner) would post them elsewhere and the loop would run out of events with programs pending.
        var context = SynchronizationContext.Current;
        SynchronizationContext.SetSynchronizationContext(null);
        try
        {
            return new Simulator(trace, allocation, scheduling, options).Run();
        }
        finally
        {
            SynchronizationContext.SetSynchronizationContext(context);
        }
    }

    /// <summary>1 when every recorded sample is right, 3 when none is, 2 otherwise (PAPER.md's difficulty factor).</summary>
    public static int DifficultyFactor(PreparedQuestion question)
    {
        var right = question.Samples.Count(s => question.IsCorrect(s.AnswerKey));
        return right == question.Samples.Length ? 1 : right == 0 ? 3 : 2;
    }

    private double NextArrival() => _next < _arrivals.Length ? _arrivals[_next] : double.PositiveInfinity;

    private SimulationRun Run()
    {
        if (_arrivals.Length > 0)
            _events.At(_arrivals[0], ArrivalPriority, Arrive);
        _events.Run();

        var outcomes = new ProgramOutcome[_programs.Length];
        for (var i = 0; i < _programs.Length; i++)
        {
            var task = _running[i];
            if (task.IsFaulted)
                task.GetAwaiter().GetResult();
            if (!task.IsCompletedSuccessfully || !_programs[i].Done)
                throw new InvalidOperationException($"simulation ended with program {i} unfinished (a simulator bug)");
            outcomes[i] = _programs[i].Outcome();
        }
        return new SimulationRun(
            outcomes,
            _replicas.Sum(r => r.TokensServed),
            outcomes.Length == 0 ? 0 : outcomes.Max(o => o.Finish),
            _replicas.Sum(r => r.Iterations),
            _options.BaseDeadlineSeconds);
    }

    private void Arrive()
    {
        var program = _programs[_next++];
        if (_next < _arrivals.Length)
            _events.At(_arrivals[_next], ArrivalPriority, Arrive);

        var replica = _replicas[_placement.Choose()];
        program.Replica = replica;
        var deadline = TimeSpan.FromSeconds(_options.SloScale * program.DifficultyFactor * program.BaseDeadlineSeconds);
        program.State = replica.Scheduler.Register(program.Progress, deadline);
        program.PredictedWork = program.State.PredictedRemainingTokens(_prior);
        replica.PredictedWork += program.PredictedWork;
        _running[program.Index] = program.RunAsync(_allocation[program.Kind]);
    }
}
