using Dynasor.Engines;
using Dynasor.Policies;
using Dynasor.Programs;
using Dynasor.Scheduling;

namespace Dynasor.Simulation;

/// <summary>
/// One arriving reasoning program in the simulator: the real program code (<see cref="SimulatedScProgram"/>,
/// <see cref="SimulatedTreeProgram"/>) whose engine is this object, so each request becomes a
/// <see cref="SimulatedSequence"/> on the program's replica and the program continues inside the event that completes it.
/// </summary>
internal abstract class SimulatedProgram(int index, ProgramKind kind, double arrival, int difficultyFactor, double baseDeadlineSeconds)
{
    public int Index { get; } = index;

    public ProgramKind Kind { get; } = kind;

    public double Arrival { get; } = arrival;

    /// <summary>1 always solved, 2 sometimes, 3 never (PAPER.md).</summary>
    public int DifficultyFactor { get; } = difficultyFactor;

    /// <summary>The kind's base deadline, seconds.</summary>
    public double BaseDeadlineSeconds { get; } = baseDeadlineSeconds;

    /// <summary>What the allocation policy and the scheduler read.</summary>
    public abstract ProgramProgress Progress { get; }

    /// <summary>Set at placement.</summary>
    public ReplicaModel Replica { get; set; } = null!;

    /// <summary>Set at placement.</summary>
    public ProgramState State { get; set; } = null!;

    /// <summary>Whether the replica holds this program's prompt in its KV cache.</summary>
    public bool PromptInKv { get; set; }

    /// <summary>The predicted remaining work last added to the replica's total.</summary>
    public double PredictedWork { get; set; }

    /// <summary>LLM requests made so far.</summary>
    public int Requests { get; protected set; }

    public bool Done { get; private set; }

    public double Finish { get; private set; }

    /// <summary>Whether the program's answer is right (read once it is done).</summary>
    protected abstract bool Correct { get; }

    public ProgramOutcome Outcome() =>
        new(Arrival, Finish, DifficultyFactor, Correct, Progress.Samples, Progress.Tokens, Replica.Index)
        {
            Kind = Kind,
            BaseDeadlineSeconds = BaseDeadlineSeconds,
            Requests = Requests,
            AnswerKey = Progress.AnswerKey,
        };

    /// <summary>Runs the program; every continuation runs inside the event loop, when the engine model completes a request.</summary>
    public async Task RunAsync(IAllocationPolicy policy)
    {
        await RunProgramAsync(policy).ConfigureAwait(false);
        Done = true;
        Finish = Replica.Now;
        Replica.ProgramDone(this);
    }

    /// <summary>Runs the real program code to its answer.</summary>
    protected abstract Task RunProgramAsync(IAllocationPolicy policy);

    /// <summary>Puts a request on the program's replica and returns its completion.</summary>
    protected Task<Generation> Submit(SimulatedSequence sequence)
    {
        Requests++;
        Replica.Submit(sequence);
        return sequence.Completion.Task;
    }
}
