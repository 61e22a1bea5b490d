namespace Dynasor.Search;

/// <summary>What one step request returned.</summary>
/// <param name="Text">The step, cut at the first separator (for an engine that ignored the stop sequence) and trimmed; empty when the model ended its turn.</param>
/// <param name="Tokens">Output tokens the request cost, counted per token.</param>
internal readonly record struct StepOutcome(string Text, int Tokens);
