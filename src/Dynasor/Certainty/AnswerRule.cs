namespace Dynasor.Certainty;

/// <summary>How a multi-path program picks its answer from the answers of its finished paths (PAPER.md).</summary>
public enum AnswerRule
{
    /// <summary>Self-consistency: the answer most paths gave.</summary>
    Majority,

    /// <summary>Rebase and reward-weighted self-consistency: the answer whose paths' rewards sum highest.</summary>
    RewardWeighted,

    /// <summary>Best-of-N and MCTS: the answer of the single path with the highest reward.</summary>
    BestReward,
}
