namespace Dynasor.SimEngine;

/// <summary>One step the simulated engine writes in solution mode.</summary>
/// <param name="Text">The step, without separators: lead sentences and a value sentence, or the final boxed answer.</param>
/// <param name="Tokens">Its length under the engine's tokenisation.</param>
/// <param name="Final">Whether it is the last step (it holds <c>\boxed{answer}</c>).</param>
/// <param name="OnTrack">Whether the path is on track after it (a final step on track states the gold answer).</param>
/// <param name="Answer">The boxed answer of a final step, else null.</param>
internal sealed record SolutionStep(string Text, int Tokens, bool Final, bool OnTrack, string? Answer);
