namespace Dynasor.Rewards;

/// <summary>What a reward model said about one solution.</summary>
/// <param name="StepRewards">One reward in [0, 1] per step of the request (an outcome model gives one for the whole text: the last step's).</param>
/// <param name="Tokens">Tokens the reward model read for this call (its prompt), counted apart from the policy model's.</param>
public sealed record RewardScore(IReadOnlyList<double> StepRewards, int Tokens)
{
    /// <summary>The reward of the last step: how good the solution is as it stands.</summary>
    public double Last => StepRewards.Count == 0 ? 0 : StepRewards[^1];

    /// <summary>The lowest step reward: a chain is as good as its weakest step (a common PRM aggregation).</summary>
    public double Min => StepRewards.Count == 0 ? 0 : StepRewards.Min();
}
