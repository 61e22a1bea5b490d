namespace Dynasor.Rewards;

/// <summary>One solution to score.</summary>
/// <param name="Question">The problem as the policy model was asked it (the last user turn).</param>
/// <param name="Steps">The solution's steps so far, in order, without separators (see <see cref="SolutionSteps"/>); at least one.</param>
/// <param name="System">The system prompt the policy model was given, when any (a PRM's template may include it).</param>
public sealed record RewardRequest(string Question, IReadOnlyList<string> Steps, string? System = null);
