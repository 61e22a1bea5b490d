using Dynasor.Certainty;
using Dynasor.Programs;

namespace Dynasor.Policies;

/// <summary>
/// Several certaindex measures, each with its own threshold (PAPER.md): a program passes only when every enabled
/// measure reaches its threshold. A threshold of null disables that measure. Reward measures need rewards: a
/// program without any fails a reward threshold, so it keeps sampling rather than stopping on missing evidence.
/// </summary>
internal readonly record struct CertaindexGate(double? Entropy, double? MeanReward = null, double? MaxReward = null, double? RewardShare = null)
{
    public bool Passes(ProgramProgress progress)
    {
        if (Entropy is { } e && progress.Votes.Certaindex < e)
            return false;
        if (MeanReward is { } m && (progress.Rewards.IsEmpty || RewardCertaindex.Mean(progress.Rewards) < m))
            return false;
        if (MaxReward is { } x && (progress.Rewards.IsEmpty || RewardCertaindex.Max(progress.Rewards) < x))
            return false;
        if (RewardShare is { } w && (progress.Rewards.IsEmpty || progress.RewardVotes.WeightedShare < w))
            return false;
        return true;
    }
}
