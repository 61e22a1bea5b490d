namespace Dynasor.Search;

/// <summary>What one question cost under one setting of a reward-guided program, and whether its answer was right.</summary>
/// <param name="Correct">The program's answer graded against the gold answer.</param>
/// <param name="UpstreamTokens">Policy-model output tokens of every request.</param>
/// <param name="CompletionTokens">Output tokens of the text the client gets: the chosen path's steps, or the chosen sample.</param>
/// <param name="RewardTokens">Tokens the reward model read.</param>
/// <param name="Knob">Knob units spent: Rebase solutions, MCTS iterations, samples.</param>
/// <param name="Steps">LLM requests.</param>
internal readonly record struct SearchOutcome(bool Correct, long UpstreamTokens, long CompletionTokens, long RewardTokens, int Knob, int Steps);
