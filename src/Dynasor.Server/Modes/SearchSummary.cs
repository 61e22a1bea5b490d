namespace Dynasor.Server.Modes;

/// <summary>What a reward-guided program (rebase, mcts, bon, wsc) did, beyond what every mode reports.</summary>
/// <param name="Reward">The chosen path's reward in [0, 1]; null when it has none (no path answered, or it has no step).</param>
/// <param name="Steps">LLM requests made: step requests for a tree search, samples for best-of-N.</param>
/// <param name="Nodes">Tree nodes created, the root left out (0 for best-of-N).</param>
/// <param name="Knob">What the knob counts: <c>width</c> (Rebase), <c>iterations</c> (MCTS) or <c>samples</c>.</param>
/// <param name="KnobSpent">Knob units the allocation policy granted and the program spent.</param>
/// <param name="KnobCap">The cap on them (the request's <c>width</c>, <c>iterations</c> or <c>max_samples</c>).</param>
/// <param name="RewardTokens">Tokens the reward model read, over every call; never part of the upstream tokens.</param>
public sealed record SearchSummary(double? Reward, int Steps, int Nodes, string Knob, int KnobSpent, int KnobCap, long RewardTokens);
