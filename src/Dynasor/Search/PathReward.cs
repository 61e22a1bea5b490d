using System.Globalization;
using Dynasor.Rewards;

namespace Dynasor.Search;

/// <summary>
/// A path's reward from its reward-model score: the last step's, as REBASE scores its nodes and as search-and-learn's
/// default <c>agg_strategy: last</c> does (huggingface/search-and-learn, after Snell et al. 2024).
/// </summary>
internal static class PathReward
{
    /// <summary>The last step's reward of a score for a path of <paramref name="steps"/> steps.</summary>
    /// <exception cref="RewardModelException">The score has no reward, or one outside [0, 1].</exception>
    public static double Of(RewardScore score, int steps)
    {
        var reward = score.Last;
        if (score.StepRewards.Count == 0 || !(reward is >= 0 and <= 1))
        {
            var given = score.StepRewards.Count == 0 ? "no reward" : reward.ToString(CultureInfo.InvariantCulture);
            throw new RewardModelException($"the reward model gave {given} for a {steps}-step solution; it must give one reward in [0, 1] per step");
        }
        return reward;
    }
}
