namespace Dynasor.Server.Relay;

/// <summary>What one relayed response carried: the engine's own counts where it gave them.</summary>
/// <param name="CompletionTokens">The engine's <c>usage.completion_tokens</c>, else the text-carrying deltas counted.</param>
/// <param name="PromptTokens">The engine's <c>usage.prompt_tokens</c>, or null when it reported none.</param>
public readonly record struct RelayTotals(long CompletionTokens, long? PromptTokens);
