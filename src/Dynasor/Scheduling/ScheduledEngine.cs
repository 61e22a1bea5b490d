using Dynasor.Engines;

namespace Dynasor.Scheduling;

/// <summary>
/// One program's view of a scheduled engine: every request waits at the <see cref="SchedulingGate"/> for its turn,
/// then goes to the inner engine, and gives its slot back when it ends (also on failure or cancellation).
/// </summary>
public sealed class ScheduledEngine(IReasoningEngine inner, SchedulingGate gate, ProgramState program) : IReasoningEngine
{
    /// <summary>The program this engine serves.</summary>
    public ProgramState Program => program;

    public async ValueTask<Generation> GenerateAsync(GenerationRequest request, CancellationToken cancellationToken = default)
    {
        await gate.EnterAsync(program, cancellationToken).ConfigureAwait(false);
        var tokens = 0;
        try
        {
            var generation = await inner.GenerateAsync(request, cancellationToken).ConfigureAwait(false);
            tokens = generation.Tokens;
            return generation;
        }
        finally
        {
            gate.Exit(program, tokens);
        }
    }
}
