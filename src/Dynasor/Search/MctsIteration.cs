namespace Dynasor.Search;

/// <summary>One MCTS iteration as an evaluation recorded it, in search order.</summary>
/// <param name="Answer">The answer of the iteration's path as written ("" when it gave none).</param>
/// <param name="Key">Its equivalence key ("" when none).</param>
/// <param name="Tokens">Output tokens the iteration spent (0 when it revisited a finished path).</param>
/// <param name="Reward">The path's reward; null for a path with no step.</param>
/// <param name="Steps">Step requests the iteration made.</param>
/// <param name="RewardTokens">Tokens the reward model read during the iteration.</param>
/// <param name="PathTokens">Output tokens of the whole path's steps: what the client gets when this path is the answer.</param>
internal sealed record MctsIteration(string Answer, string Key, int Tokens, double? Reward, int Steps, long RewardTokens, long PathTokens)
{
    /// <summary>The answer graded against the gold answer; set by the evaluation.</summary>
    public bool Correct { get; init; }
}
