namespace Dynasor.Server.Tests.EngineFakes.Templates;

/// <summary>A chat message as the templates see it; <see cref="ReasoningContent"/> is the partial or earlier
/// reasoning a client sends back (vLLM also accepts it as <c>reasoning</c>).</summary>
public sealed record ChatMessage(string Role, string? Content, string? ReasoningContent = null);
