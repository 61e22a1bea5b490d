namespace Dynasor.Engines;

/// <summary>One LLM request of a program.</summary>
/// <param name="Prompt">The program's prompt; for a trace-backed engine, the question id.</param>
/// <param name="Index">0-based index of this sample within its program; engines may use it to seed sampling.</param>
/// <param name="MaxTokens">Output-token limit, or null for the engine's default.</param>
public sealed record GenerationRequest(string Prompt, int Index, int? MaxTokens = null);
