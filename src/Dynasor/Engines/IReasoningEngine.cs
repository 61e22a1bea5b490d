namespace Dynasor.Engines;

/// <summary>
/// Where a program's LLM requests go: a live engine over HTTP, the simulated engine, or recorded samples.
/// Implementations must be safe for concurrent requests from one program.
/// </summary>
public interface IReasoningEngine
{
    /// <summary>Generates one completion. A trace-backed engine completes synchronously.</summary>
    ValueTask<Generation> GenerateAsync(GenerationRequest request, CancellationToken cancellationToken = default);
}
