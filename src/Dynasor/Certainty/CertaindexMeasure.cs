namespace Dynasor.Certainty;

/// <summary>Which certaindex a program reports as its own and a policy or scheduler reads by default (PAPER.md).</summary>
public enum CertaindexMeasure
{
    /// <summary>Answer entropy of the vote (self-consistency, Rebase).</summary>
    Entropy,

    /// <summary>Mean reward over paths (MCTS).</summary>
    MeanReward,

    /// <summary>Maximum reward over paths (Rebase, best-of-N).</summary>
    MaxReward,

    /// <summary>The chosen answer's share of the total reward of answering paths (reward-weighted self-consistency).</summary>
    RewardShare,
}
