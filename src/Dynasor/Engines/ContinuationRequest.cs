namespace Dynasor.Engines;

/// <summary>One generation request to a streaming engine.</summary>
/// <param name="Messages">The conversation so far (system, user, earlier assistant turns), without the partial assistant turn.</param>
/// <param name="AssistantPrefix">Text the assistant turn already has; the engine continues it (empty for a fresh turn).</param>
/// <param name="MaxTokens">Most tokens to generate in this request, at least 1.</param>
/// <param name="Sampling">Temperature, top-p, seed and stop sequences.</param>
public sealed record ContinuationRequest(IReadOnlyList<ChatTurn> Messages, string AssistantPrefix, int MaxTokens, SamplingOptions Sampling)
{
    /// <summary>The content of the last user turn: what the simulated engine treats as the question.</summary>
    public string Question => Messages.LastOrDefault(m => m.Role == "user")?.Content ?? "";

    /// <summary>
    /// The scheduling priority to pass to an engine that takes one (vLLM's and SGLang's <c>priority</c>), already in
    /// that engine's convention; null: send none. Set by the live scheduler, never by modes.
    /// </summary>
    public long? Priority { get; init; }

    /// <summary>The engine's name for the model to run, when the client's request resolved to one; null: the engine's default.</summary>
    public string? Model { get; init; }
}
