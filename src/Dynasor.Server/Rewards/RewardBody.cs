using Dynasor.Rewards;

namespace Dynasor.Server.Rewards;

/// <summary>A reward request as the simulated engine's <c>/pooling</c> or <c>/classify</c> read it.</summary>
/// <param name="Model">The model the body names, or null.</param>
/// <param name="Request">The question, the steps to score and the system prompt.</param>
internal sealed record RewardBody(string? Model, RewardRequest Request);
