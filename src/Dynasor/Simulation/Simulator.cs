using Dynasor.Engines;
using Dynasor.Policies;
using Dynasor.Replay;
using Dynasor.Scheduling;

namespace Dynasor.Simulation;

/// <summary>
/// The discrete-event serving simulator: programs arrive open-loop (Poisson or Gamma), each a real
/// <see cref="Programs.SelfConsistencyProgram"/> driven by a real allocation policy over a trace question, placed on
/// the replica with the least predicted queued work, and served by <see cref="ReplicaModel"/>s whose schedulers are
/// the same objects the live server uses. Single-threaded and seeded: the same inputs give the same run.
/// </summary>
public sealed class Simulator
{
    private const int ArrivalPriority = 0;
    private readonly IAllocationPolicy _allocation;
    private readonly SimulationOptions _options;
    private readonly EventQueue _events = new(new VirtualTimeProvider());
    private readonly ReplicaModel[] _replicas;
    private readonly ReplicaPlacement _placement;
    private readonly SimulatedProgram[] _programs;
    private readonly Task[] _running;
    private readonly double[] _arrivals;
    private readonly double _prior;
    private int _next;

    private Simulator(PreparedTrace trace, IAllocationPolicy allocation, ISchedulingPolicy scheduling, SimulationOptions options)
    {
        _allocation = allocation;
        _options = options;
        _prior = trace.MeanTokensPerSample > 0 ? trace.MeanTokensPerSample : 1;
        _placement = new ReplicaPlacement(options.Replicas);
        _replicas = Enumerable.Range(0, options.Replicas)
            .Select(i => new ReplicaModel(i, _events, options, scheduling, _prior, NextArrival, _placement))
            .ToArray();

        var random = new Random(options.Seed);
        _arrivals = ArrivalProcess.Times(options.Rate, options.ArrivalCv, options.Programs, random);
        var factors = trace.Questions.Select(DifficultyFactor).ToArray();
        _programs = new SimulatedProgram[options.Programs];
        for (var i = 0; i < _programs.Length; i++)
        {
            var q = random.Next(trace.Questions.Count);
            var question = trace.Questions[q];
            var order = SeededOrder.Permutation(question.Samples.Length, SeededOrder.Mix((ulong)(uint)options.Seed, (ulong)i));
            _programs[i] = new SimulatedProgram(i, question, order, options.Cap, _arrivals[i], factors[q]);
        }
        _running = new Task[_programs.Length];
    }

    /// <summary>Simulates <paramref name="options"/>.Programs programs over <paramref name="trace"/> and returns every outcome.</summary>
    /// <exception cref="InvalidOperationException">A program never finished (a simulator bug, reported rather than hidden).</exception>
    public static SimulationRun Run(PreparedTrace trace, IAllocationPolicy allocation, ISchedulingPolicy scheduling, SimulationOptions options)
    {
        ArgumentNullException.ThrowIfNull(trace);
        ArgumentNullException.ThrowIfNull(allocation);
        ArgumentNullException.ThrowIfNull(scheduling);
        options.Validate();
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
        var deadline = TimeSpan.FromSeconds(_options.SloScale * program.DifficultyFactor * _options.BaseDeadlineSeconds);
        program.State = replica.Scheduler.Register(program.Program.Progress, deadline);
        program.PredictedWork = program.State.PredictedRemainingTokens(_prior);
        replica.PredictedWork += program.PredictedWork;
        _running[program.Index] = program.RunAsync(_allocation);
    }
}
