namespace Dynasor.Cot;

/// <summary>A whole Dynasor-CoT run as the client receives it.</summary>
/// <param name="Content">The chain's content text followed by the appended answer, if any.</param>
/// <param name="Reasoning">Text the engine returned in its separate reasoning field (empty when it has none).</param>
/// <param name="Summary">What happened.</param>
public sealed record CotResult(string Content, string Reasoning, CotSummary Summary);
