using Dynasor.Engines;
using Dynasor.Policies;
using Dynasor.Programs;

namespace Dynasor.Simulation;

/// <summary>
/// A self-consistency program: the real <see cref="SelfConsistencyProgram"/> over one trace question, whose engine is
/// this object. A request produces the question's recorded samples in the program's own seeded order.
/// </summary>
internal sealed class SimulatedScProgram : SimulatedProgram, IReasoningEngine
{
    private readonly PreparedQuestion _question;
    private readonly int[] _order;
    private readonly SelfConsistencyProgram _program;

    public SimulatedScProgram(int index, PreparedQuestion question, int[] order, int cap, double arrival, int difficultyFactor, double baseDeadlineSeconds)
        : base(index, ProgramKind.Sc, arrival, difficultyFactor, baseDeadlineSeconds)
    {
        _question = question;
        _order = order;
        _program = new SelfConsistencyProgram(question.Id, Math.Min(cap, question.Samples.Length));
    }

    public override ProgramProgress Progress => _program.Progress;

    protected override bool Correct => _question.IsCorrect(_program.Progress.AnswerKey);

    public ValueTask<Generation> GenerateAsync(GenerationRequest request, CancellationToken cancellationToken = default) =>
        new(Submit(new SimulatedSequence(this, _question.Samples[_order[request.Index]])));

    protected override async Task RunProgramAsync(IAllocationPolicy policy) => await _program.RunAsync(this, policy).ConfigureAwait(false);
}
