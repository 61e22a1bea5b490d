using Dynasor.Engines;
using Dynasor.Policies;
using Dynasor.Programs;
using Dynasor.Scheduling;

namespace Dynasor.Simulation;

/// <summary>
/// One arriving reasoning program: the real <see cref="SelfConsistencyProgram"/> over one trace question, whose
/// engine is this object. A request becomes a <see cref="SimulatedSequence"/> on the program's replica, producing
/// the question's recorded samples in the program's own seeded order.
/// </summary>
internal sealed class SimulatedProgram : IReasoningEngine
{
    private readonly PreparedQuestion _question;
    private readonly int[] _order;

    public SimulatedProgram(int index, PreparedQuestion question, int[] order, int cap, double arrival, int difficultyFactor)
    {
        Index = index;
        _question = question;
        _order = order;
        Program = new SelfConsistencyProgram(question.Id, Math.Min(cap, question.Samples.Length));
        Arrival = arrival;
        DifficultyFactor = difficultyFactor;
    }

    public int Index { get; }

    public SelfConsistencyProgram Program { get; }

    public double Arrival { get; }

    public int DifficultyFactor { get; }

    /// <summary>Set at placement.</summary>
    public ReplicaModel Replica { get; set; } = null!;

    /// <summary>Set at placement.</summary>
    public ProgramState State { get; set; } = null!;

    /// <summary>Whether the replica holds this program's prompt in its KV cache.</summary>
    public bool PromptInKv { get; set; }

    /// <summary>The predicted remaining work last added to the replica's total.</summary>
    public double PredictedWork { get; set; }

    public bool Done { get; private set; }

    public double Finish { get; private set; }

    public ProgramOutcome Outcome() =>
        new(Arrival, Finish, DifficultyFactor, _question.IsCorrect(Program.Progress.AnswerKey), Program.Progress.Samples, Program.Progress.Tokens, Replica.Index);

    public ValueTask<Generation> GenerateAsync(GenerationRequest request, CancellationToken cancellationToken = default)
    {
        var sequence = new SimulatedSequence(this, _question.Samples[_order[request.Index]]);
        Replica.Submit(sequence);
        return new ValueTask<Generation>(sequence.Completion.Task);
    }

    /// <summary>Runs the program; every continuation runs inside the event loop, when the engine model completes a sample.</summary>
    public async Task RunAsync(IAllocationPolicy policy)
    {
        await Program.RunAsync(this, policy).ConfigureAwait(false);
        Done = true;
        Finish = Replica.Now;
        Replica.ProgramDone(this);
    }
}
