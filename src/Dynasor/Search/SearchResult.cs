namespace Dynasor.Search;

/// <summary>What a reward-guided program (Rebase, MCTS, best-of-N, reward-weighted self-consistency) returns.</summary>
/// <param name="Program"><c>rebase</c>, <c>mcts</c>, <c>bon</c> or <c>wsc</c>.</param>
/// <param name="Answer">The chosen answer as the chosen path wrote it; null when no path answered.</param>
/// <param name="AnswerKey">Its equivalence key; null when no path answered.</param>
/// <param name="Text">The chosen path's full text: its steps joined by <see cref="Rewards.SolutionSteps.Separator"/> (a sample's
/// text for best-of-N); the first path's text when none answered; empty when there was no path.</param>
/// <param name="Knob">Knob units spent: Rebase solutions (width), MCTS iterations, or samples.</param>
/// <param name="Certaindex">The program's own certaindex at the end, in [0, 1] (Rebase: entropy; MCTS: mean reward;
/// best-of-N: max reward; reward-weighted SC: the answer's share of the reward).</param>
/// <param name="Reward">The chosen path's reward in [0, 1]; null when it has none (no path, or a path with no step).</param>
/// <param name="Steps">LLM requests made: step requests for a tree search, samples for best-of-N.</param>
/// <param name="Nodes">Tree nodes created, the root left out (0 for best-of-N, which has no tree).</param>
/// <param name="UpstreamTokens">Output tokens of the policy model over every request, counted per token.</param>
/// <param name="RewardTokens">Tokens the reward model read, over every reward call; never part of <paramref name="UpstreamTokens"/>.</param>
/// <param name="Votes">Answer (as first written) to the number of finished paths that gave it; abstentions are left out.</param>
/// <param name="FinishReason"><c>stop</c>, or <c>length</c> when the chosen path was cut (MaxDepth without a boxed answer, or a sample cut by its token limit).</param>
public sealed record SearchResult(
    string Program,
    string? Answer,
    string? AnswerKey,
    string Text,
    int Knob,
    double Certaindex,
    double? Reward,
    int Steps,
    int Nodes,
    long UpstreamTokens,
    long RewardTokens,
    IReadOnlyDictionary<string, int> Votes,
    string FinishReason)
{
    /// <summary>The engine's count of the conversation's prompt tokens (a root-level request's), or null when it reported none.</summary>
    public int? PromptTokens { get; init; }
}
