using Dynasor.Server.Scheduling;

namespace Dynasor.Server.Dialects;

/// <summary>
/// What Dynasor must know of the engine behind an upstream to talk to it faithfully: where it files reasoning, which
/// way its <c>priority</c> runs, whether it takes <c>n</c>, how it continues a partial assistant turn, and whether it
/// continues on token ids (exact: no text is re-tokenised at a chunk boundary). The facts and their sources are in
/// <see cref="DialectCatalog"/>; detected at start (<see cref="DialectDetector"/>), overridable per upstream.
/// </summary>
/// <param name="Name"><c>vllm</c>, <c>sglang</c>, <c>llamacpp</c>, <c>ollama</c> or <c>openai</c> (any other OpenAI-compatible server).</param>
/// <param name="ReasoningField">The chat field its reasoning parser fills: what a client of this engine reads.</param>
/// <param name="Priority">Which way its request <c>priority</c> runs; <see cref="PriorityOrder.None"/> when it has none.</param>
/// <param name="AcceptsN">Whether it answers <c>n</c> choices itself; else Dynasor fans a request out.</param>
/// <param name="Prefill">How its chat API continues a final assistant message.</param>
/// <param name="Tokens">Its token-id continuation route, or null when it has none (then continuation re-renders text).</param>
public sealed record EngineDialect(string Name, string ReasoningField, PriorityOrder Priority, bool AcceptsN, PrefillStyle Prefill, TokenRoute? Tokens)
{
    /// <summary>
    /// Whether the engine runs a reasoning parser (reasoning comes in <see cref="ReasoningField"/>, not as
    /// <c>&lt;think&gt;</c> in the content): what its server info says, or the config; null when unknown, and then
    /// learned from a chat answer.
    /// </summary>
    public bool? ReasoningParser { get; init; }
}
